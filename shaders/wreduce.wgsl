// Weight gradients of one backward chunk (eq. 3 / eq. 7): for each parameter set n0 ..= n1 and each of its
// entries, the sum over the G workgroups' partial sums written by resnet.wgsl, in the order g = 0, 1, ...
// (deterministic: a link replays to bit-identical numbers). Slot n − n0 of a workgroup holds set n's sum over
// its samples; when the scheme reads θ_{n+1} (NEXT: Heun), slot n1 − n0 holds only the part of set n1 through
// step n1 − 1 (its other part was assigned by the chunk above, so it is added), and otherwise (Euler) set n1
// gets nothing from this chunk. The top chunk assigns θ_S as well (zero for Euler, whose net never uses it):
// every element of `grad` is written each step. With blended sets (MID: midpoint, RK4), step n's slot
// mid_slot(n) = slots/2 + 1 + n − n0 holds the gradient of θ_{n+½} = (θ_n + θ_{n+1})/2: set n gets ½ of steps
// n's and n − 1's (in that order, after its own slot), the latter only for n > n0 (set n0's comes from the chunk
// below, which adds it as its top set).

// Σ_w partial[w][slot][e], in the order w = 0, 1, ...
fn groups_sum(slot: u32, e: u32) -> f32 {
  var acc = 0.0;
  for (var w = 0u; w < chunk.groups; w++) { acc += partial[(w * chunk.slots + slot) * SET + e]; }
  return acc;
}

@compute @workgroup_size(64)
fn wreduce(@builtin(global_invocation_id) gid: vec3<u32>) {
  let e = gid.x;
  if (e >= SET) { return; }
  let r = gid.y;               // set n0 + r
  let n = chunk.n0 + r;
  if (n > chunk.n1) { return; }
  let top = n == chunk.n1;
  var acc = 0.0;
  if (!top || NEXT) {
    for (var w = 0u; w < chunk.groups; w++) { acc += partial[(w * chunk.slots + r) * SET + e]; }
  }
  if (MID) {
    let half = chunk.slots / 2u;
    if (!top) { acc += 0.5 * groups_sum(half + 1u + r, e); }
    if (r > 0u) { acc += 0.5 * groups_sum(half + r, e); }
  }
  if (top && chunk.first == 0u) {
    grad[n * SET + e] += acc;
  } else {
    grad[n * SET + e] = acc;
  }
}
