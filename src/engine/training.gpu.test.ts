// GPU training runs against the CPU trainer, determinism, evaluation, trajectories, the probe, limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchIndices, gatherRows } from '../core/batches';
import { type ExperimentConfig, MAX_DEPTH } from '../core/config';
import { fan1d, makeDataset } from '../core/data';
import { computeGradients } from '../core/gradients';
import { initWeights, netSpec } from '../core/params';
import { embed, forward } from '../core/reference';
import { makeConfig, relErr } from '../core/testing';
import { CpuTrainer } from '../core/trainer';
import { GpuEngine } from './engine';
import { acquireNodeDevice, releaseNodeDevice } from './node-device';
import { EngineLimitError, PORTABLE_LIMITS } from './plan';

let device: GPUDevice;
beforeAll(async () => {
  device = (await acquireNodeDevice()).device;
});
afterAll(async () => {
  await releaseNodeDevice();
});

const small = (over: Parameters<typeof makeConfig>[0] = {}): ExperimentConfig =>
  makeConfig({
    ...over,
    data: { kind: 'moons', nTrain: 48, nTest: 24, ...over.data },
    model: { d: 3, width: 8, depth: 16, ...over.model },
    train: { optimizer: 'adam', lr: 0.05, batchSize: 16, ...over.train },
  });

describe('multi-step training', () => {
  it.each([
    ['euler exact adam', small()],
    [
      'heun adjoint sgd',
      small({ model: { scheme: 'heun' }, train: { optimizer: 'sgd', gradMode: 'adjoint', lr: 0.2 } }),
    ],
    // blended sets θ_{n+½}: refreshed after every optimizer step, or step 2 on would drift from the CPU
    ['rk4 adjoint adam', small({ model: { scheme: 'rk4' }, train: { gradMode: 'adjoint' } })],
    ['midpoint exact sgd', small({ model: { scheme: 'midpoint' }, train: { optimizer: 'sgd', lr: 0.2 } })],
    [
      'linear matrix gd ×N (Fig. 2)',
      makeConfig({
        data: { kind: 'matrix', targetStd: 0.5 },
        model: { residual: 'linear', d: 3, depth: 32, bias: false, readout: 'project' },
        init: { kind: 'zero' },
        train: { loss: 'mse', optimizer: 'gd', lr: 0.02, lrDepthMult: 'N' },
      }),
    ],
  ])('%s: 40 GPU steps follow the float64 loss trajectory', async (_name, c) => {
    const cpu = new CpuTrainer(c);
    const cpuLoss: number[] = [];
    for (let t = 0; t < 40; t++) cpuLoss.push(cpu.trainStep().loss);
    const engine = await GpuEngine.create(device, c);
    try {
      engine.trainSteps(25);
      engine.trainSteps(15); // two submits: the ring and the step counter carry over
      const gpuLoss = (await engine.readLosses()).map((p) => p.loss);
      expect(gpuLoss.length).toBe(40);
      // float32 rounding compounds over steps; the trajectories stay within 1e-3 relative
      for (let t = 0; t < 40; t++)
        expect(Math.abs(gpuLoss[t] - cpuLoss[t]) / cpuLoss[t], `step ${t}`).toBeLessThan(1e-3);
      // and training did something
      expect(cpuLoss[39]).toBeLessThan(0.9 * cpuLoss[0]);
      const ev = await engine.evaluate();
      const cev = cpu.evaluate();
      expect(Math.abs(ev.trainLoss - cev.trainLoss) / cev.trainLoss).toBeLessThan(1e-3);
      if (Number.isFinite(cev.testLoss))
        expect(Math.abs(ev.testLoss - cev.testLoss) / cev.testLoss).toBeLessThan(1e-3);
      if (engine.data.classification) {
        expect(Math.abs(ev.trainAcc - cev.trainAcc)).toBeLessThanOrEqual(1 / 48 + 1e-9);
        expect(ev.trainAcc).toBeGreaterThan(0.5);
      }
    } finally {
      engine.dispose();
    }
  });

  it('is deterministic: two runs of one config give bit-identical losses and weights', async () => {
    const c = small({ train: { gradMode: 'adjoint' } });
    const run = async () => {
      const e = await GpuEngine.create(device, c);
      e.trainSteps(12);
      const losses = (await e.readLosses()).map((p) => p.loss);
      const p = await e.readParams();
      e.dispose();
      return { losses, p };
    };
    const a = await run();
    const b = await run();
    expect(b.losses).toEqual(a.losses);
    expect(b.p.residual).toEqual(a.p.residual);
    expect(b.p.readout).toEqual(a.p.readout);
  });

  it('reading losses is incremental and reports batch accuracy for classification', async () => {
    const e = await GpuEngine.create(device, small());
    try {
      e.trainSteps(3);
      const first = await e.readLosses();
      expect(first.map((p) => p.step)).toEqual([1, 2, 3]);
      expect(await e.readLosses()).toEqual([]);
      e.trainSteps(2);
      const next = await e.readLosses();
      expect(next.map((p) => p.step)).toEqual([4, 5]);
      for (const p of [...first, ...next]) {
        expect(p.acc).toBeGreaterThanOrEqual(0);
        expect(p.acc).toBeLessThanOrEqual(1);
      }
    } finally {
      e.dispose();
    }
  });
});

