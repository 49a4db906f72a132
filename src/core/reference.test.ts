// The float64 reference engine against finite differences and the papers' closed-form facts.
import { describe, expect, it } from 'vitest';
import { batchIndices, gatherRows } from './batches';
import { type ExperimentConfig, RESIDUAL_SCALES } from './config';
import { makeDataset } from './data';
import { computeGradients } from './gradients';
import { evalLoss } from './loss';
import { rk4, solveInterpolatedOde } from './ode';
import { initWeights, type NetSpec, netSpec, type Weights } from './params';
import { backwardAdjoint, backwardExact, embed, forward, reconstruct } from './reference';
import { Rng } from './rng';
import { type DeepPartial, makeConfig, relErr } from './testing';

/** A batch of the config's training data, with its spec and initial weights. */
function setup(over: DeepPartial<ExperimentConfig>, B?: number) {
  const c = makeConfig(over);
  const spec = netSpec(c);
  const w = initWeights(c, spec);
  const ds = makeDataset(c);
  const idx = batchIndices(c, 0).slice(0, B ?? 1 << 30);
  return {
    c,
    spec,
    w,
    B: idx.length,
    x: gatherRows(ds.train.x, ds.inputDim, idx),
    y: gatherRows(ds.train.y, ds.outputDim, idx),
  };
}

/** Central finite differences of the loss with respect to every parameter (residual and read-out). */
function finiteDifferences(s: ReturnType<typeof setup>, eps = 1e-5) {
  const lossAt = (w: Weights) => computeGradients(s.spec, w, s.x, s.y, s.B, s.c.train.loss, 'exact').loss;
  const fd = (arr: Float64Array) => {
    const g = new Float64Array(arr.length);
    for (let i = 0; i < arr.length; i++) {
      const v = arr[i];
      arr[i] = v + eps;
      const lp = lossAt(s.w);
      arr[i] = v - eps;
      const lm = lossAt(s.w);
      arr[i] = v;
      g[i] = (lp - lm) / (2 * eps);
    }
    return g;
  };
  return { residual: fd(s.w.residual), readoutW: fd(s.w.readoutW), readoutB: fd(s.w.readoutB) };
}

describe('gradients against central finite differences (float64, rel 1e-6)', () => {
  const cases: DeepPartial<ExperimentConfig>[] = [];
  const acts = ['tanh', 'relu', 'gelu', 'identity'] as const;
  const inner = ['1', '1/sqrt(d)', '1/d'] as const;
  let k = 0;
  for (const residual of ['linear', 'mlp'] as const)
    for (const scheme of ['euler', 'heun'] as const)
      for (const scale of RESIDUAL_SCALES) {
        if (residual === 'linear' && scale.includes('M')) continue;
        k++;
        const classification = k % 2 === 0;
        cases.push({
          seed: 100 + k,
          data: classification
            ? { kind: 'moons', nTrain: 8, nTest: 0 }
            : { kind: 'gaussian', inputDim: 2, outputDim: 2, nTrain: 5, nTest: 0 },
          model: {
            residual,
            scheme,
            scale,
            alpha: 0.7,
            d: 3,
            width: 4,
            depth: 5,
            bias: k % 3 !== 0,
            activation: acts[k % 4],
            innerScale: inner[k % 3],
            convention: scheme === 'heun' && k % 4 === 1 ? 'code' : 'paper',
            embedding: k % 2 ? 'pad' : 'random',
            readout: 'trained',
          },
          init: { kind: 'iid', std: 0.8, stdV: 0.8, biasStd: 0.3 },
          train: { loss: classification ? 'xent' : 'mse', optimizer: 'gd', gradMode: 'exact' },
        });
      }

  it.each(cases.map((c) => [`${c.model?.residual}/${c.model?.scheme}/${c.model?.scale}`, c]))(
    '%s',
    (_name, over) => {
      const s = setup(over);
      const g = computeGradients(s.spec, s.w, s.x, s.y, s.B, s.c.train.loss, 'exact');
      const fd = finiteDifferences(s);
      expect(relErr(g.grad, fd.residual)).toBeLessThan(1e-6);
      expect(relErr(g.gReadoutW, fd.readoutW)).toBeLessThan(1e-6);
      expect(relErr(g.gReadoutB, fd.readoutB)).toBeLessThan(1e-6);
      // the gradient is not trivially zero
      expect(Math.hypot(...g.grad)).toBeGreaterThan(1e-4);
    },
  );
});

