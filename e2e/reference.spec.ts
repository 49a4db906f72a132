// The engine as the page runs it (Chromium's WebGPU on SwiftShader, through the app) against the float64
// reference: a few training steps give the same losses, and at the trained weights the page's states, loss,
// exact and adjoint gradients equal the reference's. The Node/Dawn kernel tests cover the whole config space;
// this subset checks that the browser path (shader compilation, limits, bindings) computes the same numbers.
import { expect, type Page, test } from '@playwright/test';
import { gatherRows } from '../src/core/batches';
import { defaultConfig, type ExperimentConfig } from '../src/core/config';
import { computeGradients } from '../src/core/gradients';
import type { Weights } from '../src/core/params';
import { relErr } from '../src/core/testing';
import { CpuBackend } from '../src/run/cpu-backend';
import { collectPageErrors } from './helpers';
import { pinEngine, waitForStep } from './run-helpers';

// these specs test the WebGPU engine itself: train on it whatever the automatic engine choice would pick
test.beforeEach(({ page }) => pinEngine(page));

function config(patch: {
  seed: number;
  data: Partial<ExperimentConfig['data']>;
  model: Partial<ExperimentConfig['model']>;
  train: Partial<ExperimentConfig['train']>;
  init?: Partial<ExperimentConfig['init']>;
}): ExperimentConfig {
  const c = defaultConfig();
  return {
    ...c,
    seed: patch.seed,
    data: { ...c.data, ...patch.data },
    model: { ...c.model, ...patch.model },
    init: { ...c.init, ...patch.init },
    train: { ...c.train, steps: 100_000, ...patch.train },
  };
}

const CASES: [string, ExperimentConfig][] = [
  [
    'Euler, tanh MLP, MSE, Adam, exact',
    config({
      seed: 11,
      data: { kind: 'gaussian', inputDim: 3, outputDim: 2, nTrain: 24, nTest: 8 },
      model: { d: 3, residual: 'mlp', width: 6, activation: 'tanh', depth: 12, scheme: 'euler' },
      train: { loss: 'mse', optimizer: 'adam', lr: 0.01, batchSize: 8, gradMode: 'exact' },
    }),
  ],
  [
    'Heun, GELU MLP, cross-entropy, momentum, adjoint',
    config({
      seed: 12,
      data: { kind: 'moons', nTrain: 32, nTest: 16, noise: 0.1 },
      model: { d: 2, residual: 'mlp', width: 8, activation: 'gelu', depth: 10, scheme: 'heun' },
      train: { loss: 'xent', optimizer: 'sgd', momentum: 0.9, lr: 0.05, batchSize: 16, gradMode: 'adjoint' },
    }),
  ],
  [
    // half-step stages read the blended sets θ_{n+½}, refreshed after every optimizer step
    'RK4, tanh MLP, MSE, Adam, adjoint',
    config({
      seed: 14,
      data: { kind: 'gaussian', inputDim: 2, outputDim: 2, nTrain: 24, nTest: 8 },
      model: { d: 3, residual: 'mlp', width: 6, activation: 'tanh', depth: 10, scheme: 'rk4' },
      train: { loss: 'mse', optimizer: 'adam', lr: 0.01, batchSize: 8, gradMode: 'adjoint' },
    }),
  ],
  [
    'Euler, linear residual with bias, 1/√N scale, GD, adjoint',
    config({
      seed: 13,
      data: { kind: 'gaussian', inputDim: 4, outputDim: 4, nTrain: 16, nTest: 0 },
      model: { d: 4, residual: 'linear', bias: true, depth: 9, scale: '1/sqrt(N)', readout: 'project' },
      init: { kind: 'smooth', std: 0.5 },
      train: { loss: 'mse', optimizer: 'gd', lr: 0.02, batchSize: 16, gradMode: 'adjoint' },
    }),
  ],
];

async function loadAndWait(page: Page, c: ExperimentConfig) {
  await page.evaluate((cfg) => window.__odeLens!.experiment.getState().load(cfg), c);
  await page.waitForFunction(
    () => {
      const h = window.__odeLens!;
      const r = h.run.getState();
      return (
        JSON.stringify(h.controller.currentConfig) === JSON.stringify(h.experiment.getState().config) &&
        r.status === 'paused' &&
        !!r.snapshot
      );
    },
    undefined,
    { timeout: 60_000 },
  );
}

for (const [name, c] of CASES)
  test(`page engine = float64 reference: ${name}`, async ({ page }) => {
    const errors = collectPageErrors(page);
    await page.goto('/');
    await expect(page.getByTestId('gpu-status')).toHaveAttribute('data-state', 'ok');
    await loadAndWait(page, c);
    const K = 3;
    for (let k = 1; k <= K; k++) {
      await page.getByTestId('run-step').click();
      await waitForStep(page, (s) => s === k);
      await expect(page.getByTestId('run-step')).toBeEnabled();
    }
    const got = await page.evaluate(async () => {
      const h = window.__odeLens!;
      const r = await h.controller.probe();
      if (!r) throw new Error('no run');
      const { probe: p, weights: w } = r;
      return {
        backend: h.run.getState().backendKind,
        losses: h.run.getState().losses.map((l) => [l.step, l.loss]),
        indices: Array.from(p.indices),
        states: Array.from(p.states),
        recon: Array.from(p.recon),
        loss: p.loss,
        gradExact: Array.from(p.gradExact),
        gradAdjoint: Array.from(p.gradAdjoint),
        gradReadout: Array.from(p.gradReadout),
        weights: {
          residual: Array.from(w.residual),
          readoutW: Array.from(w.readoutW),
          readoutB: Array.from(w.readoutB),
          embed: Array.from(w.embed),
        },
      };
    });
    expect(got.backend).toBe('webgpu');

    // the same K steps on the float64 engine: same batch losses (float32 vs float64 arithmetic over K steps)
    const cpu = new CpuBackend(c);
    await cpu.trainSteps(K);
    const ref = await cpu.readLosses();
    expect(got.losses.map(([s]) => s)).toEqual(ref.map((l) => l.step));
    expect(
      relErr(
        got.losses.map(([, l]) => l),
        ref.map((l) => l.loss),
      ),
    ).toBeLessThan(1e-4);

    // at the page's weights, the reference's forward, loss and both gradients on the probed batch
    const w: Weights = {
      residual: Float64Array.from(got.weights.residual),
      readoutW: Float64Array.from(got.weights.readoutW),
      readoutB: Float64Array.from(got.weights.readoutB),
      embed: Float64Array.from(got.weights.embed),
    };
    const idx = Int32Array.from(got.indices);
    const x = gatherRows(cpu.data.train.x, cpu.data.inputDim, idx);
    const y = gatherRows(cpu.data.train.y, cpu.data.outputDim, idx);
    const ex = computeGradients(cpu.spec, w, x, y, idx.length, c.train.loss, 'exact');
    const ad = computeGradients(cpu.spec, w, x, y, idx.length, c.train.loss, 'adjoint');
    expect(Math.abs(got.loss - ex.loss) / ex.loss).toBeLessThan(1e-4);
    expect(relErr(got.states, ex.states!)).toBeLessThan(1e-4);
    expect(relErr(got.gradExact, ex.grad)).toBeLessThan(1e-4);
    expect(relErr(got.gradAdjoint, ad.grad)).toBeLessThan(1e-4);
    // the adjoint really differs from the exact gradient (Euler/Heun reversal is not exact), so both are checked
    if (c.model.residual === 'mlp') expect(relErr(ad.grad, ex.grad)).toBeGreaterThan(1e-7);
    expect(errors).toEqual([]);
  });
