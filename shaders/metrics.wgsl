// Row-wise sums of squares for diagnostics, one workgroup per row r of length L:
//   out[2r] = Σ_i (a[offA + r·L + i] − b[offB + r·L + i])²      out[2r+1] = Σ_i b[offB + r·L + i]²
// Covers ‖x_n − x̃_n‖ (rows = layers), ‖g̃_n − g_n‖ and ‖g_n‖ (rows = parameter sets), ‖θ_{n+1} − θ_n‖
// (a = b = the weights, offA = one set further) and ‖θ_n‖. Tree reduction in a fixed order: deterministic.

// Bindings and the Rows uniform: src/engine/defs.ts METRICS.
const WG: u32 = 64u;

var<workgroup> sd: array<f32, WG>;
var<workgroup> sb: array<f32, WG>;

@compute @workgroup_size(WG)
fn rowdiff(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>,
           @builtin(local_invocation_index) tid: u32) {
  let r = wid.x + wid.y * nw.x;
  var accd = 0.0;
  var accb = 0.0;
  if (r < rows.rows) {
    let ba = rows.offA + r * rows.len;
    let bb = rows.offB + r * rows.len;
    for (var i = tid; i < rows.len; i += WG) {
      let e = a[ba + i] - b[bb + i];
      accd += e * e;
      accb += b[bb + i] * b[bb + i];
    }
  }
  sd[tid] = accd;
  sb[tid] = accb;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (tid < s) {
      sd[tid] += sd[tid + s];
      sb[tid] += sb[tid + s];
    }
    workgroupBarrier();
  }
  if (tid == 0u && r < rows.rows) {
    out[rows.outOff + 2u * r] = sd[0];
    out[rows.outOff + 2u * r + 1u] = sb[0];
  }
}
