// The depth-input kinds linear-s and mlp-s (depth-input.ts): f and its VJP against central finite differences
// (every parameter block, u included, and x), the depth s changing f, the base kinds recovered at u = 0, the
// init of u, whole-network gradients against finite differences, and what the registry gives the rest of the app
// (the control's option and help, links, the PyTorch export's refusal).
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, type ExperimentConfig, parseConfig } from '../core/config';
import { makeDataset } from '../core/data';
import { computeGradients } from '../core/gradients';
import { initWeights, netSpec } from '../core/params';
import { forward } from '../core/reference';
import { Rng } from '../core/rng';
import { type DeepPartial, makeConfig, relErr } from '../core/testing';
import { pytorchExport } from '../export/pytorch/bundle';
import { decodeLink, encodeLink } from '../link/codec';
import { defaultViews, useExperiment } from '../state/experiment';
import { useRun } from '../state/run';
import { GROUPS } from '../views/controls/fields';
import { pytorchZip } from '../views/io/pytorch';
import { linearS, mlpS } from './depth-input';
import { RESIDUAL_KINDS, residualKind } from './index';
import type { KindShape, ResidualKind } from './types';

const d = 3;
const M = 5;

function shapeOf(kind: ResidualKind, bias: boolean, act: KindShape['act'] = 'tanh'): KindShape {
  const hm = kind.hasWidth ? M : 0;
  return { d, M: hm, bias, act, c: 0.7, off: kind.layout({ d, M: hm, bias }).off };
}

function randomSet(kind: ResidualKind, k: KindShape, seed: number) {
  const rng = new Rng(seed, 'depth-input-test');
  const p = new Float64Array(kind.layout(k).setSize);
  rng.fillNormal(p, 0.8);
  const x = new Float64Array(d);
  rng.fillNormal(x, 1);
  const u = new Float64Array(d);
  rng.fillNormal(u, 1);
  return { p, x, u };
}

function evalF(kind: ResidualKind, k: KindShape, p: Float64Array, x: Float64Array, s: number): Float64Array {
  const out = new Float64Array(d);
  kind.f64.f(k, p, 0, x, 0, s, out, 0, kind.scratch(k));
  return out;
}

const dot = (a: Float64Array, b: Float64Array) => a.reduce((t, v, i) => t + v * b[i], 0);

const CASES: [ResidualKind, boolean, KindShape['act']][] = [
  [linearS, false, 'identity'],
  [linearS, true, 'identity'],
  ...ACTIVATIONS.flatMap((a) => [
    [mlpS, false, a] as [ResidualKind, boolean, KindShape['act']],
    [mlpS, true, a] as [ResidualKind, boolean, KindShape['act']],
  ]),
];

describe('depth-input residuals: f and its VJP (float64)', () => {
  it.each(CASES.map(([k, b, a]) => [`${k.id}${b ? ' + bias' : ''} ${a}`, k, b, a] as const))(
    '%s: VJP equals central finite differences of uᵀf in every parameter (u too) and in x',
    (_name, kind, bias, act) => {
      const k = shapeOf(kind, bias, act);
      const { p, x, u } = randomSet(kind, k, 7);
      // relu's kink: keep pre-activations away from 0 so that the finite differences are smooth
      const s = 0.37;
      const sc = kind.scratch(k);
      kind.f64.f(k, p, 0, x, 0, s, new Float64Array(d), 0, sc);
      const gp = new Float64Array(p.length);
      const gx = new Float64Array(d);
      kind.f64.vjp(k, p, 0, x, 0, s, u, 0, gp, 0, gx, 0, sc);
      const L = (pp: Float64Array, xx: Float64Array) => dot(u, evalF(kind, k, pp, xx, s));
      const eps = 1e-6;
      const fd = (arr: Float64Array) =>
        Array.from(arr, (v, i) => {
          arr[i] = v + eps;
          const lp = L(p, x);
          arr[i] = v - eps;
          const lm = L(p, x);
          arr[i] = v;
          return (lp - lm) / (2 * eps);
        });
      expect(relErr(gp, fd(p))).toBeLessThan(1e-7);
      expect(relErr(gx, fd(x))).toBeLessThan(1e-7);
      // ∂/∂u on its own: the block the depth input adds, and it is not zero
      const { u: uo } = k.off;
      const n = kind.hasWidth ? M : d;
      const gu = gp.subarray(uo, uo + n);
      expect(relErr(gu, fd(p).slice(uo, uo + n))).toBeLessThan(1e-7);
      expect(Math.hypot(...gu)).toBeGreaterThan(1e-3);
    },
  );

  it.each([
    ['linear-s', linearS],
    ['mlp-s', mlpS],
  ] as const)('%s: the same θ at two depths gives different f; linear-s by (s − s′)·u', (_id, kind) => {
    const k = shapeOf(kind, true);
    const { p, x } = randomSet(kind, k, 11);
    const f1 = evalF(kind, k, p, x, 0.25);
    const f2 = evalF(kind, k, p, x, 0.75);
    expect(relErr(f1, f2)).toBeGreaterThan(1e-3);
    if (kind === linearS)
      for (let i = 0; i < d; i++) expect(f2[i] - f1[i]).toBeCloseTo(0.5 * p[k.off.u + i], 12);
    // ∂f/∂s by finite differences is not zero either (s is an input, not a label)
    const e = 1e-6;
    const df = evalF(kind, k, p, x, 0.5 + e).map((v, i) => (v - evalF(kind, k, p, x, 0.5 - e)[i]) / (2 * e));
    expect(Math.hypot(...df)).toBeGreaterThan(1e-3);
  });

  it.each([
    ['linear-s', linearS, 'linear'],
    ['mlp-s', mlpS, 'mlp'],
  ] as const)('%s with u = 0 is its base kind %s, bit for bit, at any depth', (_id, kind, baseId) => {
    const base = residualKind(baseId);
    const k = shapeOf(kind, true);
    const kb = shapeOf(base, true);
    const { p, x } = randomSet(kind, k, 13);
    p.fill(0, k.off.u);
    expect(k.off.u).toBe(base.layout(kb).setSize); // u comes after the base kind's blocks
    expect(Array.from(evalF(kind, k, p, x, 0.6))).toEqual(Array.from(evalF(base, kb, p, x, 0.6)));
  });
});

