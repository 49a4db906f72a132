// Faults injected into a run (float64 and float32 WASM engines in-process): exploding learning rates with every
// optimizer, a device lost mid-run, an engine that reads back non-finite weights. Each checks that nothing is
// lost: the run pauses at a sane state with the cause explained, Save still gets consistent weights and moments,
// and going on elsewhere keeps Adam's moments.
import { afterEach, describe, expect, it } from 'vitest';
import type { ExperimentConfig } from '../core/config';
import { WEIGHT_BOUND } from '../core/divergence';
import { makeConfig } from '../core/testing';
import type { TrainingState } from '../core/training-state';
import { DeviceLostError } from '../engine/engine';
import { exportExperiment, importExperiment } from '../io/experiment-file';
import { defaultViews } from '../state/experiment';
import { useRun } from '../state/run';
import { ConnectedController } from '../state/testing-run';
import type { Backend } from './backend';
import type { RunController, StartFrom } from './controller';
import { CpuBackend } from './cpu-backend';
import { WasmBackend } from './wasm-backend';

const small = (train: Partial<ExperimentConfig['train']> = {}): ExperimentConfig =>
  makeConfig({
    data: { kind: 'moons', nTrain: 32, nTest: 16 },
    model: { d: 2, width: 6, depth: 8, scale: '1' },
    train: { batchSize: 16, ...train },
  });

const until = async (cond: () => boolean, ms = 20_000) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
};

const maxAbs = (a: ArrayLike<number>) => Array.from(a).reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/** A backend whose engine can be "lost" (every call then throws DeviceLostError), or return NaN weights. */
function faulty(inner: Backend) {
  const fault = { lost: false, nanWeights: false };
  const b = new Proxy(inner, {
    get(target, prop, recv) {
      const v = Reflect.get(target, prop, recv);
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        if (fault.lost && prop !== 'dispose') throw new DeviceLostError('the GPU device was lost (test)');
        const r = v.apply(target, args);
        if (fault.nanWeights && prop === 'readTrainingState')
          return (r as Promise<TrainingState>).then((s) => {
            s.weights.residual[0] = Number.NaN;
            return s;
          });
        return r;
      };
    },
  });
  return { b, fault };
}

let ctl: RunController | null = null;
afterEach(() => {
  ctl?.dispose();
  ctl = null;
});

describe('divergence: caught as an explosion, paused, rolled back to a sane checkpoint', () => {
  it.each([
    ['float64, SGD lr 1e6 + momentum', 'cpu', { optimizer: 'sgd', lr: 1e6, momentum: 0.9 }],
    ['float64, Adam lr 1e6', 'cpu', { optimizer: 'adam', lr: 1e6 }],
    ['float64, GD lr 1e5', 'cpu', { optimizer: 'gd', lr: 1e5 }],
    ['WASM float32, SGD lr 1e6', 'wasm', { optimizer: 'sgd', lr: 1e6, momentum: 0.9 }],
    ['WASM float32, Adam lr 1e6', 'wasm', { optimizer: 'adam', lr: 1e6 }],
  ] as const)('%s', async (_, engine, train) => {
    const c = small(train);
    ctl = new ConnectedController(async (config, from) =>
      engine === 'cpu'
        ? new CpuBackend(config, from?.weights, undefined, from?.step, from?.opt)
        : new WasmBackend(config, from?.weights, undefined, from?.step, from?.opt),
    );
    expect(await ctl.load(c)).toBe(true);
    const sane = (await ctl.readState())!;
    ctl.play();
    await until(() => useRun.getState().notice?.kind === 'warning');
    const r = useRun.getState();
    expect(r.status).toBe('diverged'); // the run state machine's phase: paused, waiting for a change
    const m = /diverged at step (\d+): (.*)\. Paused and went back to step (\d+)/.exec(r.notice!.text);
    expect(m).not.toBeNull();
    const [bad, back] = [Number(m![1]), Number(m![3])];
    // a weight beyond the bound condemns its update's step; a bad loss or state, the step before
    expect(back).toBeLessThanOrEqual(bad - (/a weight went beyond/.test(m![2]) ? 1 : 2));
    expect(r.notice!.text).toMatch(/Likely cause: the learning rate is too large/);
    // the state it went back to is sane: bounded weights, a loss near its start, curves and counter agree
    const s = (await ctl.readState())!;
    expect(s.step).toBe(back);
    expect(r.step).toBe(back);
    expect(maxAbs(s.weights.residual)).toBeLessThan(WEIGHT_BOUND);
    expect(r.losses.every((p) => p.step <= back && Number.isFinite(p.loss))).toBe(true);
    expect(Number.isFinite(r.loss) || back === 0).toBe(true);
    if (back === 0) expect(s.weights.residual).toEqual(sane.weights.residual);
    expect(r.snapshot?.step).toBe(back);
  });

  it('a checkpoint taken just before the explosion is skipped: the rollback goes to the one before', async () => {
    // lr large enough to explode within a few steps: steps one by one, so that a checkpoint sits at every step
    ctl = new ConnectedController(async (config) => new CpuBackend(config));
    await ctl.load(small({ optimizer: 'sgd', lr: 2, momentum: 0.9 }));
    let text = '';
    for (let i = 0; i < 60 && !text; i++) {
      await ctl.stepOnce();
      if (useRun.getState().notice?.kind === 'warning') text = useRun.getState().notice!.text;
    }
    const m = /diverged at step (\d+).*went back to step (\d+)/.exec(text);
    expect(m).not.toBeNull();
    // the checkpoint at bad − 1 holds the weights whose loss exploded: not that one
    expect(Number(m![2])).toBe(Number(m![1]) - 2);
  });
});

