// Linear residual f(x, θ) = θ x + b (src/residuals/linear.ts), the kind's part of shaders/resnet.wgsl.
// Parameter set n (floats at n*SET): θ [D][D] row-major, then b [D] if BIAS (at OFF_B = D·D), then, with
// DEPTH_IN (linear-s, src/residuals/depth-input.ts: f(x, s, θ) = θ x + s·u + b), u [D] at OFF_U.

var<private> depth_s: f32;        // depth s of the last f_eval (DEPTH_IN), for grad_accum's ∂u

// fo = f(vin, θ_ps). Loops over D are innermost (and unrolled for small D, contract.ts).
fn f_eval(ps: u32, tid: u32) {
  let base = ps * SET;
  depth_s = set_depth(ps);
  for (var i = 0u; i < D; i++) {
    var acc = V4();
    if (BIAS) { acc = V4(params[base + OFF_B + i]); }
    let row = base + i * D;
    for (var j = 0u; j < D; j++) { acc += params[row + j] * vin[j]; }
    if (DEPTH_IN) { acc += V4(depth_s * params[base + OFF_U + i]); }
    fo[i] = acc;
  }
}

// gx = ∂x f(vin, θ_ps)ᵀ cot.
fn f_vjp(ps: u32, tid: u32) {
  let base = ps * SET;
  for (var k = 0u; k < D; k++) { gx[k] = V4(); }
  for (var i = 0u; i < D; i++) {
    let row = base + i * D;
    let ci = cot[i];
    for (var k = 0u; k < D; k++) { gx[k] += params[row + k] * ci; }
  }
}

// ∂L/∂θ of the last VJP summed over the tile (eq. 3 / eq. 7): ∂θ[i][j] = Σ_s cot_i vin_j, ∂b_i = Σ_s cot_i,
// ∂u_i = s Σ_s cot_i (DEPTH_IN),
// into this workgroup's partial sums of slot `slot`, assigned, or added to what this sweep wrote there before
// (a set shared by two steps). Invocation lid owns entries lid, lid + TB·H, ...: the same ones at every layer,
// so the read-modify-write needs no barrier. Inactive lanes (past the batch) carry zero cotangents. Call from
// uniform control flow.
fn grad_accum(slot: u32, add: bool, tid: u32, wg: u32) {
  let out = (wg * chunk.slots + slot) * SET;
  let stride = TB * H;
  if (hp == 0u) {
    for (var i = 0u; i < D; i++) { tile_a[tid * D + i] = cot[i]; }
  }
  for (var j = 0u; j < D; j++) { tile_b[tid * DM + j] = vin[j]; }
  workgroupBarrier();
  let e1 = OFF_B;
  for (var e = lid; e < e1; e += stride) {
    let i = e / DM_COLS();
    let j = e % DM_COLS();
    var acc = 0.0;
    for (var s = 0u; s < TB; s++) { acc += dot(tile_a[s * D + i], tile_b[s * DM + j]); }
    partial[out + e] = select(acc, partial[out + e] + acc, add);
  }
  if (BIAS) {
    for (var i = lid; i < D; i += stride) {
      var acc = 0.0;
      for (var s = 0u; s < TB; s++) { acc += dot(tile_a[s * D + i], V4(1.0)); }
      partial[out + OFF_B + i] = select(acc, partial[out + OFF_B + i] + acc, add);
    }
  }
  if (DEPTH_IN) {
    for (var i = lid; i < D; i += stride) {
      var acc = 0.0;
      for (var s = 0u; s < TB; s++) { acc += dot(tile_a[s * D + i], V4(1.0)); }
      acc *= depth_s;
      partial[out + OFF_U + i] = select(acc, partial[out + OFF_U + i] + acc, add);
    }
  }
  workgroupBarrier();
}

// Columns of the product: D for θ.
fn DM_COLS() -> u32 { return D; }