describe('closed-form facts', () => {
  it('Prop. 1 is tight: for φ(x, s) = a·s + b, ‖x(1) − x_N‖ = ‖a‖/(2N) to 1e-12', () => {
    const a = [0.7, -1.3];
    const bb = [0.2, 0.5];
    const norm = Math.hypot(...a);
    for (const N of [1, 2, 7, 64, 1000]) {
      const c = makeConfig({
        data: { kind: 'gaussian', inputDim: 2, outputDim: 2, nTrain: 4 },
        model: { residual: 'linear', d: 2, depth: N, scheme: 'euler', bias: true },
        init: { kind: 'zero' },
        train: { loss: 'mse' },
      });
      const spec = netSpec(c);
      const p = new Float64Array(spec.P * spec.setSize);
      // θ_n = 0 and b_n = a·s_n + b, so f(x, θ_n) = φ(x, n/N)
      for (let n = 0; n < spec.P; n++)
        for (let i = 0; i < 2; i++) p[n * spec.setSize + spec.off.b + i] = (a[i] * n) / N + bb[i];
      const x0 = new Float64Array([0.3, -0.1]);
      const xN = forward(spec, p, x0, 1, false).out;
      const x1 = rk4((_x, s, out) => out.set([a[0] * s + bb[0], a[1] * s + bb[1]]), x0, 0, 1, 4);
      expect(Math.abs(Math.hypot(x1[0] - xN[0], x1[1] - xN[1]) - norm / (2 * N))).toBeLessThan(1e-12);
      // the interpolating ODE built from the weights is that same ODE
      const ode = solveInterpolatedOde(spec, p, x0, 1, 2);
      const xode = ode.subarray(N * 2, N * 2 + 2);
      expect(Math.abs(Math.hypot(xode[0] - xN[0], xode[1] - xN[1]) - norm / (2 * N))).toBeLessThan(1e-12);
    }
  });

  it('§3.1 counter-examples: the gaps 1/2 and 2/3 do not shrink with N', () => {
    for (const N of [8, 64, 512]) {
      // f(x, θ_n) = n: x_N = x_0 + (N−1)/2 while the ODE gives x_0 + N/2
      const ramp = setup({
        data: { kind: 'square', nTrain: 1, noise: 0 },
        model: { residual: 'linear', d: 1, depth: N, bias: true, readout: 'project' },
        init: { kind: 'ramp' },
        train: { loss: 'mse' },
      });
      const x0 = new Float64Array([0.5]);
      const r1 = forward(ramp.spec, ramp.w.residual, x0, 1, false).out[0];
      const o1 = solveInterpolatedOde(ramp.spec, ramp.w.residual, x0, 1, 4)[N];
      expect(r1).toBeCloseTo(0.5 + (N - 1) / 2, 9);
      expect(o1 - r1).toBeCloseTo(0.5, 9);
      // θ_n = (−1)^n, f = θ²: the ResNet adds 1, the weight-interpolated ODE only 1/3
      const alt = setup({
        data: { kind: 'square', nTrain: 1, noise: 0 },
        model: {
          residual: 'mlp',
          d: 1,
          width: 1,
          activation: 'identity',
          depth: N,
          bias: true,
          readout: 'project',
        },
        init: { kind: 'alternating' },
        train: { loss: 'mse' },
      });
      const r2 = forward(alt.spec, alt.w.residual, x0, 1, false).out[0];
      const o2 = solveInterpolatedOde(alt.spec, alt.w.residual, x0, 1, 8)[N];
      expect(r2).toBeCloseTo(1.5, 12);
      expect(r2 - o2).toBeCloseTo(2 / 3, 9);
    }
  });

  it("a linear ResNet's output is Π_n (I + θ_n/N) x and its matrix loss is mean((Π − B)²)", () => {
    const d = 3;
    const N = 12;
    const s = setup({
      data: { kind: 'matrix', targetStd: 0.5 },
      model: { residual: 'linear', d, depth: N, bias: false, readout: 'project' },
      init: { kind: 'iid', std: 0.9 },
      train: { loss: 'mse', optimizer: 'gd' },
    });
    // Π = (I + θ_{N−1}/N) ··· (I + θ_0/N)
    let Pi = Float64Array.from({ length: d * d }, (_, i) => (i % (d + 1) === 0 ? 1 : 0));
    for (let n = 0; n < N; n++) {
      const A = new Float64Array(d * d);
      for (let i = 0; i < d; i++)
        for (let j = 0; j < d; j++) {
          let v = 0;
          for (let k = 0; k < d; k++) {
            const t = s.w.residual[n * s.spec.setSize + i * d + k] / N + (i === k ? 1 : 0);
            v += t * Pi[k * d + j];
          }
          A[i * d + j] = v;
        }
      Pi = A;
    }
    const x0 = embed(s.spec, s.w, s.x, s.B); // the identity basis
    const out = forward(s.spec, s.w.residual, x0, s.B, false).out;
    // sample k is e_k, so its output is column k of Π
    const cols = new Float64Array(d * d);
    for (let k = 0; k < d; k++) for (let i = 0; i < d; i++) cols[k * d + i] = Pi[i * d + k];
    expect(relErr(out, cols)).toBeLessThan(1e-13);
    const L = evalLoss('mse', s.spec, s.w, out, s.y, s.B).loss;
    let ref = 0;
    for (let k = 0; k < d; k++) for (let i = 0; i < d; i++) ref += (Pi[i * d + k] - s.y[k * d + i]) ** 2;
    expect(L).toBeCloseTo(ref / (d * d), 14);
  });

  it('when f does not depend on x, reconstruction is exact and adjoint gradients equal exact ones', () => {
    for (const scheme of ['euler', 'heun'] as const)
      for (const residual of ['linear', 'mlp'] as const) {
        const s = setup({
          data: { kind: 'gaussian', inputDim: 2, outputDim: 2, nTrain: 6 },
          model: { residual, scheme, d: 2, width: 3, depth: 9, bias: true, activation: 'tanh' },
          init: { kind: 'iid', std: 0.7, stdV: 0.7, biasStd: 1 },
          train: { loss: 'mse' },
        });
        // zero θ (linear) or W (MLP): f(x, θ_n) = b_n, resp. V_n σ(b_n), independent of x
        const { P, setSize, off, d, M } = s.spec;
        const zeroFrom = residual === 'linear' ? off.theta : off.W;
        const zeroLen = residual === 'linear' ? d * d : M * d;
        for (let n = 0; n < P; n++)
          s.w.residual.fill(0, n * setSize + zeroFrom, n * setSize + zeroFrom + zeroLen);
        const x0 = embed(s.spec, s.w, s.x, s.B);
        const fw = forward(s.spec, s.w.residual, x0, s.B, true);
        const rec = reconstruct(s.spec, s.w.residual, fw.out, s.B);
        expect(relErr(rec, fw.states!)).toBeLessThan(1e-14);
        const L = evalLoss('mse', s.spec, s.w, fw.out, s.y, s.B);
        const ex = backwardExact(s.spec, s.w.residual, fw.states!, L.gOut, s.B);
        const ad = backwardAdjoint(s.spec, s.w.residual, fw.out, L.gOut, s.B);
        expect(relErr(ad.grad, ex.grad)).toBeLessThan(1e-13);
        expect(Math.hypot(...ex.grad)).toBeGreaterThan(1e-3);
      }
  });

  it('adjoint gradients differ from exact ones when f depends on x (the test above can fail)', () => {
    const s = setup({
      data: { kind: 'gaussian', inputDim: 2, outputDim: 2, nTrain: 6 },
      model: { residual: 'mlp', d: 2, width: 3, depth: 9 },
      init: { kind: 'iid', std: 1, stdV: 1 },
      train: { loss: 'mse' },
    });
    const ex = computeGradients(s.spec, s.w, s.x, s.y, s.B, 'mse', 'exact');
    const ad = computeGradients(s.spec, s.w, s.x, s.y, s.B, 'mse', 'adjoint');
    expect(relErr(ad.grad, ex.grad)).toBeGreaterThan(1e-4);
    expect(ad.loss).toBe(ex.loss);
  });
});

