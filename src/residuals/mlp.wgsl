// MLP residual f(h) = V σ(c W h + b) (src/residuals/mlp.ts), the kind's part of shaders/resnet.wgsl.
// Parameter set n (floats at n*SET): W [M][D], then b [M] if BIAS (at OFF_B), V [D][M] (at OFF_V), then, with
// DEPTH_IN (mlp-s, src/residuals/depth-input.ts: f(h, s) = V σ(c (W h + s·u) + b)), u [M] at OFF_U.
// Hidden-split variants (H > 1): this invocation owns hidden units hp·MH + jj, and the partial sums over hidden
// units are added with reduce_parts.

var<private> z: array<V4, MH>;    // σ(a) at vin, for this invocation's hidden units hp·MH + jj
var<private> sp: array<V4, MH>;   // σ'(a) at vin
var<private> ga: array<V4, MH>;   // σ'(a) ⊙ Vᵀ cot
var<private> depth_s: f32;        // depth s of the last f_eval (DEPTH_IN), for grad_accum's ∂u

// fo = f(vin, θ_ps); also leaves z = σ(a) and sp = σ'(a). Loops over D are innermost (and unrolled for small D,
// contract.ts): the vectors of length D stay in registers; one hidden unit j at a time.
fn f_eval(ps: u32, tid: u32) {
  let base = ps * SET;
  depth_s = set_depth(ps);
  for (var i = 0u; i < D; i++) { fo[i] = V4(); }
  for (var jj = 0u; jj < MH; jj++) {
    let j = hp * MH + jj;
    if (j >= M) { break; }
    let row = base + j * D;
    var acc = V4();
    for (var k = 0u; k < D; k++) { acc += params[row + k] * vin[k]; }
    if (DEPTH_IN) { acc += V4(depth_s * params[base + OFF_U + j]); }
    var a = net.c * acc;
    if (BIAS) { a += params[base + OFF_B + j]; }
    let zj = act4(a);
    z[jj] = zj;
    sp[jj] = act_deriv4(a);
    let col = base + OFF_V + j;
    for (var i = 0u; i < D; i++) { fo[i] += params[col + i * M] * zj; }
  }
  reduce_parts(&fo, tid);
}

// gx = ∂x f(vin, θ_ps)ᵀ cot at the point of the last f_eval; also leaves ga = σ'(a) ⊙ Vᵀ cot.
fn f_vjp(ps: u32, tid: u32) {
  let base = ps * SET;
  for (var k = 0u; k < D; k++) { gx[k] = V4(); }
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
}

// ∂L/∂θ of the last VJP summed over the tile (eq. 3 / eq. 7):
//   ∂V[i][j] = Σ_s cot_i z_j    ∂W[j][k] = c Σ_s ga_j vin_k    ∂b_j = Σ_s ga_j    ∂u_j = c s Σ_s ga_j (DEPTH_IN)
// into this workgroup's partial sums of slot `slot`, assigned, or added to what this sweep wrote there before
// (a set shared by two steps). Invocation lid owns entries lid, lid + TB·H, ...: the same ones at every layer,
// so the read-modify-write needs no barrier. Inactive lanes (past the batch) carry zero cotangents. Call from
// uniform control flow.
fn grad_accum(slot: u32, add: bool, tid: u32, wg: u32) {
  let out = (wg * chunk.slots + slot) * SET;
  let stride = TB * H;
  // phase 1: cotangents and activations; vectors of length D are the same in the H invocations of a sample
  // group: part 0 writes them
  if (hp == 0u) {
    for (var i = 0u; i < D; i++) { tile_a[tid * D + i] = cot[i]; }
  }
  for (var jj = 0u; jj < MH; jj++) {
    let j = hp * MH + jj;
    if (j < M) { tile_b[tid * DM + j] = z[jj]; }
  }
  workgroupBarrier();
  let e0 = OFF_V;
  let e1 = OFF_V + D * M;
  for (var e = e0 + lid; e < e1; e += stride) {
    let r = e - e0;
    let i = r / DM_COLS();
    let j = r % DM_COLS();
    var acc = 0.0;
    for (var s = 0u; s < TB; s++) { acc += dot(tile_a[s * D + i], tile_b[s * DM + j]); }
    partial[out + e] = select(acc, partial[out + e] + acc, add);
  }
  workgroupBarrier();
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
  if (DEPTH_IN) {
    for (var j = lid; j < M; j += stride) {
      var acc = 0.0;
      for (var s = 0u; s < TB; s++) { acc += dot(tile_b[s * DM + j], V4(1.0)); }
      acc *= net.c * depth_s;
      partial[out + OFF_U + j] = select(acc, partial[out + OFF_U + j] + acc, add);
    }
  }
  workgroupBarrier();
}

// Columns of the phase-1 product: M for V.
fn DM_COLS() -> u32 { return M; }