describe('trajectories and probe', () => {
  it('trajectories of a fan of inputs equal the CPU forward states', async () => {
    const c = makeConfig({
      data: { kind: 'square', lo: 0.5, hi: 2 },
      model: { d: 1, residual: 'mlp', width: 16, depth: 30, embedding: 'pad', readout: 'project' },
      train: { loss: 'mse' },
    });
    const e = await GpuEngine.create(device, c);
    try {
      e.trainSteps(3);
      const fan = fan1d(c, 11);
      const traj = await e.trajectories(fan, 11);
      const w = await e.readWeightsF64();
      const cpu = forward(e.spec, w.residual, embed(e.spec, w, fan, 11), 11, true).states!;
      expect(traj.length).toBe((e.spec.steps + 1) * 11);
      expect(relErr(traj, cpu)).toBeLessThan(1e-4);
      // a second call reuses the fan's buffers and sees new weights
      e.trainSteps(2);
      const again = await e.trajectories(fan, 11);
      expect(relErr(again, traj)).toBeGreaterThan(0);
    } finally {
      e.dispose();
    }
  });

  it('the probe returns consistent states, reconstructions and gradients', async () => {
    const e = await GpuEngine.create(device, small({ model: { scheme: 'heun' } }), { diagBatch: 6 });
    try {
      const p = await e.probe();
      const { d, steps: S, P, setSize } = e.spec;
      expect(p.B).toBe(6);
      expect(p.states.length).toBe((S + 1) * 6 * d);
      expect(p.recon.length).toBe((S + 1) * 6 * d);
      expect(p.gradExact.length).toBe(P * setSize);
      // the reconstruction starts from x_S exactly and drifts from the forward states below it
      expect(p.recon.subarray(S * 6 * d)).toEqual(p.states.subarray(S * 6 * d));
      expect(relErr(p.recon, p.states)).toBeLessThan(0.1);
      expect(relErr(p.gradAdjoint, p.gradExact)).toBeLessThan(0.1);
      expect(relErr(p.gradAdjoint, p.gradExact)).toBeGreaterThan(0);
      expect(Number.isFinite(p.loss)).toBe(true);
    } finally {
      e.dispose();
    }
  });
});

