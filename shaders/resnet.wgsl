// Residual-stack kernels over a tile of 4·TB samples per workgroup: forward (eq. 1 / eq. 8), reverse
// reconstruction (eq. 6 / eq. 9) and the backward sweep (eq. 3, or eq. 7 on states rebuilt on the fly), each
// looping over a chunk of layers [n0, n1) inside one dispatch. Each invocation owns 4 samples as a register tile:
// every per-sample quantity is a vec4 (one component per sample), so each weight, loaded once and shared by all
// invocations (broadcast), feeds 4 multiply-adds. The sweeps need no barrier. The backward sweep also reduces the
// weight gradients as it goes: per layer, the tile writes its (cotangent, activation) vectors to workgroup
// memory and each invocation sums a slice of the gradient entries over the tile's samples in a fixed order, into
// this workgroup's slot of `partial` [G][slots][SET]; wreduce.wgsl then adds the G workgroups in a fixed order.
// Nothing of size N is kept, so the memory-free adjoint stores no activations at all (Sander et al. §4), and
// results are bit-reproducible.
//
// Hidden-split variants (H > 1, MLPs of large width M): H invocations share the same 4 samples and each owns
// MH = ⌈M/H⌉ hidden units, so the private hidden vectors shrink H-fold and a small batch still fills the GPU
// with TB·H invocations. Their partial sums over hidden units (f, and ∂x f ᵀ cot) are added through workgroup
// memory in a fixed order, so every invocation of a sample group holds the same total. H = 1: no barrier in
// the sweeps, as before.
//
// The module is assembled (src/engine/kernels.ts) from this body, the residual kind's snippet
// (src/residuals/<kind>.wgsl: f_eval, f_vjp, grad_accum, DM_COLS and the kind's privates) and the scheme's
// snippet (src/schemes/<scheme>.wgsl: step_forward, step_reverse, step_backward and the scheme's privates).
// A kind's snippet reads the state through vin, cot and the hidden parts (hp, reduce_parts), writes fo and gx,
// and adds its weight gradients to `partial`; a scheme's snippet drives them through x, g, vin, cot, fo and gx.

alias V4 = vec4<f32>;   // one component per sample of the invocation's 4

var<private> x: array<V4, D>;     // the samples' states
var<private> vin: array<V4, D>;   // input of the next evaluation of f
var<private> fo: array<V4, D>;    // f(vin)
var<private> cot: array<V4, D>;   // cotangent fed to the VJP
var<private> gx: array<V4, D>;    // ∂x f(vin)ᵀ cot
var<private> g: array<V4, D>;     // ∂L/∂x_n
var<private> hp: u32;             // which part of the hidden units this invocation owns (0 when H = 1)
var<private> lid: u32;            // local invocation index (0 … TB·H − 1)

// reduction tiles: [TB][D] and [TB][DM], 4 samples per element; RED = H·TB·D when H > 1 (else 1, unused)
var<workgroup> tile_a: array<V4, TB * D>;
var<workgroup> tile_b: array<V4, TB * DM>;
var<workgroup> red: array<V4, RED>;

// The invocation's sample group (its 4 samples' place in the tile); sets hp and lid.
fn enter(li: u32) -> u32 {
  lid = li;
  hp = li / TB;
  return li % TB;
}

// Hidden-split variants: v ← the sum over the H invocations of sample group tid of their partial v, added in
// the order h = 0 … H − 1 by every one of them (so all hold the same total). Call from uniform control flow.
fn reduce_parts(v: ptr<private, array<V4, D>>, tid: u32) {
  if (H > 1u) {
    for (var i = 0u; i < D; i++) { red[(hp * TB + tid) * D + i] = (*v)[i]; }
    workgroupBarrier();
    for (var i = 0u; i < D; i++) {
      var acc = V4();
      for (var h = 0u; h < H; h++) { acc += red[(h * TB + tid) * D + i]; }
      (*v)[i] = acc;
    }
    workgroupBarrier();
  }
}

fn act4(a: V4) -> V4 { return V4(act(a.x), act(a.y), act(a.z), act(a.w)); }
fn act_deriv4(a: V4) -> V4 { return V4(act_deriv(a.x), act_deriv(a.y), act_deriv(a.z), act_deriv(a.w)); }

// Blended parameter sets (MID: schemes with half-step stages, e.g. midpoint, RK4). θ_{n+½} = (θ_n + θ_{n+1})/2,
// the interpolating ODE's weights at depth (n + ½)/N, is stored as set mid_set(n) = S + 1 + n after the S + 1 sets
// of the net (shaders/midsets.wgsl refreshes them after every change of the weights), so a kind's f_eval reads
// it like any other set and its code stays the same. Its weight gradient goes to the partial sums' slot
// mid_slot(n) (slots chunk + 1 … 2·chunk of a chunk), which wreduce.wgsl folds ½ into θ_n and ½ into θ_{n+1}.
// Blending once per weight update instead of in every f_eval keeps the kinds' inner loops (and Euler/Heun's
// speed) untouched; the price is S parameter-sized sets, never activation memory.
fn mid_set(n: u32) -> u32 { return net.steps + 1u + n; }
fn mid_slot(n: u32) -> u32 { return chunk.slots / 2u + 1u + n - chunk.n0; }

