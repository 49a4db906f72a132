// Weight gradients of one backward chunk (eq. 3 / eq. 7): for each parameter set n0 ..= n1 and each of its
// entries, the sum over the G workgroups' partial sums written by resnet.wgsl, in the order g = 0, 1, ...
// (deterministic: a link replays to bit-identical numbers). Slot n − n0 of a workgroup holds set n's sum over
// its samples; when the scheme reads θ_{n+1} (NEXT: Heun), slot n1 − n0 holds only the part of set n1 through
// step n1 − 1 (its other part was assigned by the chunk above, so it is added), and otherwise (Euler) set n1
// gets nothing from this chunk. The top chunk assigns θ_S as well (zero for Euler, whose net never uses it):
// every element of `grad` is written each step.

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
  if (top && chunk.first == 0u) {
    grad[n * SET + e] += acc;
  } else {
    grad[n * SET + e] = acc;
  }
}
