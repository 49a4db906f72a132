// Read-out ŷ = R x_S + r, the loss and its gradients (mirrors src/core/loss.ts):
//   mse:  L = 1/(B·K) Σ_b Σ_k (ŷ_bk − y_bk)²        xent: L = 1/B Σ_b [logsumexp(ŷ_b) − Σ_k y_bk ŷ_bk]
// loss_fwd: one invocation per sample; writes ∂L/∂ŷ, ∂L/∂x_S (into gvec), the sample's loss term and whether
// its arg-max matches the target's. loss_reduce: sums over the batch in a fixed order (deterministic):
// the read-out gradient, the loss and the hit count; and the divergence reports of the record (defs LOSS_RECORD):
// the largest |x_S| of the batch, and the weight-bound flag cleared for the optimizer of this step to set.

// Bindings (src/engine/defs.ts LOSS): xcur x_S [B][D]; readout R [K][D] then r [K]; targets y of the whole data
// set [n][K]; batch_idx [B]; dpred ∂L/∂ŷ [B][K], then per sample [B][3] (loss term, hit, max |x_S|); gvec ∂L/∂x_S [B][D]; rgrad ∂L/∂R
// [K][D] then ∂L/∂r [K]; out [.., loss, hits, max |x_S|, weight flag, ..] at dest.slot.

fn pred(b: u32, k: u32) -> f32 {
  var acc = readout[K * D + k];
  for (var i = 0u; i < D; i++) { acc += readout[k * D + i] * xcur[b * D + i]; }
  return acc;
}

@compute @workgroup_size(64)
fn loss_fwd(@builtin(global_invocation_id) gid: vec3<u32>) {
  let b = gid.x;
  let B = net.batch;
  if (b >= B) { return; }
  let row = batch_idx[b];
  var lb = 0.0;
  var best = 0u;
  var bestp = pred(b, 0u);
  var tbest = 0u;
  for (var k = 1u; k < K; k++) {
    let p = pred(b, k);
    if (p > bestp) { bestp = p; best = k; }
    if (targets[row * K + k] > targets[row * K + tbest]) { tbest = k; }
  }
  if (XENT) {
    var se = 0.0;
    for (var k = 0u; k < K; k++) { se += exp(pred(b, k) - bestp); }
    let lse = bestp + log(se);
    var ysum = 0.0;
    for (var k = 0u; k < K; k++) {
      let y = targets[row * K + k];
      lb += y * (lse - pred(b, k));
      ysum += y;
    }
    for (var k = 0u; k < K; k++) {
      let y = targets[row * K + k];
      dpred[b * K + k] = (ysum * exp(pred(b, k) - lse) - y) / f32(B);
    }
    lb /= f32(B);
  } else {
    let scale = 1.0 / f32(B * K);
    for (var k = 0u; k < K; k++) {
      let e = pred(b, k) - targets[row * K + k];
      lb += e * e;
      dpred[b * K + k] = 2.0 * scale * e;
    }
    lb *= scale;
  }
  var big = 0.0;
  for (var i = 0u; i < D; i++) {
    var acc = 0.0;
    for (var k = 0u; k < K; k++) { acc += readout[k * D + i] * dpred[b * K + k]; }
    gvec[b * D + i] = acc;
    big = max(big, abs(xcur[b * D + i]));
  }
  dpred[B * K + 3u * b] = lb;
  dpred[B * K + 3u * b + 1u] = select(0.0, 1.0, best == tbest);
  dpred[B * K + 3u * b + 2u] = big;
}

@compute @workgroup_size(64)
fn loss_reduce(@builtin(global_invocation_id) gid: vec3<u32>) {
  let e = gid.x;
  let B = net.batch;
  if (e < K * D) {
    let k = e / D;
    let i = e % D;
    var acc = 0.0;
    for (var b = 0u; b < B; b++) { acc += dpred[b * K + k] * xcur[b * D + i]; }
    rgrad[e] = acc;
  } else if (e < K * D + K) {
    let k = e - K * D;
    var acc = 0.0;
    for (var b = 0u; b < B; b++) { acc += dpred[b * K + k]; }
    rgrad[e] = acc;
  } else if (e < K * D + K + 2u) {
    let which = e - K * D - K;   // 0: loss, 1: hits
    var acc = 0.0;
    for (var b = 0u; b < B; b++) { acc += dpred[B * K + 3u * b + which]; }
    out[dest.slot + which] = acc;
  } else if (e == K * D + K + 2u) {
    var big = 0.0;
    for (var b = 0u; b < B; b++) { big = max(big, dpred[B * K + 3u * b + 2u]); }
    out[dest.slot + 2u] = big;
  } else if (e == K * D + K + 3u) {
    out[dest.slot + 3u] = 0.0;
  }
}