describe('device loss and unreadable engines: Save and continuing keep weights and moments', () => {
  it('after a device loss, Save gets the last state read (with Adam moments) and a file that reopens', async () => {
    let handle: ReturnType<typeof faulty> | null = null;
    const seen: (StartFrom | undefined)[] = [];
    ctl = new ConnectedController(async (config, from) => {
      seen.push(from);
      const inner = new CpuBackend(config, from?.weights, undefined, from?.step, from?.opt);
      handle = faulty(inner);
      return handle.b;
    });
    const c = small({ optimizer: 'adam', lr: 0.01 });
    await ctl.load(c);
    for (let i = 0; i < 5; i++) await ctl.stepOnce();
    const before = (await ctl.readState())!;
    expect(before.held).toBe(false);
    expect(maxAbs(before.opt.residual.v)).toBeGreaterThan(0);
    handle!.fault.lost = true;
    await ctl.stepOnce(); // fails: the device is gone
    expect(useRun.getState().notice?.text).toMatch(/device was lost/);
    const saved = (await ctl.readState())!;
    expect(saved.held).toBe(true);
    expect(saved.step).toBe(5);
    expect(saved.weights.residual).toEqual(before.weights.residual);
    expect(saved.opt.residual.v).toEqual(before.opt.residual.v);
    // the file holds it all and opens again
    const text = exportExperiment(c, defaultViews(), saved.step, saved.weights, emptyHistory, saved.opt);
    const r = importExperiment(text);
    if (!r.ok) throw new Error(r.message);
    expect(r.step).toBe(5);
    expect(r.opt?.residual.m).toEqual(before.opt.residual.m);
    // "Continue on the CPU": a new run from the held state keeps Adam's moments
    expect(await ctl.load(c, { weights: saved.weights, step: saved.step, opt: saved.opt })).toBe(true);
    expect(seen.at(-1)?.opt).toBe(saved.opt);
    const resumed = (await ctl.readState())!;
    expect(resumed.step).toBe(5);
    expect(resumed.opt.residual.v).toEqual(before.opt.residual.v);
    // and trains on exactly as the unbroken run does
    const ref = new CpuBackend(c);
    await ref.trainSteps(6);
    await ctl.stepOnce();
    expect((await ctl.readState())!.weights.residual).toEqual((await ref.readWeights()).residual);
  });

  it('an engine that reads back non-finite weights: Save falls back to the last finite state', async () => {
    let handle: ReturnType<typeof faulty> | null = null;
    ctl = new ConnectedController(async (config) => {
      handle = faulty(new CpuBackend(config));
      return handle.b;
    });
    await ctl.load(small({ optimizer: 'sgd', lr: 0.05, momentum: 0.9 }));
    await ctl.stepOnce();
    handle!.fault.nanWeights = true;
    const s = (await ctl.readState())!;
    expect(s.held).toBe(true);
    expect(s.step).toBe(1);
    expect(s.weights.residual.every(Number.isFinite)).toBe(true);
  });
});

const emptyHistory = { losses: [], evals: [], gradErrors: [] };
