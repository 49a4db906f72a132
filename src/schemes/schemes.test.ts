// The scheme registry and the generic explicit Runge–Kutta steps: facts derived from each tableau, and the
// generic float64 code on the schemes with half-step stages (explicit midpoint, RK4) against their hand-written
// steps, their reverse, and finite differences of their gradients (the blended-weight path).
import { describe, expect, it } from 'vitest';
import { initWeights, netSpec } from '../core/params';
import { makeConfig, relErr } from '../core/testing';
import { residualKind } from '../residuals';
import { RkWork, stepBackward, stepForward, stepReverse } from './explicit-rk';
import { describeScheme, SCHEME_IDS, SCHEMES_INFO, scheme } from './index';

describe('scheme registry', () => {
  it('derives stages, θ_{n+1} use and expected rates from each tableau', () => {
    expect(SCHEME_IDS).toEqual(['euler', 'heun', 'midpoint', 'rk4']);
    const e = scheme('euler');
    expect([e.stages, e.usesNext, e.mix, e.reverseW, e.reconRate, e.odeRate]).toEqual([
      1,
      false,
      false,
      [0],
      -1,
      -1,
    ]);
    const h = scheme('heun');
    expect([h.stages, h.usesNext, h.mix, h.reverseW, h.reconRate, h.odeRate]).toEqual([
      2,
      true,
      false,
      [1, 0],
      -3,
      -2,
    ]);
    const facts = (id: string) => {
      const s = scheme(id);
      return [s.stages, s.usesNext, s.nextGrad, s.mix, s.reverseW, s.reconRate, s.odeRate];
    };
    expect(facts('euler')[2]).toBe(false);
    expect(facts('heun')[2]).toBe(true);
    // midpoint reads θ_{n+1} only through θ_{n+½} forward (and directly in its reverse step)
    expect(facts('midpoint')).toEqual([2, true, false, true, [1, 0.5], -3, -2]);
    expect(facts('rk4')).toEqual([4, true, true, true, [1, 0.5, 0.5, 0], -5, -4]);
    for (const s of SCHEMES_INFO) {
      for (const text of [s.name, s.label, s.netName, s.help, s.docs])
        expect(text.length, s.id).toBeGreaterThan(2);
      // consistency: Σ b = 1 (first order at least), and the stage positions are the row sums of a (c_i)
      expect(
        s.tableau.b.reduce((a, b) => a + b, 0),
        s.id,
      ).toBeCloseTo(1, 15);
      for (const [i, row] of s.tableau.a.entries())
        expect(
          row.reduce((a, b) => a + b, 0),
          `${s.id} c_${i}`,
        ).toBe(s.tableau.w[i]);
    }
  });

  it('refuses a malformed tableau and an unknown id with a clear message', () => {
    const bad = { ...scheme('heun'), id: 'bad', tableau: { a: [[], []], b: [0.5, 0.5], w: [0, 1] } };
    expect(() => describeScheme(bad)).toThrow(/scheme bad: the tableau needs 2 rows a\[i\] of length i/);
    expect(() => scheme('rk9')).toThrow(/unknown scheme 'rk9' \(known: euler, heun, midpoint, rk4\)/);
    expect(() => residualKind('cubic')).toThrow(
      /unknown residual kind 'cubic' \(known: linear, mlp, linear-s, mlp-s\)/,
    );
  });
});

const c = makeConfig({
  seed: 5,
  data: { kind: 'gaussian', inputDim: 2, outputDim: 2, nTrain: 4, nTest: 0 },
  model: { residual: 'mlp', scheme: 'heun', d: 3, width: 4, depth: 4, activation: 'tanh' },
  init: { kind: 'iid', std: 0.9, stdV: 0.8 },
  train: { loss: 'mse' },
});
const spec = netSpec(c);
const p = initWeights(c, spec).residual;
const f = residualKind(spec.residual).f64;
const { d, h, setSize } = spec;
const x0 = Float64Array.from({ length: d }, (_, i) => 0.3 * i - 0.4);
const sc = residualKind(spec.residual).scratch(spec);
const fAt = (th: Float64Array, to: number, y: Float64Array, s: number) => {
  const k = new Float64Array(d);
  f.f(spec, th, to, y, 0, s, k, 0, sc);
  return k;
};
const axpy = (x: Float64Array, a: number, k: Float64Array) => x.map((v, i) => v + a * k[i]);

