// For the rates tests (core/rates.test.ts, schemes/rates.test.ts): the three errors whose slopes in N they fit,
// measured in float64 on a config's training set at initialisation.
import type { ExperimentConfig } from './config';
import { makeDataset } from './data';
import { computeGradients } from './gradients';
import { maxOf, perLayerDistance, relativeGradError } from './metrics';
import { solveInterpolatedOde } from './ode';
import { initWeights, netSpec } from './params';
import { embed, forward, reconstruct } from './reference';

export interface Measured {
  /** Largest distance over layers between the forward states and the reverse pass's reconstruction. */
  recon: number;
  /** Relative error of the adjoint gradient against exact backprop. */
  gradErr: number;
  /** Largest distance over layers between the forward states and the interpolating ODE (RK4, 4 substeps). */
  odeDist: number;
}

export function measureErrors(c: ExperimentConfig): Measured {
  const spec = netSpec(c);
  const w = initWeights(c, spec);
  const ds = makeDataset(c);
  const B = ds.train.n;
  const x0 = embed(spec, w, ds.train.x, B);
  const fw = forward(spec, w.residual, x0, B, true);
  const rec = reconstruct(spec, w.residual, fw.out, B);
  const ex = computeGradients(spec, w, ds.train.x, ds.train.y, B, 'mse', 'exact');
  const ad = computeGradients(spec, w, ds.train.x, ds.train.y, B, 'mse', 'adjoint');
  const ode = solveInterpolatedOde(spec, w.residual, x0, B, 4);
  return {
    recon: maxOf(perLayerDistance(fw.states!, rec, B, spec.d)),
    gradErr: relativeGradError(spec, ex.grad, ad.grad).global,
    odeDist: maxOf(perLayerDistance(fw.states!, ode, B, spec.d)),
  };
}
