// Read-out ŷ = R x_S + r and the losses, with their gradients, in float64.
//   mse:  L = 1/(B·K) Σ_b Σ_k (ŷ_bk − y_bk)²           (for 'matrix' this is mean((Π − B)²), Fig. 2)
//   xent: L = 1/B Σ_b [logsumexp(ŷ_b) − Σ_k y_bk ŷ_bk]  (y one-hot)
import type { NetSpec, Weights } from './params';

export type LossKind = 'mse' | 'xent';

export interface LossResult {
  loss: number;
  /** ŷ, [B][K]. */
  pred: Float64Array;
  /** ∂L/∂x_S, [B][d]. */
  gOut: Float64Array;
  /** ∂L/∂R [K][d] and ∂L/∂r [K]. */
  gReadoutW: Float64Array;
  gReadoutB: Float64Array;
}

export function readout(
  spec: NetSpec,
  w: Pick<Weights, 'readoutW' | 'readoutB'>,
  xS: Float64Array,
  B: number,
): Float64Array {
  const { d, outputDim: K } = spec;
  const pred = new Float64Array(B * K);
  for (let b = 0; b < B; b++)
    for (let k = 0; k < K; k++) {
      let s = w.readoutB[k];
      for (let i = 0; i < d; i++) s += w.readoutW[k * d + i] * xS[b * d + i];
      pred[b * K + k] = s;
    }
  return pred;
}

/** Loss value and ∂L/∂ŷ for predictions [B][K] against targets [B][K]. */
export function lossAndGrad(
  kind: LossKind,
  pred: Float64Array,
  y: Float64Array,
  B: number,
  K: number,
): { loss: number; gPred: Float64Array } {
  const gPred = new Float64Array(B * K);
  let loss = 0;
  if (kind === 'mse') {
    const scale = 1 / (B * K);
    for (let i = 0; i < B * K; i++) {
      const e = pred[i] - y[i];
      loss += e * e;
      gPred[i] = 2 * scale * e;
    }
    return { loss: loss * scale, gPred };
  }
  for (let b = 0; b < B; b++) {
    let mx = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < K; k++) mx = Math.max(mx, pred[b * K + k]);
    let se = 0;
    for (let k = 0; k < K; k++) se += Math.exp(pred[b * K + k] - mx);
    const lse = mx + Math.log(se);
    let ysum = 0;
    for (let k = 0; k < K; k++) {
      loss += y[b * K + k] * (lse - pred[b * K + k]);
      ysum += y[b * K + k];
    }
    for (let k = 0; k < K; k++)
      gPred[b * K + k] = (ysum * Math.exp(pred[b * K + k] - lse) - y[b * K + k]) / B;
  }
  return { loss: loss / B, gPred };
}

/** Read-out, loss and the gradients flowing back into x_S and the read-out weights. */
export function evalLoss(
  kind: LossKind,
  spec: NetSpec,
  w: Weights,
  xS: Float64Array,
  y: Float64Array,
  B: number,
): LossResult {
  const { d, outputDim: K } = spec;
  const pred = readout(spec, w, xS, B);
  const { loss, gPred } = lossAndGrad(kind, pred, y, B, K);
  const gOut = new Float64Array(B * d);
  const gReadoutW = new Float64Array(K * d);
  const gReadoutB = new Float64Array(K);
  for (let b = 0; b < B; b++)
    for (let k = 0; k < K; k++) {
      const gk = gPred[b * K + k];
      gReadoutB[k] += gk;
      for (let i = 0; i < d; i++) {
        gReadoutW[k * d + i] += gk * xS[b * d + i];
        gOut[b * d + i] += w.readoutW[k * d + i] * gk;
      }
    }
  return { loss, pred, gOut, gReadoutW, gReadoutB };
}

/** Fraction of samples whose arg-max prediction equals the label. */
export function accuracy(pred: Float64Array, labels: Int32Array, B: number, K: number): number {
  let hits = 0;
  for (let b = 0; b < B; b++) {
    let best = 0;
    for (let k = 1; k < K; k++) if (pred[b * K + k] > pred[b * K + best]) best = k;
    if (best === labels[b]) hits++;
  }
  return B > 0 ? hits / B : 0;
}
