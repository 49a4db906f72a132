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
// Parameter set n (floats at n*SET): linear  θ [D][D] row-major, then b [D] if BIAS    f(x) = θ x + b
//                                    mlp     W [M][D], then b [M] if BIAS, V [D][M]   f(h) = V σ(c W h + b)

alias V4 = vec4<f32>;   // one component per sample of the invocation's 4

var<private> x: array<V4, D>;     // the samples' states
var<private> vin: array<V4, D>;   // input of the next evaluation of f
var<private> fo: array<V4, D>;    // f(vin)
var<private> f1: array<V4, D>;    // first Heun evaluation
var<private> cot: array<V4, D>;   // cotangent fed to the VJP
var<private> gx: array<V4, D>;    // ∂x f(vin)ᵀ cot
var<private> gy: array<V4, D>;    // Heun: ∂L/∂y
var<private> g: array<V4, D>;     // ∂L/∂x_n
var<private> z: array<V4, MH>;    // σ(a) at vin, for this invocation's hidden units hp·MH + jj
var<private> sp: array<V4, MH>;   // σ'(a) at vin
var<private> ga: array<V4, MH>;   // σ'(a) ⊙ Vᵀ cot
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

// fo = f(vin, θ_ps); MLPs also leave z = σ(a) and sp = σ'(a). Loops over D are innermost (and unrolled for
// small D, contract.ts): the vectors of length D stay in registers; one hidden unit j at a time.
fn f_eval(ps: u32, tid: u32) {
  let base = ps * SET;
  if (MLP) {
    for (var i = 0u; i < D; i++) { fo[i] = V4(); }
    for (var jj = 0u; jj < MH; jj++) {
      let j = hp * MH + jj;
      if (j >= M) { break; }
      let row = base + j * D;
      var acc = V4();
      for (var k = 0u; k < D; k++) { acc += params[row + k] * vin[k]; }
      var a = net.c * acc;
      if (BIAS) { a += params[base + OFF_B + j]; }
      let zj = act4(a);
      z[jj] = zj;
      sp[jj] = act_deriv4(a);
      let col = base + OFF_V + j;
      for (var i = 0u; i < D; i++) { fo[i] += params[col + i * M] * zj; }
    }
    reduce_parts(&fo, tid);
  } else {
    for (var i = 0u; i < D; i++) {
      var acc = V4();
      if (BIAS) { acc = V4(params[base + OFF_B + i]); }
      let row = base + i * D;
      for (var j = 0u; j < D; j++) { acc += params[row + j] * vin[j]; }
      fo[i] = acc;
    }
  }
}

// gx = ∂x f(vin, θ_ps)ᵀ cot at the point of the last f_eval; MLPs also leave ga = σ'(a) ⊙ Vᵀ cot.
fn f_vjp(ps: u32, tid: u32) {
  let base = ps * SET;
  for (var k = 0u; k < D; k++) { gx[k] = V4(); }
  if (MLP) {
    for (var jj = 0u; jj < MH; jj++) {
      let j = hp * MH + jj;
      if (j >= M) { break; }
      let col = base + OFF_V + j;
      var acc = V4();
      for (var i = 0u; i < D; i++) { acc += params[col + i * M] * cot[i]; }
      let gaj = sp[jj] * acc;
      ga[jj] = gaj;
      let cg = net.c * gaj;
      let row = base + j * D;
      for (var k = 0u; k < D; k++) { gx[k] += params[row + k] * cg; }
    }
    reduce_parts(&gx, tid);
  } else {
    for (var i = 0u; i < D; i++) {
      let row = base + i * D;
      let ci = cot[i];
      for (var k = 0u; k < D; k++) { gx[k] += params[row + k] * ci; }
    }
  }
}

