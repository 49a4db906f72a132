// WasmBackend (float32 WASM SIMD) against CpuBackend (float64 reference): 40-step loss trajectories, evaluation,
// determinism, checkpoints, divergence and the startStep/weights options.
import { describe, expect, it } from 'vitest';
import type { ExperimentConfig } from '../core/config';
import { DivergenceMonitor } from '../core/divergence';
import { initWeights } from '../core/params';
import { makeConfig, relErr } from '../core/testing';
import type { WasmTrainer } from '../wasm/trainer';
import { buildChosen, type Candidate, chooseEngine } from './auto-backend';
import type { StepProgress } from './backend';
import { CpuBackend } from './cpu-backend';
import { WasmBackend } from './wasm-backend';

const CONFIGS: Record<string, ExperimentConfig> = {
  'MLP tanh, Euler, exact, Adam': makeConfig({
    data: { kind: 'gaussian', nTrain: 48, nTest: 16 },
    model: { residual: 'mlp', d: 3, width: 12, activation: 'tanh', depth: 16, scheme: 'euler' },
    train: { loss: 'mse', optimizer: 'adam', lr: 0.01, batchSize: 16, gradMode: 'exact' },
  }),
  'MLP gelu, Heun, adjoint, SGD': makeConfig({
    data: { kind: 'moons', nTrain: 40, nTest: 10 },
    model: { residual: 'mlp', d: 4, width: 9, activation: 'gelu', depth: 12, scheme: 'heun' },
    train: { optimizer: 'sgd', momentum: 0.9, lr: 0.05, batchSize: 8, gradMode: 'adjoint' },
  }),
  'linear, GD': makeConfig({
    data: { kind: 'matrix' },
    model: { residual: 'linear', d: 3, depth: 20, bias: false },
    train: { loss: 'mse', optimizer: 'gd', lr: 0.05, gradMode: 'exact' },
  }),
};

async function losses(b: {
  trainSteps(k: number): Promise<void>;
  readLosses(): Promise<{ loss: number }[]>;
}) {
  await b.trainSteps(40);
  return (await b.readLosses()).map((p) => p.loss);
}

describe('WasmBackend', () => {
  it('reports what it is', () => {
    const b = new WasmBackend(Object.values(CONFIGS)[0]);
    expect(b.kind).toBe('wasm');
    expect(b.label).toBe('CPU · float32 WASM SIMD');
    expect(b.memory.precision).toBe('float32');
    expect(b.memory.activationBytes).toBeGreaterThan(b.memory.activationBytesOtherMode);
  });

  it.each(Object.keys(CONFIGS))(
    '%s: 40-step losses and evaluation match the float64 engine',
    async (name) => {
      const c = CONFIGS[name];
      const cpu = new CpuBackend(c);
      const wasm = new WasmBackend(c);
      const lc = await losses(cpu);
      const lw = await losses(wasm);
      expect(lw).toHaveLength(40);
      expect(lw[39]).toBeLessThan(lw[0]);
      for (let i = 0; i < 40; i++)
        expect(Math.abs(lw[i] - lc[i]) / Math.abs(lc[i]), `step ${i + 1}`).toBeLessThan(1e-3);
      expect(wasm.step).toBe(40);
      const [ec, ew] = [await cpu.evaluate(), await wasm.evaluate()];
      expect(Math.abs(ew.trainLoss - ec.trainLoss) / ec.trainLoss).toBeLessThan(1e-3);
      if (Number.isFinite(ec.testLoss))
        expect(Math.abs(ew.testLoss - ec.testLoss) / ec.testLoss).toBeLessThan(1e-3);
      const [wc, ww] = [await cpu.readWeights(), await wasm.readWeights()];
      expect(relErr(ww.residual, wc.residual)).toBeLessThan(1e-3);
      // final states (float32, on the engine) against the reference's
      const x = c.data.kind === 'matrix' ? wasm.data.train.x : wasm.data.test.x;
      const F = Math.min(8, x.length / wasm.data.inputDim);
      expect(relErr(await wasm.finalStates(x, F), await cpu.finalStates(x, F))).toBeLessThan(1e-3);
    },
  );

  it('is deterministic: two runs give bit-identical losses and weights', async () => {
    for (const c of Object.values(CONFIGS)) {
      const a = new WasmBackend(c);
      const b = new WasmBackend(c);
      expect(await losses(a)).toEqual(await losses(b));
      expect((await a.readWeights()).residual).toEqual((await b.readWeights()).residual);
    }
  });

  it('checkpoint / restore, and resuming from weights and a step', async () => {
    const c = CONFIGS['MLP tanh, Euler, exact, Adam'];
    const a = new WasmBackend(c);
    await a.trainSteps(5);
    await a.checkpoint();
    const w5 = await a.readWeights();
    await a.trainSteps(3);
    const after = (await a.readLosses()).slice(5).map((p) => p.loss);
    expect(await a.restore()).toBe(5);
    await a.trainSteps(3);
    expect((await a.readLosses()).map((p) => p.loss)).toEqual(after);
    // a fresh backend from the step-5 weights replays the same batches (Adam moments start at zero there)
    const b = new WasmBackend(c, w5, undefined, 5);
    expect(b.step).toBe(5);
    await b.trainSteps(1);
    const [p] = await b.readLosses();
    expect(p.step).toBe(6);
    expect(p.loss).toBe(after[0]);
  });

  it('reports an explosion (weights beyond the bound) at the step it happens and stops the batch there', async () => {
    const c = makeConfig({
      data: { kind: 'gaussian', nTrain: 16 },
      model: { residual: 'linear', d: 2, depth: 4, scale: '1' },
      train: { loss: 'mse', optimizer: 'gd', lr: 1e6, gradMode: 'exact' },
    });
    const b = new WasmBackend(c);
    await b.trainSteps(50);
    const ls = await b.readLosses();
    const last = ls[ls.length - 1];
    expect(last.weightsBeyond).toBe(true);
    expect(b.step).toBe(last.step);
    expect(ls.length).toBeLessThan(50);
    const d = new DivergenceMonitor().check(ls);
    expect(d?.reason).toBe('weights');
    expect(d?.step).toBe(last.step);
  });

  it('a long step says how far it is, as the float64 engine does: forward the first half, then back', async () => {
    const c = CONFIGS['MLP gelu, Heun, adjoint, SGD'];
    const S = 12;
    const b = new WasmBackend(c);
    expect(b.spec.steps).toBe(S);
    // ranges of 5 layers (the engine sizes them by work; a net this small would run each pass in one call)
    (b as unknown as { trainer: WasmTrainer }).trainer.net.layersPerCall = 5;
    b.progressEveryMs = 0; // every report (the page gets one every ¼ s)
    const seen: StepProgress[] = [];
    b.onProgress = (p) => seen.push(p);
    await b.trainSteps(2);
    const one = [5, 10, 12].map((n) => n / (2 * S)).concat([7, 2, 0].map((n) => (2 * S - n) / (2 * S)));
    expect(seen.map((p) => p.fraction)).toEqual([...one, ...one]);
    expect(seen.map((p) => p.step)).toEqual([...one.map(() => 1), ...one.map(() => 2)]);
    expect(seen.every((p) => p.elapsedMs >= 0)).toBe(true);
    // and the same losses as a backend nobody listens to
    const quiet = new WasmBackend(c);
    await quiet.trainSteps(2);
    expect(await b.readLosses()).toEqual(await quiet.readLosses());
  });

  it('diagnostics and probe come from the float64 reference at the same weights', async () => {
    const c = CONFIGS['MLP gelu, Heun, adjoint, SGD'];
    const w = initWeights(c);
    const [cpu, wasm] = [new CpuBackend(c, w, 8), new WasmBackend(c, w, 8)];
    expect(await wasm.diagnostics()).toEqual(await cpu.diagnostics());
    expect((await wasm.probe()).gradAdjoint).toEqual((await cpu.probe()).gradAdjoint);
  });
});

