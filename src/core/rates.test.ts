// Convergence rates as log-log slopes over N = 16..1024 (fixed seeds, float64), against Sander et al.:
//   Prop. 3: Euler reconstruction error ~ 1/N;  Prop. 5: Heun with smooth weights ~ 1/N² or faster;
//   Prop. 4/6: relative adjoint gradient error ~ 1/N (Euler), ~ 1/N² (Heun, smooth weights);
//   Prop. 1: distance to the interpolating ODE ~ 1/N with smooth weights, O(1) with i.i.d. weights.
// Smooth initial weights are one function of s sampled at n/N for every N (params.ts), so the constants in
// those bounds do not change with N. Errors are averaged (geometrically) over three fixed seeds, which
// damps pre-asymptotic wiggles of any single draw. Tolerance on slopes: ±0.15.
import { describe, expect, it } from 'vitest';
import type { ExperimentConfig } from './config';
import { logLogFit } from './fit';
import { type Measured, measureErrors } from './rates-testing';
import { type DeepPartial, makeConfig } from './testing';

const DEPTHS = [16, 32, 64, 128, 256, 512, 1024];
const TOL = 0.15;

function measure(over: DeepPartial<ExperimentConfig>, N: number): Measured {
  return measureErrors(makeConfig({ ...over, model: { ...over.model, depth: N } }));
}

const SEEDS = [1, 2, 3];

function sweep(over: DeepPartial<ExperimentConfig>) {
  const geoMean = (v: number[]) => Math.exp(v.reduce((a, b) => a + Math.log(b), 0) / v.length);
  const rows = DEPTHS.map((N) => {
    const per = SEEDS.map((seed) => measure({ ...over, seed }, N));
    return {
      recon: geoMean(per.map((m) => m.recon)),
      gradErr: geoMean(per.map((m) => m.gradErr)),
      odeDist: geoMean(per.map((m) => m.odeDist)),
    };
  });
  const slope = (k: keyof Measured) =>
    logLogFit(
      DEPTHS,
      rows.map((r) => r[k]),
    ).slope;
  return { rows, recon: slope('recon'), gradErr: slope('gradErr'), odeDist: slope('odeDist') };
}

const base = (scheme: 'euler' | 'heun', kind: 'smooth' | 'iid'): DeepPartial<ExperimentConfig> => ({
  data: { kind: 'gaussian', inputDim: 2, outputDim: 2, nTrain: 8, nTest: 0 },
  model: { residual: 'mlp', d: 2, width: 8, activation: 'tanh', scheme, bias: true, readout: 'trained' },
  init: { kind, std: 1, stdV: 1, biasStd: 0.5, lengthScale: 0.3 },
  train: { loss: 'mse' },
});

describe('convergence rates in N (log-log slopes, N = 16..1024)', () => {
  const euler = sweep(base('euler', 'smooth'));
  const heun = sweep(base('heun', 'smooth'));
  const iid = sweep(base('euler', 'iid'));
  // printed so the measured numbers can be quoted in notes
  console.log(
    'slopes (euler smooth / heun smooth / euler iid):',
    JSON.stringify({
      recon: [euler.recon, heun.recon, iid.recon].map((v) => +v.toFixed(3)),
      gradErr: [euler.gradErr, heun.gradErr, iid.gradErr].map((v) => +v.toFixed(3)),
      odeDist: [euler.odeDist, heun.odeDist, iid.odeDist].map((v) => +v.toFixed(3)),
    }),
  );

  it('Euler reconstruction error ≈ 1/N (Prop. 3)', () => {
    expect(euler.recon).toBeGreaterThan(-1 - TOL);
    expect(euler.recon).toBeLessThan(-1 + TOL);
  });

  it('Heun reconstruction error with smooth weights ≈ 1/N² or faster (Prop. 5)', () => {
    expect(heun.recon).toBeLessThan(-2 + TOL);
    // and it is genuinely smaller than Euler's at every depth
    for (const [i, r] of heun.rows.entries()) expect(r.recon).toBeLessThan(euler.rows[i].recon);
  });

  it('Euler adjoint relative gradient error ≈ 1/N (Prop. 4)', () => {
    expect(euler.gradErr).toBeGreaterThan(-1 - TOL);
    expect(euler.gradErr).toBeLessThan(-1 + TOL);
  });

  it('Heun adjoint relative gradient error with smooth weights ≈ 1/N² or faster (Prop. 6)', () => {
    expect(heun.gradErr).toBeLessThan(-2 + TOL);
  });

  it('distance to the interpolating neural ODE: 1/N (Euler), 1/N² (Heun) with smooth weights (Prop. 1)', () => {
    expect(euler.odeDist).toBeGreaterThan(-1 - TOL);
    expect(euler.odeDist).toBeLessThan(-1 + TOL);
    expect(heun.odeDist).toBeLessThan(-2 + TOL);
  });

  it('with i.i.d. weights the distance to the ODE shrinks only like a random walk (≈ N^-1/2)', () => {
    // each step's mismatch between f(x, θ_n) and the interpolated field is O(1/N) with zero mean over the
    // draw, so N of them add up to O(N^-1/2); Prop. 1's bound C_N/N stays O(1) because C_N ~ N here
    expect(iid.odeDist).toBeGreaterThan(-0.8);
    expect(iid.odeDist).toBeLessThan(-0.3);
    const last = DEPTHS.length - 1;
    expect(iid.rows[last].odeDist).toBeGreaterThan(5 * euler.rows[last].odeDist);
    // while the reverse reconstruction, which needs no smoothness in depth (Prop. 3), still converges
    expect(iid.recon).toBeLessThan(-1 + TOL);
  });
});