describe('limits and memory', () => {
  /** A device whose createBuffer calls are counted. */
  function counting(dev: GPUDevice) {
    let buffers = 0;
    const proxy = new Proxy(dev, {
      get(target, prop) {
        if (prop === 'createBuffer')
          return (desc: GPUBufferDescriptor) => {
            buffers++;
            return target.createBuffer(desc);
          };
        const v = Reflect.get(target, prop);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    return { proxy, count: () => buffers };
  }

  it('an oversized exact-mode config fails before allocating, naming the limit; adjoint mode fits', async () => {
    const c = makeConfig({
      data: { kind: 'gaussian', inputDim: 8, outputDim: 8, nTrain: 256, nTest: 0 },
      model: { d: 64, residual: 'mlp', width: 16, depth: 2048 },
      train: { loss: 'mse', batchSize: 256, gradMode: 'exact' },
    });
    expect(c.model.depth).toBeLessThanOrEqual(MAX_DEPTH);
    const { proxy, count } = counting(device);
    const err = await GpuEngine.create(proxy, c, { limits: PORTABLE_LIMITS }).catch((e) => e);
    expect(err).toBeInstanceOf(EngineLimitError);
    expect(err.limit).toBe('maxStorageBufferBindingSize');
    expect(err.message).toMatch(/train\.states needs 128\.\d MiB.*adjoint/);
    expect(count()).toBe(0);
    // the memory-free adjoint needs no trajectory: the same config fits
    const adj = { ...c, train: { ...c.train, gradMode: 'adjoint' as const } };
    const e = await GpuEngine.create(device, adj, { limits: PORTABLE_LIMITS });
    expect(e.memory.activationBytes).toBeLessThan(16 * 1024 * 1024);
    expect(e.memory.activationBytesOtherMode).toBeGreaterThan(128 * 1024 * 1024);
    e.dispose();
  });

  it('a memory budget is enforced and workgroup memory is checked', async () => {
    const c = small();
    const budget = await GpuEngine.create(device, c, { memoryBudget: 64 * 1024 }).catch((e) => e);
    expect(budget).toBeInstanceOf(EngineLimitError);
    expect(budget.limit).toBe('memoryBudget');
    const wide = makeConfig({
      data: { kind: 'gaussian', nTrain: 8 },
      model: { d: 256, width: 1024, depth: 2 },
      train: { loss: 'mse' },
    });
    // the widest layers fit one sample per workgroup; a forced 64-sample tile does not (nothing is compiled)
    const wg = await GpuEngine.create(device, wide, { limits: PORTABLE_LIMITS, variant: 'tile64' }).catch(
      (e) => e,
    );
    expect(wg).toBeInstanceOf(EngineLimitError);
    expect(wg.limit).toBe('maxComputeWorkgroupStorageSize');
    expect(wg.message).toContain('variant tile64');
  });

  it('adjoint activation memory is constant in N, exact memory grows linearly', async () => {
    const mem = async (depth: number, gradMode: 'exact' | 'adjoint') => {
      const e = await GpuEngine.create(device, small({ model: { depth }, train: { gradMode } }));
      const m = e.memory.activationBytes;
      e.dispose();
      return m;
    };
    const adj = [await mem(64, 'adjoint'), await mem(128, 'adjoint'), await mem(256, 'adjoint')];
    const ex = [await mem(64, 'exact'), await mem(128, 'exact'), await mem(256, 'exact')];
    expect(adj[1]).toBe(adj[0]);
    expect(adj[2]).toBe(adj[0]);
    // states [(N+1)][B][d] dominate: doubling N adds N·B·d floats
    expect(ex[1] - ex[0]).toBe(64 * 16 * 3 * 4);
    expect(ex[2] - ex[1]).toBe(128 * 16 * 3 * 4);
    expect(ex[2]).toBeGreaterThanOrEqual(10 * adj[2]);
  });
});

describe('samples past the batch', () => {
  it('add nothing to the adjoint gradient, even where running them backwards overflows', async () => {
    // B = 5 leaves 3 empty lanes in the second tile; with V = 1e6 the reverse scheme blows those lanes up
    // while the batch's samples sit where ReLU is off (f = 0, zero gradient): the gradient must stay exact
    const c = makeConfig({
      data: { kind: 'square', lo: 2, hi: 3, nTrain: 8, nTest: 0, noise: 0 },
      model: {
        residual: 'mlp',
        d: 1,
        width: 1,
        bias: true,
        activation: 'relu',
        depth: 100,
        readout: 'trained',
      },
      train: { loss: 'mse', optimizer: 'sgd', batchSize: 5, gradMode: 'adjoint', lr: 0.01 },
    });
    const spec = netSpec(c);
    const w = initWeights(c, spec);
    for (let n = 0; n < spec.P; n++) w.residual.set([-1, 1, 1e6], n * spec.setSize); // W, b, V
    const ds = makeDataset(c);
    const idx = batchIndices(c, 0);
    const cpu = computeGradients(
      spec,
      w,
      gatherRows(ds.train.x, ds.inputDim, idx),
      gatherRows(ds.train.y, ds.outputDim, idx),
      idx.length,
      'mse',
      'adjoint',
    );
    const e = await GpuEngine.create(device, c, { weights: w, variant: 'tile4' });
    try {
      e.trainSteps(1);
      const g = await e.readGradients();
      expect(g.residual.every(Number.isFinite)).toBe(true);
      expect(Math.max(...g.residual.map(Math.abs))).toBe(Math.max(...cpu.grad.map(Math.abs)));
    } finally {
      e.dispose();
    }
  });
});

describe('checkpoint and restore', () => {
  it('restore returns to the checkpointed weights, optimizer state and step', async () => {
    const e = await GpuEngine.create(device, small());
    try {
      const init = await e.readParams();
      e.trainSteps(3);
      e.checkpoint();
      const at3 = await e.readParams();
      const opt3 = await e.readBufferBytes('opt');
      e.trainSteps(4);
      expect(relErr((await e.readParams()).residual, at3.residual)).toBeGreaterThan(0);
      expect(e.restore()).toBe(3);
      expect(e.step).toBe(3);
      expect((await e.readParams()).residual).toEqual(at3.residual);
      const opt = await e.readBufferBytes('opt');
      for (let i = 0; i < opt.length; i++) expect(opt[i]).toEqual(opt3[i]);
      // training again from the restored state reproduces the same numbers
      e.trainSteps(4);
      const replay = await e.readParams();
      e.restore();
      e.trainSteps(4);
      expect((await e.readParams()).residual).toEqual(replay.residual);
      expect(init.residual).not.toEqual(at3.residual);
    } finally {
      e.dispose();
    }
  });
});

describe('blended sets θ_{n+½} follow every change of the weights (midpoint, RK4)', () => {
  /** The GPU's gradient of step t (batch t) against the float64 one at the GPU's current weights. */
  async function gradientMatches(e: GpuEngine, c: ExperimentConfig, what: string) {
    const w = await e.readWeightsF64();
    const t = e.step;
    e.trainSteps(1);
    const g = await e.readGradients();
    const ds = e.data;
    const idx = batchIndices(c, t);
    const x = gatherRows(ds.train.x, ds.inputDim, idx);
    const y = gatherRows(ds.train.y, ds.outputDim, idx);
    const cpu = computeGradients(e.spec, w, x, y, idx.length, c.train.loss, c.train.gradMode);
    expect(relErr(g.residual, cpu.grad), what).toBeLessThan(1e-4);
  }

  it.each(['midpoint', 'rk4'] as const)('%s: after setWeights and after restore', async (scheme) => {
    const c = small({ model: { scheme, depth: 12 }, train: { gradMode: 'adjoint' } });
    const e = await GpuEngine.create(device, c, { poison: true });
    try {
      e.trainSteps(2);
      e.checkpoint();
      e.trainSteps(3);
      // other weights altogether
      const other = makeConfig({ ...c, seed: c.seed + 1 });
      e.setWeights(initWeights(other, netSpec(other)));
      await gradientMatches(e, c, 'after setWeights');
      expect(e.restore(2)).toBe(2);
      await gradientMatches(e, c, 'after restore');
    } finally {
      e.dispose();
    }
  });
});
