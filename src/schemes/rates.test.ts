// Convergence rates of every registered scheme as log-log slopes in N (float64, fixed seeds, smooth weights),
// checked against what the registry derives from each scheme's order (describeScheme: reconRate, odeRate).
//
// Why forward-then-reverse gains one order for an even-order scheme. The reverse step is the same tableau with
// −h started at s_{n+1} (stage positions 1 − w), i.e. the method Φ with step −h. An explicit RK method of order p
// has local error Φ_h(x, s) = φ_h(x, s) + C(x, s) h^{p+1} + O(h^{p+2}), φ the exact flow of the interpolating ODE
// and C a sum of elementary differentials of its field, so Φ_{−h}(y, s + h) = φ_{−h}(y, s + h) +
// C(y, s + h) (−h)^{p+1} + O(h^{p+2}). One step forward then back:
//   Φ_{−h}(Φ_h(x, s), s + h) = x + (1 + (−1)^{p+1}) C(x, s) h^{p+1} + O(h^{p+2}),
// because ∂φ_{−h} = I + O(h) and C(φ_h x, s + h) = C(x, s) + O(h) when the weights are smooth in depth (C then
// depends smoothly on s). For odd p (Euler) the two errors add: 2C h^{p+1} per step, N steps give O(h^p) = N^{−p}.
// For even p (Heun, midpoint, RK4) they cancel: O(h^{p+2}) per step, O(h^{p+1}) = N^{−(p+1)} after N steps —
// slope −3 for the order-2 schemes and −5 for RK4. The adjoint gradient is exact backprop evaluated at the
// reconstructed states, so its error follows the state error: the same slope. The distance to the interpolating
// ODE is the global error of the forward scheme: N^{−p}. With i.i.d. weights C jumps between layers and nothing
// cancels (core/rates.test.ts).
//
// Depths: past the pre-asymptotic range and above float64 round-off (RK4's reconstruction error is 6e-11 at
// N = 256 and would meet round-off, ~1e-14, near N = 1024). Slopes within ±0.2 of the registry's rates.
import { describe, expect, it } from 'vitest';
import type { ExperimentConfig } from '../core/config';
import { logLogFit } from '../core/fit';
import { measureErrors } from '../core/rates-testing';
import { type DeepPartial, makeConfig } from '../core/testing';
import { type SchemeId, scheme } from './index';

const TOL = 0.2;
const SEEDS = [1, 2, 3];
const DEPTHS: Record<SchemeId, number[]> = {
  euler: [32, 64, 128, 256, 512],
  heun: [32, 64, 128, 256, 512],
  midpoint: [32, 64, 128, 256, 512],
  rk4: [64, 96, 128, 192, 256],
};

function measure(id: SchemeId, seed: number, N: number) {
  const over: DeepPartial<ExperimentConfig> = {
    seed,
    data: { kind: 'gaussian', inputDim: 2, outputDim: 2, nTrain: 8, nTest: 0 },
    model: { residual: 'mlp', d: 2, width: 8, activation: 'tanh', scheme: id, bias: true, depth: N },
    init: { kind: 'smooth', std: 1, stdV: 1, biasStd: 0.5, lengthScale: 0.3 },
    train: { loss: 'mse' },
  };
  return measureErrors(makeConfig(over));
}

type Key = keyof ReturnType<typeof measure>;
const geoMean = (v: number[]) => Math.exp(v.reduce((a, b) => a + Math.log(b), 0) / v.length);

function sweep(id: SchemeId) {
  const rows = DEPTHS[id].map((N) => {
    const per = SEEDS.map((seed) => measure(id, seed, N));
    const at = (k: Key) => geoMean(per.map((m) => m[k]));
    return { N, recon: at('recon'), gradErr: at('gradErr'), odeDist: at('odeDist') };
  });
  const slope = (k: Key) =>
    logLogFit(
      rows.map((r) => r.N),
      rows.map((r) => r[k]),
    ).slope;
  return { rows, recon: slope('recon'), gradErr: slope('gradErr'), odeDist: slope('odeDist') };
}

describe('rates in N of every scheme = the registry’s (smooth weights, float64)', () => {
  const ids: SchemeId[] = ['euler', 'heun', 'midpoint', 'rk4'];
  const got = Object.fromEntries(ids.map((id) => [id, sweep(id)])) as Record<
    SchemeId,
    ReturnType<typeof sweep>
  >;
  console.log(
    'slopes recon / gradErr / odeDist:',
    JSON.stringify(
      Object.fromEntries(
        ids.map((id) => [id, [got[id].recon, got[id].gradErr, got[id].odeDist].map((v) => +v.toFixed(3))]),
      ),
    ),
  );

  it.each(ids)(
    '%s: reconstruction and adjoint-gradient slopes ≈ reconRate, distance to the ODE ≈ odeRate',
    (id) => {
      const s = scheme(id);
      const g = got[id];
      for (const [what, v, want] of [
        ['reconstruction', g.recon, s.reconRate],
        ['adjoint gradient', g.gradErr, s.reconRate],
        ['distance to the ODE', g.odeDist, s.odeRate],
      ] as const)
        expect(Math.abs(v - want), `${id} ${what}: slope ${v.toFixed(3)}, expected ${want}`).toBeLessThan(
          TOL,
        );
    },
  );

  it('the registry says −1 for Euler, −3 for the order-2 schemes, −5 for RK4', () => {
    expect(ids.map((id) => scheme(id).reconRate)).toEqual([-1, -3, -3, -5]);
  });

  it('higher order, smaller errors: RK4 < midpoint < Euler at every common depth', () => {
    for (const N of [64, 128, 256]) {
      const at = (id: SchemeId) => got[id].rows.find((r) => r.N === N)!;
      for (const k of ['recon', 'gradErr'] as const) {
        expect(at('rk4')[k], `${k} N=${N}`).toBeLessThan(at('midpoint')[k]);
        expect(at('midpoint')[k], `${k} N=${N}`).toBeLessThan(at('euler')[k]);
      }
    }
  });
});
