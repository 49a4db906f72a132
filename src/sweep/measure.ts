// Measuring helpers the metrics share: the fixed batch every point is measured on, the network's output on it,
// norms and distances, the interpolated-ODE distance, and the round-off floors of each precision.
import { readout } from '../core/loss';
import { maxOf, perLayerDistance } from '../core/metrics';
import { solveInterpolatedOde } from '../core/ode';
import { DIAG_BATCH } from '../engine/plan';
import type { Backend } from '../run/backend';
import type { OdeJob } from './types';

/**
 * Round-off of the arithmetic, relative: float32 accumulates ~1e-6 over a deep forward/reverse pass (Heun's
 * fast rates reach it early), float64 ~1e-13.
 */
export const RELATIVE_FLOOR = { float32: 1e-6, float64: 1e-13 } as const;

/** RK4 sub-steps per layer for the ODE reference: its error is (1/(4N))⁴-small, far below the ResNet's. */
const ODE_SUBSTEPS = 4;

/** max_n of the RMS distance between the net's states and the interpolated ODE's, in float64. */
export function odeDistanceOf(job: OdeJob): number {
  const { spec, residual, x0, states, B } = job;
  const ode = solveInterpolatedOde(spec, residual, x0, B, ODE_SUBSTEPS);
  return maxOf(perLayerDistance(states, ode, B, spec.d));
}

/** RMS over the batch of ‖v_b‖ for v [B][d]. */
export function rmsNorm(v: ArrayLike<number>, B: number): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s / Math.max(1, B));
}

/** ‖a − b‖_F / ‖b‖_F. */
export function relativeDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] * b[i];
  }
  return den > 0 ? Math.sqrt(num / den) : Number.NaN;
}

/** The fixed batch every point is measured on: the first samples of the training set (the diagnostic batch). */
export function fixedBatch(b: Backend): { x: Float64Array; B: number } {
  const B = Math.min(DIAG_BATCH, b.data.train.n);
  return { x: b.data.train.x.slice(0, B * b.data.inputDim), B };
}

/** The read-out ŷ on the fixed batch (float32 states widen exactly: the same sums as in float64). */
export async function networkOutput(b: Backend): Promise<Float64Array> {
  const { x, B } = fixedBatch(b);
  const [w, xS] = await Promise.all([b.readWeights(), b.finalStates(x, B)]);
  return readout(b.spec, w, xS instanceof Float64Array ? xS : new Float64Array(xS), B);
}