// ∂L/∂θ of the last VJP summed over the tile (eq. 3 / eq. 7):
//   mlp:    ∂V[i][j] = Σ_s cot_i z_j    ∂W[j][k] = c Σ_s ga_j vin_k    ∂b_j = Σ_s ga_j
//   linear: ∂θ[i][j] = Σ_s cot_i vin_j  ∂b_i = Σ_s cot_i
// into this workgroup's partial sums of slot `slot`, assigned, or added to what this sweep wrote there before
// (Heun's set shared by two steps). Invocation lid owns entries lid, lid + TB·H, ...: the same ones at every
// layer, so the read-modify-write needs no barrier. Inactive lanes (past the batch) carry zero cotangents. Call
// from uniform control flow.
fn grad_accum(slot: u32, add: bool, tid: u32, wg: u32) {
  let out = (wg * chunk.slots + slot) * SET;
  let stride = TB * H;
  // phase 1: cotangents and (MLP) activations, or (linear) inputs; vectors of length D are the same in the H
  // invocations of a sample group: part 0 writes them
  if (hp == 0u) {
    for (var i = 0u; i < D; i++) { tile_a[tid * D + i] = cot[i]; }
  }
  if (MLP) {
    for (var jj = 0u; jj < MH; jj++) {
      let j = hp * MH + jj;
      if (j < M) { tile_b[tid * DM + j] = z[jj]; }
    }
  } else {
    for (var j = 0u; j < D; j++) { tile_b[tid * DM + j] = vin[j]; }
  }
  workgroupBarrier();
  var e0 = 0u;          // first entry of this phase
  var e1 = OFF_B;       // linear: θ, then b
  if (MLP) { e0 = OFF_V; e1 = OFF_V + D * M; }
  for (var e = e0 + lid; e < e1; e += stride) {
    let r = e - e0;
    let i = r / DM_COLS();
    let j = r % DM_COLS();
    var acc = 0.0;
    for (var s = 0u; s < TB; s++) { acc += dot(tile_a[s * D + i], tile_b[s * DM + j]); }
    partial[out + e] = select(acc, partial[out + e] + acc, add);
  }
  if (!MLP && BIAS) {
    for (var i = lid; i < D; i += stride) {
      var acc = 0.0;
      for (var s = 0u; s < TB; s++) { acc += dot(tile_a[s * D + i], V4(1.0)); }
      partial[out + OFF_B + i] = select(acc, partial[out + OFF_B + i] + acc, add);
    }
  }
  workgroupBarrier();
  if (MLP) {
    // phase 2: inputs and ga
    if (hp == 0u) {
      for (var k = 0u; k < D; k++) { tile_a[tid * D + k] = vin[k]; }
    }
    for (var jj = 0u; jj < MH; jj++) {
      let j = hp * MH + jj;
      if (j < M) { tile_b[tid * DM + j] = ga[jj]; }
    }
    workgroupBarrier();
    for (var e = lid; e < M * D; e += stride) {
      let j = e / D;
      let k = e % D;
      var acc = 0.0;
      for (var s = 0u; s < TB; s++) { acc += dot(tile_b[s * DM + j], tile_a[s * D + k]); }
      acc *= net.c;
      partial[out + e] = select(acc, partial[out + e] + acc, add);
    }
    if (BIAS) {
      for (var j = lid; j < M; j += stride) {
        var acc = 0.0;
        for (var s = 0u; s < TB; s++) { acc += dot(tile_b[s * DM + j], V4(1.0)); }
        partial[out + OFF_B + j] = select(acc, partial[out + OFF_B + j] + acc, add);
      }
    }
    workgroupBarrier();
  }
}

// Columns of the phase-1 product: M for V (MLP), D for θ (linear).
fn DM_COLS() -> u32 { return select(D, M, MLP); }

fn set_vin_from_x() {
  for (var i = 0u; i < D; i++) { vin[i] = x[i]; }
}

// x ← x_{n+1} from x_n: eq. (1) or eq. (8).
fn step_forward(n: u32, tid: u32) {
  let h = net.h;
  set_vin_from_x();
  f_eval(n, tid);
  if (HEUN) {
    for (var i = 0u; i < D; i++) {
      f1[i] = fo[i];
      vin[i] = x[i] + h * fo[i];
    }
    f_eval(n + 1u, tid);
    for (var i = 0u; i < D; i++) { x[i] += 0.5 * h * (f1[i] + fo[i]); }
  } else {
    for (var i = 0u; i < D; i++) { x[i] += h * fo[i]; }
  }
}

// x ← x̃_n from x̃_{n+1}: eq. (6) x̃_n = x̃_{n+1} − h f(x̃_{n+1}, θ_n), or eq. (9) reverse Heun.
fn step_reverse(n: u32, tid: u32) {
  let h = net.h;
  set_vin_from_x();
  if (HEUN) {
    f_eval(n + 1u, tid);
    for (var i = 0u; i < D; i++) {
      f1[i] = fo[i];
      vin[i] = x[i] - h * fo[i];
    }
    f_eval(n, tid);
    for (var i = 0u; i < D; i++) { x[i] -= 0.5 * h * (f1[i] + fo[i]); }
  } else {
    f_eval(n, tid);
    for (var i = 0u; i < D; i++) { x[i] -= h * fo[i]; }
  }
}

// Backprop through step n at state x = x_n: g ← ∂L/∂x_n from g = ∂L/∂x_{n+1}, adding ∂L/∂θ_n (and, for Heun,
// the part of ∂L/∂θ_{n+1} through f(y_n, θ_{n+1})) to the tile's partial sums.
fn step_backward(n: u32, tid: u32, wg: u32) {
  let h = net.h;
  let slot = n - chunk.n0;
  if (HEUN) {
    // y_n = x_n + h f(x_n, θ_n)
    set_vin_from_x();
    f_eval(n, tid);
    for (var i = 0u; i < D; i++) {
      vin[i] = x[i] + h * fo[i];
      cot[i] = 0.5 * h * g[i];
    }
    // through f(y_n, θ_{n+1}) with cotangent h/2 g; set n+1 was assigned by step n+1 unless it tops the chunk
    f_eval(n + 1u, tid);
    f_vjp(n + 1u, tid);
    grad_accum(slot + 1u, n + 1u < chunk.n1, tid, wg);
    // through f(x_n, θ_n) with cotangent h/2 g + h gy, where gy = ∂L/∂y_n = gx
    for (var i = 0u; i < D; i++) {
      gy[i] = gx[i];
      cot[i] = 0.5 * h * g[i] + h * gx[i];
      vin[i] = x[i];
    }
    f_eval(n, tid);
    f_vjp(n, tid);
    grad_accum(slot, false, tid, wg);
    for (var i = 0u; i < D; i++) { g[i] += gy[i] + gx[i]; }
  } else {
    for (var i = 0u; i < D; i++) {
      vin[i] = x[i];
      cot[i] = h * g[i];
    }
    f_eval(n, tid);
    f_vjp(n, tid);
    grad_accum(slot, false, tid, wg);
    for (var i = 0u; i < D; i++) { g[i] += gx[i]; }
  }
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