/** A small config of `residual` (Euler unless told). */
function config(residual: string, over: DeepPartial<ExperimentConfig> = {}): ExperimentConfig {
  return makeConfig({
    seed: 5,
    data: { kind: 'gaussian', inputDim: 2, outputDim: 2, nTrain: 5, nTest: 0 },
    ...over,
    model: { d: 3, width: 4, depth: 6, readout: 'trained', ...over.model, residual: residual as 'mlp' },
    init: { kind: 'smooth', std: 0.8, stdV: 0.8, biasStd: 0.3, ...over.init },
    train: { loss: 'mse', optimizer: 'gd', ...over.train },
  });
}

describe('depth-input residuals: init', () => {
  it.each(['tied', 'iid', 'smooth', 'tied-w-zero-v'] as const)(
    "%s: the base kind's blocks are its own draws (same seed), and u is drawn after them",
    (init) => {
      for (const [kind, base] of [
        [linearS, 'linear'],
        [mlpS, 'mlp'],
      ] as const) {
        const ws = initWeights(config(kind.id, { init: { kind: init } }));
        const wb = initWeights(config(base, { init: { kind: init } }));
        const spec = netSpec(config(kind.id));
        const sb = netSpec(config(base));
        const n = kind.hasWidth ? spec.M : spec.d;
        expect(spec.setSize).toBe(sb.setSize + n);
        const u: number[] = [];
        for (let s = 0; s < spec.P; s++) {
          const at = s * spec.setSize;
          expect(Array.from(ws.residual.subarray(at, at + sb.setSize))).toEqual(
            Array.from(wb.residual.subarray(s * sb.setSize, (s + 1) * sb.setSize)),
          );
          u.push(...ws.residual.subarray(at + sb.setSize, at + spec.setSize));
        }
        // the identity init zeroes u of linear-s (f = 0 needs it) and keeps it for mlp-s (V = 0 suffices)
        const zero = init === 'tied-w-zero-v' && kind === linearS;
        expect(
          u.every((v) => v === 0),
          `${kind.id} ${init}`,
        ).toBe(zero);
        if (init === 'smooth') {
          // smooth in s like the other blocks: at N = 64 (ℓ = 0.5) neighbouring layers' u differ by ~2%, where
          // independent draws would differ by ~140%
          const deep = config(kind.id, { model: { depth: 64 }, init: { kind: init } });
          const sd = netSpec(deep);
          const r = initWeights(deep, sd).residual;
          const uAt = (l: number) => r.subarray(l * sd.setSize + sd.off.u, (l + 1) * sd.setSize);
          for (const l of [0, 20, 40]) {
            const step = Math.hypot(...uAt(l).map((v, i) => v - uAt(l + 1)[i]));
            expect(step, `${kind.id} layer ${l}`).toBeLessThan(0.1 * Math.hypot(...uAt(l)));
          }
        }
      }
    },
  );
});