describe('reverse reconstruction is the scheme run backwards', () => {
  it('one reverse Euler step undoes a forward step to O(h²) and reverse Heun to O(h³)', () => {
    // single step at decreasing h: local errors shrink like h² (Euler) and h³ (Heun)
    const errs: Record<string, number[]> = { euler: [], heun: [] };
    for (const scheme of ['euler', 'heun'] as const)
      for (const N of [10, 20, 40, 80]) {
        const c = makeConfig({
          data: { kind: 'gaussian', inputDim: 2, outputDim: 2, nTrain: 3 },
          model: { residual: 'mlp', d: 2, width: 5, depth: N, scheme, activation: 'tanh' },
          init: { kind: 'tied', std: 1, stdV: 1 },
          train: { loss: 'mse' },
        });
        const spec: NetSpec = { ...netSpec(c), steps: 1 };
        const w = initWeights(c, netSpec(c));
        const x0 = new Rng(5).fillNormal(new Float64Array(2 * 3));
        const fw = forward(spec, w.residual, x0, 3, false);
        const rec = reconstruct(spec, w.residual, fw.out, 3);
        errs[scheme].push(relErr(rec.subarray(0, 6), x0));
      }
    for (let i = 1; i < 4; i++) {
      expect(errs.euler[i - 1] / errs.euler[i]).toBeGreaterThan(3.5); // ≈ 4
      expect(errs.heun[i - 1] / errs.heun[i]).toBeGreaterThan(7); // ≈ 8 (tied weights: smooth)
    }
  });
});
