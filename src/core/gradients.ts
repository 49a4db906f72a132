// Loss and gradients of a whole network on one batch, in float64, in either gradient mode.
import type { GradMode } from './config';
import { evalLoss, type LossKind, readout } from './loss';
import type { NetSpec, Weights } from './params';
import { backwardAdjoint, backwardExact, embed, forward } from './reference';

export interface GradResult {
  loss: number;
  /** ŷ, [B][K]. */
  pred: Float64Array;
  /** ∂L/∂θ, [P][setSize]. */
  grad: Float64Array;
  gReadoutW: Float64Array;
  gReadoutB: Float64Array;
  /** Final states x_S [B][d]. */
  out: Float64Array;
  /** Forward states [S+1][B][d] (exact mode), or null (adjoint mode stores none). */
  states: Float64Array | null;
  /** States the backward pass used: the stored ones, or the reconstructed ones in adjoint mode. */
  backwardStates: Float64Array;
}

/** Raw inputs [B][inputDim] and targets [B][K] → loss and gradients. */
export function computeGradients(
  spec: NetSpec,
  w: Weights,
  x: Float64Array,
  y: Float64Array,
  B: number,
  loss: LossKind,
  mode: GradMode,
  progress?: (fraction: number) => void,
): GradResult {
  const x0 = embed(spec, w, x, B);
  // progress: the forward pass is the first half of the layer sweeps, the backward pass the second
  const S = spec.steps;
  const fwDone = progress && ((n: number) => progress(n / (2 * S)));
  const bwDone = progress && ((n: number) => progress((S + n) / (2 * S)));
  const fw = forward(spec, w.residual, x0, B, mode === 'exact', fwDone);
  const L = evalLoss(loss, spec, w, fw.out, y, B);
  const bw =
    mode === 'exact'
      ? backwardExact(spec, w.residual, fw.states!, L.gOut, B, bwDone)
      : backwardAdjoint(spec, w.residual, fw.out, L.gOut, B, bwDone);
  return {
    loss: L.loss,
    pred: L.pred,
    grad: bw.grad,
    gReadoutW: L.gReadoutW,
    gReadoutB: L.gReadoutB,
    out: fw.out,
    states: fw.states,
    backwardStates: bw.states,
  };
}

/** The network's prediction for raw inputs [B][inputDim]: ŷ [B][K]. */
export function predict(spec: NetSpec, w: Weights, x: Float64Array, B: number): Float64Array {
  const x0 = embed(spec, w, x, B);
  return readout(spec, w, forward(spec, w.residual, x0, B, false).out, B);
}