/** Step n by hand: midpoint and RK4 as their textbooks write them, θ_{n+½} = (θ_n + θ_{n+1})/2 at (n + ½)/N. */
function byHand(id: string, n: number, x: Float64Array): Float64Array {
  const N = spec.N;
  const mid = Float64Array.from(
    { length: setSize },
    (_, e) => 0.5 * p[n * setSize + e] + 0.5 * p[(n + 1) * setSize + e],
  );
  const k1 = fAt(p, n * setSize, x, n / N);
  if (id === 'midpoint') return axpy(x, h, fAt(mid, 0, axpy(x, h / 2, k1), (n + 0.5) / N));
  const k2 = fAt(mid, 0, axpy(x, h / 2, k1), (n + 0.5) / N);
  const k3 = fAt(mid, 0, axpy(x, h / 2, k2), (n + 0.5) / N);
  const k4 = fAt(p, (n + 1) * setSize, axpy(x, h, k3), (n + 1) / N);
  return x.map((v, i) => v + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]));
}

describe.each([
  ['midpoint', 2],
  ['rk4', 4],
] as const)('generic explicit RK steps with half-step stages: %s (order %i)', (id, order) => {
  const sch = scheme(id);

  it('forward matches the hand-written step, with the interpolated weights and depth', () => {
    const x = x0.slice();
    stepForward(p, 1, x, 0, new RkWork({ ...spec, scheme: id }));
    expect(relErr(x, byHand(id, 1, x0))).toBeLessThan(1e-15);
  });

  it(`reverse undoes forward up to the local error (O(h^${order + 1}))`, () => {
    const wk = new RkWork({ ...spec, scheme: id }, sch);
    const x = x0.slice();
    stepForward(p, 2, x, 0, wk);
    stepReverse(p, 2, x, 0, wk);
    const err = relErr(x, x0);
    expect(err).toBeGreaterThan(0);
    expect(err).toBeLessThan(h ** (order + 1) * 10);
  });

  it('backward gives the gradients of the forward step (central differences, rel 1e-7)', () => {
    const wk = new RkWork({ ...spec, scheme: id }, sch);
    const u = Float64Array.from({ length: d }, (_, i) => Math.cos(1 + i));
    const lossAt = (pp: Float64Array, x: Float64Array) => {
      const y = x.slice();
      stepForward(pp, 1, y, 0, new RkWork({ ...spec, scheme: id }, sch));
      return y.reduce((s, v, i) => s + v * u[i], 0);
    };
    const gv = u.slice();
    const gp = new Float64Array(p.length);
    stepBackward(p, 1, x0, 0, gv, 0, gp, wk);
    const eps = 1e-6;
    const fd = (arr: Float64Array, at: (a: Float64Array) => number) =>
      Float64Array.from(arr, (v, i) => {
        const a = arr.slice();
        a[i] = v + eps;
        const lp = at(a);
        a[i] = v - eps;
        return (lp - at(a)) / (2 * eps);
      });
    expect(
      relErr(
        gp,
        fd(p, (pp) => lossAt(pp, x0)),
      ),
    ).toBeLessThan(1e-7);
    expect(
      relErr(
        gv,
        fd(x0, (xx) => lossAt(p, xx)),
      ),
    ).toBeLessThan(1e-7);
    // step 1 touches θ_1 and θ_2 (through θ_{3/2}, and for RK4 directly), never θ_0 or θ_3
    expect(gp.subarray(0, setSize).every((v) => v === 0)).toBe(true);
    expect(gp.subarray(3 * setSize).every((v) => v === 0)).toBe(true);
    expect(gp.subarray(2 * setSize, 3 * setSize).some((v) => v !== 0)).toBe(true);
  });
});
