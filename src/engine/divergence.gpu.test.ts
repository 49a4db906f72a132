// The engine's divergence reports (max |x_S| and the weight-bound flag, computed in the loss and optimizer kernels
// and read back with the losses), its two checkpoints, and its optimizer state in and out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentConfig } from '../core/config';
import { DivergenceMonitor, STATE_BOUND, WEIGHT_BOUND } from '../core/divergence';
import { initWeights } from '../core/params';
import { makeConfig } from '../core/testing';
import { CpuTrainer } from '../core/trainer';
import { StateRangeError } from '../core/training-state';
import { GpuEngine } from './engine';
import { acquireNodeDevice, releaseNodeDevice } from './node-device';

let device: GPUDevice;
beforeAll(async () => {
  device = (await acquireNodeDevice()).device;
});
afterAll(async () => {
  await releaseNodeDevice();
});

const small = (train: Partial<ExperimentConfig['train']> = {}): ExperimentConfig =>
  makeConfig({
    data: { kind: 'moons', nTrain: 32, nTest: 16 },
    model: { d: 2, width: 6, depth: 8, scale: '1' },
    train: { optimizer: 'adam', lr: 0.01, batchSize: 16, ...train },
  });

describe('divergence reports from the kernels', () => {
  it('a sane run reports its largest final state and no weight beyond the bound', async () => {
    const c = small();
    const e = await GpuEngine.create(device, c);
    try {
      e.trainSteps(1);
      const [p] = await e.readLosses();
      // the same batch at the same initial weights on the float64 engine
      const s = new CpuTrainer(c).trainStep();
      expect(Math.abs(p.maxState! - s.maxState!) / s.maxState!).toBeLessThan(1e-4);
      expect(p.weightsBeyond).toBe(false);
      expect(Math.abs(p.loss - s.loss) / s.loss).toBeLessThan(1e-4);
    } finally {
      e.dispose();
    }
  });

  it.each([
    ['SGD lr 1e6 + momentum', { optimizer: 'sgd', lr: 1e6, momentum: 0.9 }],
    ['Adam lr 1e6', { optimizer: 'adam', lr: 1e6 }],
  ] as const)('%s: flagged within the first steps, before any loss is NaN', async (_, train) => {
    const e = await GpuEngine.create(device, small(train));
    try {
      e.trainSteps(8);
      const ls = await e.readLosses();
      const d = new DivergenceMonitor().check(ls);
      expect(d).not.toBeNull();
      expect(d!.step).toBeLessThanOrEqual(2);
      expect(ls.slice(0, d!.step).every((p) => Number.isFinite(p.loss))).toBe(true);
      // the flag is set by the update that went beyond the bound, and every weight agrees
      const first = ls.findIndex((p) => p.weightsBeyond);
      expect(first).toBeGreaterThanOrEqual(0);
      expect(ls.slice(0, first).every((p) => !p.weightsBeyond)).toBe(true);
    } finally {
      e.dispose();
    }
  });

  it('the flag is cleared each step: a bound crossed once does not stick', async () => {
    const c = small({ optimizer: 'sgd', lr: 0.05, momentum: 0 });
    const w = initWeights(c);
    w.residual[3] = 0.9 * WEIGHT_BOUND; // near the bound, not beyond: small SGD steps keep it there
    const e = await GpuEngine.create(device, c, { weights: w });
    try {
      e.trainSteps(3);
      const ls = await e.readLosses();
      expect(ls.map((p) => p.weightsBeyond)).toEqual([false, false, false]);
      const big = initWeights(c);
      big.residual[3] = 2 * WEIGHT_BOUND;
      e.setWeights(big);
      e.trainSteps(1);
      expect((await e.readLosses())[0].weightsBeyond).toBe(true);
      e.setWeights(initWeights(c));
      e.trainSteps(1);
      expect((await e.readLosses())[0].weightsBeyond).toBe(false);
    } finally {
      e.dispose();
    }
  });

  it('states beyond the bound are reported', async () => {
    const c = makeConfig({
      data: { kind: 'moons', nTrain: 32, nTest: 16 },
      model: { residual: 'linear', d: 2, depth: 4, scale: '1', bias: true },
      train: { optimizer: 'sgd', lr: 1e-12, batchSize: 16 },
    });
    const w = initWeights(c);
    w.residual.fill(0);
    w.residual[2 * 2] = 1e16; // the bias b of the first layer (after θ [2][2]): every state moves that far
    const e = await GpuEngine.create(device, c, { weights: w });
    try {
      e.trainSteps(1);
      const [p] = await e.readLosses();
      expect(p.maxState).toBeGreaterThan(STATE_BOUND);
      expect(new DivergenceMonitor().check([p])?.reason).toBe('states');
    } finally {
      e.dispose();
    }
  });
});

describe('checkpoints and optimizer state', () => {
  it('keeps two checkpoints; restore(maxStep) takes the newest at or before it', async () => {
    const e = await GpuEngine.create(device, small());
    try {
      e.trainSteps(2);
      e.checkpoint();
      const at2 = await e.readParams();
      e.trainSteps(3);
      e.checkpoint();
      e.trainSteps(2);
      expect(e.restore(4)).toBe(2);
      expect((await e.readParams()).residual).toEqual(at2.residual);
      // the later checkpoint (step 5) was dropped: the newest is step 2 now
      e.trainSteps(4);
      expect(e.restore()).toBe(2);
      // none old enough: the oldest
      e.checkpoint();
      expect(e.restore(0)).toBe(2);
    } finally {
      e.dispose();
    }
  });

  it('optimizer state goes out and back in: a run resumed from it trains on like the unbroken one', async () => {
    const c = small();
    const a = await GpuEngine.create(device, c);
    try {
      a.trainSteps(5);
      const s = await a.readTrainingState();
      expect(s.step).toBe(5);
      expect(s.opt.residual.v.some((v) => v > 0)).toBe(true);
      const b = await GpuEngine.create(device, c, { weights: s.weights, startStep: 5, opt: s.opt });
      try {
        a.trainSteps(3);
        b.trainSteps(3);
        expect((await b.readParams()).residual).toEqual((await a.readParams()).residual);
      } finally {
        b.dispose();
      }
      // without the moments, it does not
      const z = await GpuEngine.create(device, c, { weights: s.weights, startStep: 5 });
      try {
        z.trainSteps(3);
        expect((await z.readParams()).residual).not.toEqual((await a.readParams()).residual);
      } finally {
        z.dispose();
      }
    } finally {
      a.dispose();
    }
  });

  it('weights or moments beyond float32 are refused before anything is allocated, naming the entry', async () => {
    const c = small();
    const w = initWeights(c);
    w.residual[7] = 1e308;
    await expect(GpuEngine.create(device, c, { weights: w })).rejects.toThrow(StateRangeError);
    await expect(GpuEngine.create(device, c, { weights: w })).rejects.toThrow(
      /weights\.residual\[7\] = 1e\+308 is beyond the float32 range/,
    );
  });
});