// Depth s = n/N of parameter set ps: the neural ODE's time argument (eq. 2), read by residual kinds with a depth
// input; (n + ½)/N for the blended set mid_set(n). N is the configured depth (net.depth), not the step count:
// they differ by one with the 'code' convention, and the float64 s is n/N (explicit-rk.ts: (n + w)/N).
fn set_depth(ps: u32) -> f32 {
  if (MID && ps > net.steps) { return (f32(ps - net.steps - 1u) + 0.5) / f32(net.depth); }
  return f32(ps) / f32(net.depth);
}

fn set_vin_from_x() {
  for (var i = 0u; i < D; i++) { vin[i] = x[i]; }
}

// Sample of component c of this invocation's tile, and whether it is in the batch.
fn sample(wid: u32, tid: u32, c: u32) -> u32 { return (wid * TB + tid) * 4u + c; }

// x ← rows of `src` for the invocation's samples (row r of sample b at (r·B + b)·D; missing samples: 0).
fn load_x(which: u32, r: u32, wid: u32, tid: u32) {
  let B = net.batch;
  for (var c = 0u; c < 4u; c++) {
    let b = sample(wid, tid, c);
    for (var i = 0u; i < D; i++) {
      var v = 0.0;
      if (b < B) {
        switch which {
          case 0u: { v = x0data[batch_idx[b] * D + i]; }
          case 1u: { v = xcur[b * D + i]; }
          case 2u: { v = states[(r * B + b) * D + i]; }
          default: { v = gvec[b * D + i]; }
        }
      }
      if (which == 3u) { g[i][c] = v; } else { x[i][c] = v; }
    }
  }
}

// Rows of `dst` ← x (or g) for the invocation's samples in the batch.
fn store_x(which: u32, r: u32, wid: u32, tid: u32) {
  let B = net.batch;
  for (var c = 0u; c < 4u; c++) {
    let b = sample(wid, tid, c);
    if (b < B && hp == 0u) {
      for (var i = 0u; i < D; i++) {
        switch which {
          case 1u: { xcur[b * D + i] = x[i][c]; }
          case 2u: { states[(r * B + b) * D + i] = x[i][c]; }
          default: { gvec[b * D + i] = g[i][c]; }
        }
      }
    }
  }
}

// Forward over steps [n0, n1): x_0 gathered from the data when `first`, else resumed from xcur.
@compute @workgroup_size(TB * H)
fn forward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let tid = enter(li);
  let store = chunk.store == 1u;
  if (chunk.first == 1u) {
    load_x(0u, 0u, wid.x, tid);
    if (store) { store_x(2u, 0u, wid.x, tid); }
  } else {
    load_x(1u, 0u, wid.x, tid);
  }
  for (var n = chunk.n0; n < chunk.n1; n++) {
    step_forward(n, tid);
    if (store) { store_x(2u, n + 1u, wid.x, tid); }
  }
  store_x(1u, 0u, wid.x, tid);
}

// Reverse reconstruction over steps (n1 → n0], writing every x̃_n to `states` (diagnostics: eq. 6 / eq. 9).
@compute @workgroup_size(TB * H)
fn reverse_store(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let tid = enter(li);
  load_x(1u, 0u, wid.x, tid);
  if (chunk.first == 1u) { store_x(2u, net.steps, wid.x, tid); }
  for (var k = chunk.n1; k > chunk.n0; k--) {
    let n = k - 1u;
    step_reverse(n, tid);
    store_x(2u, n, wid.x, tid);
  }
  store_x(1u, 0u, wid.x, tid);
}

// Exact backward over steps (n1 → n0]: states read from the stored trajectory (eq. 3). Samples past the batch
// carry zeros, so they add nothing to the weight gradients (and keep the barriers in uniform control flow).
@compute @workgroup_size(TB * H)
fn backward_exact(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let tid = enter(li);
  load_x(3u, 0u, wid.x, tid);
  for (var k = chunk.n1; k > chunk.n0; k--) {
    let n = k - 1u;
    load_x(2u, n, wid.x, tid);
    step_backward(n, tid, wid.x);
  }
  store_x(3u, 0u, wid.x, tid);
}

// Memory-free backward over steps (n1 → n0]: each step first rebuilds x̃_n from x̃_{n+1} (eq. 6 / eq. 9), then
// backpropagates through it (eq. 7 and its Heun analogue). Only xcur and gvec [B][D] persist between chunks.
@compute @workgroup_size(TB * H)
fn backward_adjoint(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let tid = enter(li);
  load_x(3u, 0u, wid.x, tid);
  load_x(1u, 0u, wid.x, tid);
  // samples past the batch go back to 0 after every reverse step: run backwards through the net they could
  // overflow, and 0·Inf in the gradient sums would be NaN
  let live = vec4<bool>(
    sample(wid.x, tid, 0u) < net.batch,
    sample(wid.x, tid, 1u) < net.batch,
    sample(wid.x, tid, 2u) < net.batch,
    sample(wid.x, tid, 3u) < net.batch,
  );
  for (var k = chunk.n1; k > chunk.n0; k--) {
    let n = k - 1u;
    step_reverse(n, tid);
    for (var i = 0u; i < D; i++) { x[i] = select(V4(), x[i], live); }
    step_backward(n, tid, wid.x);
  }
  store_x(3u, 0u, wid.x, tid);
  store_x(1u, 0u, wid.x, tid);
}
