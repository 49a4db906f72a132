// The headless experiment on the float64 backend: deterministic output, probe gradients equal to the reference.
import { describe, expect, it } from 'vitest';
import { gatherRows } from '../core/batches';
import { computeGradients } from '../core/gradients';
import { makeConfig } from '../core/testing';
import { encodeLink } from '../link/codec';
import { CpuBackend } from '../run/cpu-backend';
import { defaultViews } from '../state/experiment';
import { RunDivergedError, resultCsvs, runExperiment, runProbe } from './experiment';

const config = makeConfig({
  data: { kind: 'moons', nTrain: 32, nTest: 16 },
  model: { d: 3, width: 5, depth: 6, scheme: 'heun' },
  train: { batchSize: 8, gradMode: 'adjoint' },
});
const link = encodeLink(config, defaultViews());

async function run() {
  const b = new CpuBackend(config);
  const { result, weights } = await runExperiment(b, config, link, { steps: 12, evalEvery: 4 });
  const probe = await runProbe(b, weights);
  return { result, probe, weights, b };
}

describe('headless experiment', () => {
  it('is deterministic: two runs give identical JSON', async () => {
    const a = await run();
    const b = await run();
    expect(JSON.stringify(b.result)).toBe(JSON.stringify(a.result));
    expect(JSON.stringify(b.probe)).toBe(JSON.stringify(a.probe));
    expect(a.result.training.losses.map((p) => p.step)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(a.result.training.evaluations.map((e) => e.step)).toEqual([0, 4, 8, 12]);
  });

  it('probe gradients equal the float64 reference at the final weights; structure follows the layout', async () => {
    const { probe, weights, b } = await run();
    const idx = Int32Array.from(probe.indices);
    const x = gatherRows(b.data.train.x, b.data.inputDim, idx);
    const y = gatherRows(b.data.train.y, b.data.outputDim, idx);
    const ex = computeGradients(b.spec, weights, x, y, idx.length, 'xent', 'exact');
    const ad = computeGradients(b.spec, weights, x, y, idx.length, 'xent', 'adjoint');
    const flat = (sets: typeof probe.gradients.exact) =>
      sets.flatMap((s) =>
        'W' in s ? [...s.W.flat(), ...(s.b ?? []), ...s.V.flat()] : [...s.theta.flat(), ...(s.b ?? [])],
      );
    expect(flat(probe.gradients.exact)).toEqual(Array.from(ex.grad));
    expect(flat(probe.gradients.adjoint)).toEqual(Array.from(ad.grad));
    expect(probe.loss).toBe(ex.loss);
    expect(probe.states.length).toBe(b.spec.steps + 1);
    expect(probe.weights.length).toBe(b.spec.P);
  });

  it('writes one CSV per plot, each parseable with a header', async () => {
    const { result } = await run();
    const csvs = resultCsvs(result);
    expect(Object.keys(csvs).sort()).toEqual([
      'evaluations.csv',
      'gradient_error.csv',
      'layers.csv',
      'losses.csv',
      'trajectories.csv',
    ]);
    for (const [name, text] of Object.entries(csvs)) {
      const rows = text
        .trim()
        .split('\n')
        .map((r) => r.split(','));
      expect(rows.length, name).toBeGreaterThan(1);
      for (const r of rows) expect(r.length, name).toBe(rows[0].length);
      for (const r of rows.slice(1))
        for (const v of r) expect(v === '' || Number.isFinite(Number(v)), `${name}: ${v}`).toBe(true);
    }
    const back = JSON.parse(JSON.stringify(result));
    expect(back.config).toEqual(config);
  });
});

describe('result summary', () => {
  it('reports the last evaluation, gradient error, N·max‖Δθ‖ and the crossings of a 1-D fan', async () => {
    // x ↦ x + h f(x) with large i.i.d. weights and h = 1/√N is not monotone: the 1-D fan crosses
    const c = makeConfig({
      seed: 5,
      data: { kind: 'neg-square', lo: 0.5, hi: 2, nTrain: 16, nTest: 0, noise: 0 },
      model: { d: 1, residual: 'mlp', width: 8, depth: 12, scale: '1/sqrt(N)', readout: 'project' },
      init: { kind: 'iid', std: 2, stdV: 2, biasStd: 2 },
      train: { loss: 'mse', batchSize: 16 },
    });
    const b = new CpuBackend(c);
    const { result } = await runExperiment(b, c, encodeLink(c, defaultViews()), { steps: 2, evalEvery: 2 });
    const s = result.summary;
    const lastEval = result.training.evaluations.at(-1)!;
    expect(s.trainLoss).toBe(lastEval.trainLoss);
    expect(s.trainAcc).toBeNull();
    expect(s.weightChange).toBeGreaterThan(0);
    expect(s.gradErrorGlobal).toBe(result.diagnostics.at(-1)!.gradErrorGlobal);
    expect(s.depthSmoothness).toBeCloseTo(b.spec.N * Math.max(...result.diagnostics.at(-1)!.increments), 12);
    // crossings counted independently: order flips between consecutive layers of the fan
    const st = result.final.trajectories.states.map((layer) => layer.map((v) => v[0]));
    let flips = 0;
    for (let n = 0; n + 1 < st.length; n++)
      for (let i = 0; i < st[n].length; i++)
        for (let j = i + 1; j < st[n].length; j++)
          if ((st[n][i] - st[n][j]) * (st[n + 1][i] - st[n + 1][j]) < 0) flips++;
    expect(flips).toBeGreaterThan(0);
    expect(s.crossings?.count).toBe(flips);
  });

  it('has no crossing count above d = 2, and accuracy for classification', async () => {
    const { result } = await run();
    expect(result.summary.crossings).toBeNull();
    expect(result.summary.testAcc).toBeGreaterThanOrEqual(0);
    expect(result.summary.testAcc).toBeLessThanOrEqual(1);
  });
});

describe('a run that explodes (issue 13: Adam at lr 1e6 sat at a loss of 1e11 and the runner said "done")', () => {
  it.each([
    ['Adam lr 1e6', { optimizer: 'adam', lr: 1e6 }, /Adam moves every weight by about lr per step/],
    ['SGD lr 1e6 + momentum', { optimizer: 'sgd', lr: 1e6, momentum: 0.9 }, /SGD with lr = 1\.00e\+6/],
  ] as const)('%s: stops with the step, the reason and the likely cause', async (_, train, cause) => {
    const c = makeConfig({
      data: { kind: 'moons', nTrain: 32, nTest: 16 },
      model: { d: 2, width: 6, depth: 8, scale: '1' },
      train: { batchSize: 16, ...train },
    });
    const run = runExperiment(new CpuBackend(c), c, encodeLink(c, defaultViews()), {
      steps: 40,
      evalEvery: 10,
    });
    await expect(run).rejects.toThrow(RunDivergedError);
    await expect(
      runExperiment(new CpuBackend(c), c, encodeLink(c, defaultViews()), { steps: 40, evalEvery: 10 }),
    ).rejects.toThrow(/^training diverged at step \d+: .*Likely cause: the learning rate is too large/);
    await expect(
      runExperiment(new CpuBackend(c), c, encodeLink(c, defaultViews()), { steps: 40, evalEvery: 10 }),
    ).rejects.toThrow(cause);
  });
});