describe("depth-input residuals: Sander et al.'s Prop. 1 example as a network", () => {
  it('Prop. 1 with a depth-input block: θ = 0, u = a gives φ(x, s) = a·s + b, and ‖x(1) − x_N‖ = ‖a‖/(2N)', () => {
    const a = [0.7, -1.3];
    const bb = [0.2, 0.5];
    for (const N of [1, 2, 7, 64, 1000]) {
      const c = config('linear-s', { model: { d: 2, depth: N, bias: true }, init: { kind: 'zero' } });
      const spec = netSpec(c);
      const p = new Float64Array(spec.P * spec.setSize);
      // the same weights in every layer: only the depth input makes f change with n
      for (let n = 0; n < spec.P; n++)
        for (let i = 0; i < 2; i++) {
          p[n * spec.setSize + spec.off.b + i] = bb[i];
          p[n * spec.setSize + spec.off.u + i] = a[i];
        }
      const x0 = new Float64Array([0.3, -0.1]);
      const xN = forward(spec, p, x0, 1, false).out;
      // x(1) = x0 + a/2 + b exactly
      const gap = Math.hypot(x0[0] + a[0] / 2 + bb[0] - xN[0], x0[1] + a[1] / 2 + bb[1] - xN[1]);
      expect(Math.abs(gap - Math.hypot(...a) / (2 * N)), `N = ${N}`).toBeLessThan(1e-12);
    }
  });
});

describe('depth-input residuals: whole-network gradients (float64) against finite differences', () => {
  const cases = ['linear-s', 'mlp-s'].flatMap((residual) =>
    (['euler', 'heun'] as const).flatMap((scheme) =>
      (['paper', 'code'] as const).map((convention) => ({ residual, scheme, convention })),
    ),
  );
  it.each(cases.map((c) => [`${c.residual}/${c.scheme}/${c.convention}`, c] as const))('%s', (_n, m) => {
    const c = config(m.residual, { model: { scheme: m.scheme, convention: m.convention, bias: true } });
    const spec = netSpec(c);
    const w = initWeights(c, spec);
    const ds = makeDataset(c);
    const B = ds.train.n;
    const grad = (ww: typeof w) =>
      computeGradients(spec, ww, ds.train.x, ds.train.y, B, c.train.loss, 'exact');
    const g = grad(w);
    const eps = 1e-6;
    const fd = Array.from(w.residual, (v, i) => {
      w.residual[i] = v + eps;
      const lp = grad(w).loss;
      w.residual[i] = v - eps;
      const lm = grad(w).loss;
      w.residual[i] = v;
      return (lp - lm) / (2 * eps);
    });
    expect(relErr(g.grad, fd)).toBeLessThan(1e-6);
    // the u blocks get a gradient (the depth input is trained)
    let gu = 0;
    for (let s = 0; s < spec.used; s++)
      for (let j = spec.off.u; j < spec.setSize; j++) gu += g.grad[s * spec.setSize + j] ** 2;
    expect(Math.sqrt(gu)).toBeGreaterThan(1e-5);
  });
});

describe('depth-input residuals: the rest of the app through the registry', () => {
  it('the residual control offers them with their labels, and its help explains them', () => {
    const field = GROUPS.flatMap((g) => g.fields).find((f) => f.path === 'model.residual')!;
    for (const kind of [linearS, mlpS]) {
      expect(field.options).toContain(kind.id);
      expect(field.optionLabels?.[kind.id]).toBe(kind.label);
      expect(field.help).toContain(kind.help);
    }
    expect(RESIDUAL_KINDS.filter((k) => k.depthInput).map((k) => k.id)).toEqual(['linear-s', 'mlp-s']);
  });

  it('links carry them as a value of model.residual and round-trip; old links are untouched (golden-links)', () => {
    const c = config('mlp-s');
    const link = encodeLink(c, defaultViews());
    expect(link).toContain('model.residual=mlp-s');
    const back = decodeLink(link);
    expect(back.rejected).toEqual([]);
    expect(back.config).toEqual(c);
    expect(parseConfig(c).ok).toBe(true);
  });

  it('the PyTorch export refuses them with a message that names the kind and what it can export', () => {
    for (const id of ['linear-s', 'mlp-s']) {
      const c = config(id);
      const spec = netSpec(c);
      expect(() => pytorchExport(c, '', spec, makeDataset(c), initWeights(c, spec), 0)).toThrow(
        new RegExp(`no residual '${id}'.*linear, mlp`),
      );
    }
    // the app's button: no download, an error notice that says why, and the experiment stays as it was
    useExperiment.setState({ config: config('mlp-s') });
    expect(pytorchZip()).toBeNull();
    expect(useRun.getState().notice).toMatchObject({ kind: 'error' });
    expect(useRun.getState().notice?.text).toMatch(/no residual 'mlp-s'.*Nothing was downloaded/);
    expect(useExperiment.getState().config.model.residual).toBe('mlp-s');
    useExperiment.setState({ config: config('mlp') });
    expect(pytorchZip()?.length).toBeGreaterThan(1000);
  });
});
