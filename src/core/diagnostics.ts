// Diagnostics of a network on a batch, in float64 (the GPU engine computes the same quantities on the GPU):
// how well the reverse scheme rebuilds the states, how wrong the memory-free adjoint gradient is, and how
// smooth the weights are in depth.

import { computeGradients } from './gradients';
import type { LossKind } from './loss';
import { perLayerDistance, relativeGradError, weightIncrements, weightNorms } from './metrics';
import type { NetSpec, Weights } from './params';
import { embed, forward, reconstruct } from './reference';

export interface Diagnostics {
  /** ‖x_n − x̃_n‖ per layer n = 0..S (root mean square over the batch). */
  reconError: Float64Array;
  /** ‖g̃ − g‖/‖g‖ over all residual parameters (adjoint vs exact). */
  gradErrorGlobal: number;
  /** Per parameter set (NaN where the exact gradient is zero, e.g. Euler's θ_S). */
  gradErrorPerLayer: Float64Array;
  /** ‖θ_{n+1} − θ_n‖ between the sets the network uses. */
  increments: Float64Array;
  /** ‖θ_n‖ per set. */
  norms: Float64Array;
  /** Loss on the batch. */
  loss: number;
}

/** Diagnostics on raw inputs x [B][inputDim] with targets y [B][K]. */
export function computeDiagnostics(
  spec: NetSpec,
  w: Weights,
  x: Float64Array,
  y: Float64Array,
  B: number,
  loss: LossKind,
): Diagnostics {
  const ex = computeGradients(spec, w, x, y, B, loss, 'exact');
  const ad = computeGradients(spec, w, x, y, B, loss, 'adjoint');
  const states = ex.states ?? forward(spec, w.residual, embed(spec, w, x, B), B, true).states!;
  const rec = reconstruct(spec, w.residual, states.subarray(spec.steps * B * spec.d), B);
  const ge = relativeGradError(spec, ex.grad, ad.grad);
  return {
    reconError: perLayerDistance(states, rec, B, spec.d),
    gradErrorGlobal: ge.global,
    gradErrorPerLayer: ge.perLayer,
    increments: weightIncrements(spec, w.residual),
    norms: weightNorms(spec, w.residual),
    loss: ex.loss,
  };
}