describe('schemes without WASM kernels (midpoint, RK4)', () => {
  const c = makeConfig({
    data: { kind: 'gaussian', nTrain: 16, nTest: 0 },
    model: { residual: 'mlp', d: 2, width: 4, depth: 6, scheme: 'rk4' },
    train: { loss: 'mse', batchSize: 8 },
  });
  const candidates: Candidate<CpuBackend | WasmBackend>[] = [
    { id: 'wasm', label: 'CPU float32 WASM', create: async () => new WasmBackend(c) },
    { id: 'cpu', label: 'CPU float64', create: async () => new CpuBackend(c) },
  ];

  it('are refused with the reason', () => {
    for (const scheme of ['midpoint', 'rk4'] as const)
      expect(() => new WasmBackend({ ...c, model: { ...c.model, scheme } })).toThrow(
        new RegExp(`the float32 WASM engine has no ${scheme === 'rk4' ? 'RK4' : 'midpoint'} scheme yet`),
      );
  });

  it('the automatic choice skips the WASM engine, saying why, and the run builds on the next engine', async () => {
    const choice = await chooseEngine({ candidates, preference: 'auto' });
    expect(choice?.id).toBe('cpu');
    expect(choice?.timings.find((t) => t.id === 'wasm')).toMatchObject({
      ok: false,
      reason: 'the float32 WASM engine has no RK4 scheme yet',
    });
    // asked for the WASM engine all the same: the build falls back with the reason
    const built = await buildChosen(candidates, {
      id: 'wasm',
      label: 'CPU float32 WASM',
      how: 'requested',
      reason: 'chosen by you',
      timings: [],
    });
    expect(built.backend).toBeInstanceOf(CpuBackend);
    expect(built.choice).toMatchObject({ id: 'cpu', how: 'fallback' });
    expect(built.choice.reason).toContain(
      'CPU float32 WASM cannot run it: the float32 WASM engine has no RK4 scheme yet',
    );
    await built.backend.trainSteps(2);
    expect((await built.backend.readLosses()).every((l) => Number.isFinite(l.loss))).toBe(true);
    built.backend.dispose();
  });
});
