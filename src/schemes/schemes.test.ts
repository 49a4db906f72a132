// The scheme registry and the generic explicit Runge–Kutta steps: facts derived from each tableau, and the
// generic float64 code on a tableau with a half-step stage (explicit midpoint, not registered yet) against its
// hand-written step, its reverse, and finite differences of its gradients (the blended-weight path).
import { describe, expect, it } from 'vitest';
import { initWeights, netSpec } from '../core/params';
import { makeConfig, relErr } from '../core/testing';
import { residualKind } from '../residuals';
import { RkWork, stepBackward, stepForward, stepReverse } from './explicit-rk';
import { describeScheme, SCHEME_IDS, SCHEMES_INFO, scheme } from './index';

describe('scheme registry', () => {
  it('derives stages, θ_{n+1} use and expected rates from each tableau', () => {
    expect(SCHEME_IDS).toEqual(['euler', 'heun']);
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
    expect(() => scheme('rk9')).toThrow(/unknown scheme 'rk9' \(known: euler, heun\)/);
    expect(() => residualKind('cubic')).toThrow(
      /unknown residual kind 'cubic' \(known: linear, mlp, linear-s, mlp-s\)/,
    );
  });
});

// explicit midpoint: k1 = f(x, θ_n), k2 = f(x + h/2 k1, (θ_n + θ_{n+1})/2), x ← x + h k2
const MIDPOINT = describeScheme({
  ...scheme('heun'),
  id: 'midpoint',
  name: 'midpoint',
  order: 2,
  tableau: { a: [[], [0.5]], b: [0, 1], w: [0, 0.5] },
  reverseW: undefined,
  wasm: null,
  wgsl: null,
});

describe('generic explicit RK steps on a half-step tableau (midpoint)', () => {
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

  it('forward matches the hand-written step, with the interpolated weights and depth', () => {
    const wk = new RkWork(spec, MIDPOINT);
    const x = x0.slice();
    stepForward(p, 1, x, 0, wk);
    const sc = residualKind(spec.residual).scratch(spec);
    const k1 = new Float64Array(d);
    const k2 = new Float64Array(d);
    f.f(spec, p, setSize, x0, 0, 1 / spec.N, k1, 0, sc);
    const mid = Float64Array.from(
      { length: setSize },
      (_, e) => 0.5 * p[setSize + e] + 0.5 * p[2 * setSize + e],
    );
    const y = x0.map((v, i) => v + 0.5 * h * k1[i]);
    f.f(spec, mid, 0, y, 0, 1.5 / spec.N, k2, 0, sc);
    expect(
      relErr(
        x,
        x0.map((v, i) => v + h * k2[i]),
      ),
    ).toBeLessThan(1e-15);
  });

  it('reverse undoes forward up to the local error (O(h³) for an order-2 scheme)', () => {
    const wk = new RkWork(spec, MIDPOINT);
    const x = x0.slice();
    stepForward(p, 2, x, 0, wk);
    stepReverse(p, 2, x, 0, wk);
    const err = relErr(x, x0);
    expect(err).toBeGreaterThan(0);
    expect(err).toBeLessThan(h ** 3 * 10);
  });

  it('backward gives the gradients of the forward step (central differences, rel 1e-7)', () => {
    const wk = new RkWork(spec, MIDPOINT);
    const u = Float64Array.from({ length: d }, (_, i) => Math.cos(1 + i));
    const lossAt = (pp: Float64Array, x: Float64Array) => {
      const y = x.slice();
      stepForward(pp, 1, y, 0, new RkWork(spec, MIDPOINT));
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
    // θ_n gets G1 + ½G2, θ_{n+1} ½G2, θ_{n+2} nothing
    expect(gp.subarray(3 * setSize).every((v) => v === 0)).toBe(true);
    expect(gp.subarray(2 * setSize, 3 * setSize).some((v) => v !== 0)).toBe(true);
  });
});
