// The run controller with the in-process float64 backend: loading, playing, stepping, divergence, bad configs,
// and its state machine against overlapping commands (faults injected through the backend factory).
import { beforeEach, describe, expect, it } from 'vitest';
import type { ExperimentConfig } from '../core/config';
import { makeConfig } from '../core/testing';
import { EngineLimitError } from '../engine/plan';
import { useExperiment } from '../state/experiment';
import { useRun } from '../state/run';
import { ConnectedController as Connected } from '../state/testing-run';
import { CpuBackend } from './cpu-backend';
import { GRID } from './snapshot';

const small = (over: Parameters<typeof makeConfig>[0] = {}): ExperimentConfig =>
  makeConfig({
    ...over,
    data: { kind: 'moons', nTrain: 32, nTest: 16, ...over.data },
    model: { d: 2, width: 6, depth: 8, ...over.model },
    train: { batchSize: 16, ...over.train },
  });

const until = async (cond: () => boolean, ms = 10_000) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('run controller', () => {
  let ctl: Connected;
  beforeEach(() => {
    ctl?.dispose();
    ctl = new Connected(async (c) => {
      if (c.model.depth === 999)
        throw new EngineLimitError('maxStorageBufferBindingSize', 'too big for this test GPU');
      return new CpuBackend(c);
    });
  });

  it('loads a run and publishes an initial snapshot', async () => {
    expect(await ctl.load(small())).toBe(true);
    const r = useRun.getState();
    expect(r.status).toBe('paused');
    expect(ctl.phase).toBe('paused');
    expect(r.backendKind).toBe('cpu');
    expect(r.snapshot?.trajectories.length).toBe((8 + 1) * r.snapshot!.F * 2);
    expect(r.snapshot?.grid?.xS.length).toBe(GRID * GRID * 2);
    expect(r.snapshot?.views.trajectories?.values.length).toBe(GRID * GRID);
    expect(r.snapshot?.views.heatmap).toHaveLength(1);
    expect(r.evals.length).toBe(1);
    expect(r.diag?.reconError.length).toBe(9);
    expect(r.memory?.activationBytes).toBeGreaterThan(0);
  });

  it('marks the training batch in flight, for the run bar to count its seconds', async () => {
    const seen: (number | null)[] = [];
    const unsubscribe = useRun.subscribe((s) => seen.push(s.batchSince));
    await ctl.load(small());
    ctl.play();
    await until(() => useRun.getState().step >= 3);
    ctl.pause();
    unsubscribe();
    expect(seen.some((v) => typeof v === 'number' && v > 0)).toBe(true);
    await until(() => useRun.getState().batchSince === null);
  });

  it('plays, pauses and steps; the loss falls', async () => {
    await ctl.load(small({ train: { lr: 0.05 } }));
    ctl.play();
    await until(
      () => useRun.getState().step >= 60 && (useRun.getState().snapshot?.views.heatmap.length ?? 0) > 1,
    );
    ctl.pause();
    await until(() => useRun.getState().status === 'paused');
    const r = useRun.getState();
    expect(r.losses.length).toBeGreaterThanOrEqual(60);
    const first = r.losses.slice(0, 5).reduce((a, p) => a + p.loss, 0) / 5;
    const last = r.losses.slice(-5).reduce((a, p) => a + p.loss, 0) / 5;
    expect(last).toBeLessThan(first);
    expect(r.snapshot?.views.heatmap.length).toBeGreaterThan(1);
    const before = useRun.getState().step;
    await ctl.stepOnce();
    expect(useRun.getState().step).toBe(before + 1);
    expect(useRun.getState().snapshot?.step).toBe(before + 1);
  });

  it('a diverging run is paused and rolled back to a finite checkpoint, with a message', async () => {
    await ctl.load(small({ train: { lr: 1e5, optimizer: 'sgd', momentum: 0.9 }, model: { scale: '1' } }));
    ctl.play();
    await until(() => useRun.getState().notice?.kind === 'warning');
    const r = useRun.getState();
    expect(r.status).toBe('diverged');
    expect(ctl.phase).toBe('diverged');
    expect(r.notice?.text).toMatch(/diverged at step \d+.*went back to step \d+/);
    expect(r.losses.every((p) => Number.isFinite(p.loss))).toBe(true);
    expect(r.snapshot?.weights.residual?.every(Number.isFinite)).toBe(true);
  });

  it('a config that cannot be built is reported with its reason, never written back; the previous run goes on', async () => {
    const good = small();
    useExperiment.getState().load(good);
    await ctl.load(good);
    const snap = useRun.getState().snapshot;
    const bad = { ...good, model: { ...good.model, depth: 999 } };
    useExperiment.getState().load(bad);
    const events: string[] = [];
    const stop = ctl.subscribe((e) => events.push(e.type));
    expect(await ctl.load(bad)).toBe(false);
    stop();
    expect(events).toEqual(['machine', 'building', 'rejected']);
    const r = useRun.getState();
    expect(r.notice?.kind).toBe('error');
    expect(r.notice?.text).toContain('does not fit');
    expect(r.rejected).toMatchObject({ config: bad, running: good, limit: true });
    expect(r.rejected?.reasons[0].message).toContain('too big for this test GPU');
    expect(r.snapshot).toBe(snap);
    expect(ctl.currentConfig).toBe(good);
    // the store keeps what was asked for
    expect(useExperiment.getState().config).toBe(bad);
    expect(ctl.phase).toBe('paused');
    // back to the running experiment: no rebuild, the rejection is done with
    expect(await ctl.load(structuredClone(good))).toBe(true);
    expect(useRun.getState().snapshot).toBe(snap);
    expect(useRun.getState().rejected).toBeNull();
    expect(useRun.getState().notice).toBeNull();
  });

  it('playing the running experiment after a rejection keeps the rejection and its way back', async () => {
    const good = small();
    await ctl.load(good);
    expect(await ctl.load(small({ model: { depth: 999 } }))).toBe(false);
    ctl.play();
    await until(() => useRun.getState().step >= 2);
    ctl.pause();
    expect(useRun.getState().rejected?.running).toBe(good);
    expect(useRun.getState().notice?.text).toContain('does not fit');
  });

  it('another engine picked in the menu builds the config asked for, even one rejected on the first', async () => {
    const c = new Connected(async (config) => {
      if (config.model.depth === 999 && useRun.getState().enginePreference !== 'cpu')
        throw new EngineLimitError('maxBufferSize', 'too big for this test GPU');
      return new CpuBackend(config);
    });
    await c.load(small());
    const bad = small({ model: { depth: 999 } });
    expect(await c.load(bad)).toBe(false);
    expect(await c.setEngine('cpu')).toBe(true);
    expect(c.currentConfig).toBe(bad);
    expect(useRun.getState().rejected).toBeNull();
    c.dispose();
    useRun.setState({ enginePreference: 'auto' });
  });

  it('publishes how the engine was chosen, and a fallback (config too big for the GPU) as a warning', async () => {
    const c = new Connected(async (config) => ({
      backend: new CpuBackend(config),
      choice: {
        id: 'cpu',
        label: 'CPU float64',
        how: config.model.depth === 12 ? 'fallback' : 'timed',
        reason:
          config.model.depth === 12
            ? 'WebGPU (SwiftShader) cannot run it: needs 9 GiB'
            : '9× faster than WebGPU (SwiftShader) for this config',
        timings: [],
      },
    }));
    expect(await c.load(small())).toBe(true);
    expect(useRun.getState().engineChoice).toMatchObject({ id: 'cpu', how: 'timed' });
    expect(useRun.getState().choosingEngine).toBe(false);
    expect(await c.load(small({ model: { depth: 12 } }))).toBe(true);
    expect(useRun.getState().notice).toMatchObject({
      kind: 'warning',
      text: 'Running on CPU float64: WebGPU (SwiftShader) cannot run it: needs 9 GiB.',
    });
    c.dispose();
  });

  it('says the engines are being timed while the factory times them', async () => {
    let seen = false;
    const c = new Connected(async (config, _from, hooks) => {
      hooks?.onTiming?.();
      seen = useRun.getState().choosingEngine;
      return new CpuBackend(config);
    });
    await c.load(small());
    expect(seen).toBe(true);
    expect(useRun.getState().choosingEngine).toBe(false);
    c.dispose();
  });

  it('a batch stops at the step budget, not past it, and the run is finished there; play goes on', async () => {
    await ctl.load(small({ train: { steps: 37 } }));
    const seen: number[] = [];
    const unsub = useRun.subscribe((r) => seen.push(r.step));
    ctl.play();
    await until(() => ctl.phase === 'finished');
    await ctl.settled();
    unsub();
    expect(seen).toContain(37);
    expect(useRun.getState().step).toBe(37);
    expect(useRun.getState().status).toBe('finished');
    ctl.play();
    await until(() => useRun.getState().step > 37);
    ctl.pause();
    expect(useRun.getState().status).toBe('paused');
  });

  it('once paused or finished at the budget, the snapshot is the step the run bar shows', async () => {
    // snapshots are throttled while playing (at most one per 150 ms): the first batches (1, 2, 4… steps, a few
    // ms each) publish none, so the views would stay at step 0 without the snapshot published at rest
    await ctl.load(small({ train: { steps: 37 } }));
    ctl.play();
    await until(() => ctl.phase === 'finished');
    await ctl.settled();
    expect(useRun.getState().step).toBe(37);
    expect(useRun.getState().snapshot?.step).toBe(37);
    // with an evaluation of that step (the final numbers)
    expect(useRun.getState().evals.at(-1)?.step).toBe(37);
    ctl.play();
    await until(() => useRun.getState().step > 40);
    ctl.pause();
    await ctl.settled();
    const r = useRun.getState();
    expect(r.status).toBe('paused');
    expect(r.snapshot?.step).toBe(r.step);
    // at rest nothing more comes: another settle publishes nothing new
    const snap = r.snapshot;
    await ctl.settled();
    expect(useRun.getState().snapshot).toBe(snap);
  });
});

/** A factory whose builds take `delay()` ms and that refuses depth 999 (too big), like a real GPU. */
function slowFactory(delay: () => number) {
  let builds = 0;
  const factory = async (c: ExperimentConfig) => {
    builds++;
    await new Promise((r) => setTimeout(r, delay()));
    if (c.model.depth === 999) throw new EngineLimitError('maxBufferSize', 'needs 9 GiB');
    return new CpuBackend(c);
  };
  return { factory, builds: () => builds };
}

describe('run controller state machine', () => {
  it('a config equal to the running one (a new object) keeps the run: step, curves, snapshot', async () => {
    const f = slowFactory(() => 0);
    const c = new Connected(f.factory);
    const cfg = small();
    await c.load(cfg);
    for (let i = 0; i < 5; i++) await c.stepOnce();
    const before = useRun.getState();
    expect(await c.load(structuredClone(cfg))).toBe(true);
    expect(f.builds()).toBe(1);
    const after = useRun.getState();
    expect(after.step).toBe(5);
    expect(after.losses).toBe(before.losses);
    expect(after.snapshot).toBe(before.snapshot);
    c.dispose();
  });

  it('two rebuilds while playing, the second before the first is built: plays the second, in agreement', async () => {
    const c = new Connected(slowFactory(() => 40).factory);
    await c.load(small());
    c.play();
    await until(() => useRun.getState().step >= 3);
    void c.load(small({ model: { depth: 10 } }));
    await new Promise((r) => setTimeout(r, 15));
    expect(useRun.getState().status).toBe('building');
    expect(useRun.getState().machine.resume).toBe(true);
    const second = c.load(small({ model: { depth: 12 } }));
    expect(await second).toBe(true);
    expect(c.currentConfig?.model.depth).toBe(12);
    expect(c.phase).toBe('playing');
    expect(useRun.getState().status).toBe('playing');
    await until(() => useRun.getState().step >= 3);
    c.pause();
    await c.settled();
    const at = useRun.getState().step;
    await new Promise((r) => setTimeout(r, 50));
    await c.settled();
    expect(useRun.getState().step).toBe(at); // paused means no training
    c.dispose();
  });

  it('back to the running config while another builds: the build is dropped and the run goes on', async () => {
    const f = slowFactory(() => 40);
    const c = new Connected(f.factory);
    const cfg = small();
    await c.load(cfg);
    c.play();
    await until(() => useRun.getState().step >= 3);
    const building = c.load(small({ model: { depth: 10 } }));
    await new Promise((r) => setTimeout(r, 10)); // the build is in flight
    expect(await c.load(structuredClone(cfg))).toBe(true);
    expect(c.phase).toBe('playing');
    expect(await building).toBe(false); // it finished building, but is no longer wanted
    expect(c.currentConfig).toBe(cfg);
    const at = useRun.getState().step;
    expect(at).toBeGreaterThanOrEqual(3);
    await until(() => useRun.getState().step > at + 2); // the same run trains on
    c.dispose();
  });

  it('asking for the config being built (during a reset) does not cancel or repeat that build', async () => {
    const f = slowFactory(() => 20);
    const c = new Connected(f.factory);
    const cfg = small();
    await c.load(cfg);
    await c.stepOnce();
    const reset = c.reset();
    expect(await c.load(structuredClone(cfg))).toBe(true);
    await reset;
    expect(f.builds()).toBe(2);
    expect(useRun.getState().step).toBe(0);
    c.dispose();
  });

  it('play or pause pressed while building decides whether the new run plays', async () => {
    const c = new Connected(slowFactory(() => 20).factory);
    await c.load(small());
    const a = c.load(small({ model: { depth: 10 } }));
    c.toggle(); // Play while building
    expect(useRun.getState().machine).toMatchObject({ phase: 'building', resume: true });
    await a;
    expect(c.phase).toBe('playing');
    const b = c.load(small({ model: { depth: 12 } }));
    c.toggle(); // Pause while building
    await b;
    expect(c.phase).toBe('paused');
    c.dispose();
  });

  it('a lost GPU device makes a run on WebGPU lost at once, not one on the CPU', async () => {
    const c = new Connected(async (config) => new CpuBackend(config));
    await c.load(small());
    c.engineLost();
    expect(c.phase).toBe('paused'); // the CPU engine does not need the GPU
    const g = new Connected(async (config) => {
      const b = new CpuBackend(config);
      Object.defineProperty(b, 'kind', { value: 'webgpu' }); // stands for a GpuBackend
      return b;
    });
    await g.load(small());
    g.play();
    g.engineLost();
    expect(g.phase).toBe('lost');
    expect(useRun.getState().status).toBe('lost');
    c.dispose();
    g.dispose();
  });

  it('an engine failure while training: lost, with the message; play does nothing; a reset builds again', async () => {
    let failAt = 5;
    const c = new Connected(async (config) => {
      const b = new CpuBackend(config);
      const train = b.trainSteps.bind(b);
      b.trainSteps = async (k) => {
        if (b.step + k > failAt) throw new Error('injected: the worker died');
        return train(k);
      };
      return b;
    });
    await c.load(small());
    c.play();
    await until(() => c.phase === 'lost');
    expect(useRun.getState().status).toBe('lost');
    expect(useRun.getState().notice?.text).toContain('injected: the worker died');
    c.play();
    expect(c.phase).toBe('lost');
    await c.stepOnce();
    expect(c.phase).toBe('lost');
    failAt = Number.POSITIVE_INFINITY;
    await c.reset();
    expect(c.phase).toBe('paused');
    expect(useRun.getState().step).toBe(0);
    c.dispose();
  });

  it('reads the weights once per snapshot: with an evaluation, the training state read gives them', async () => {
    const reads = { weights: 0, state: 0 };
    const c = new Connected(async (config) => {
      const b = new CpuBackend(config);
      const [rw, rs] = [b.readWeights.bind(b), b.readTrainingState.bind(b)];
      b.readWeights = () => {
        reads.weights++;
        return rw();
      };
      b.readTrainingState = () => {
        reads.state++;
        return rs();
      };
      return b;
    });
    await c.load(small());
    // the first snapshot comes with an evaluation: one read (the state's), and the snapshot shows its weights
    expect(reads).toEqual({ weights: 0, state: 1 });
    expect(useRun.getState().snapshot?.weights).toBe(c.heldState?.weights);
    await c.stepOnce();
    expect(reads).toEqual({ weights: 0, state: 2 });
    c.dispose();
  });

  it('a long step on the CPU says how far it is (layer sweeps forward, then back), until its loss comes', async () => {
    const c = new Connected(async (config) => {
      const b = new CpuBackend(config);
      b.progressEveryMs = 0; // every layer (the page gets one every ¼ s)
      return b;
    });
    await c.load(small({ model: { depth: 32 } }));
    const S = c.currentConfig!.model.depth;
    const seen: { step: number; fraction: number; elapsedMs: number }[] = [];
    const unsubscribe = useRun.subscribe((s) => {
      if (s.stepProgress) seen.push(s.stepProgress);
    });
    await c.stepOnce();
    unsubscribe();
    expect(seen.map((p) => p.fraction)).toEqual(Array.from({ length: 2 * S }, (_, n) => (n + 1) / (2 * S)));
    expect(seen.every((p) => p.step === 1 && p.elapsedMs >= 0)).toBe(true);
    expect(useRun.getState().stepProgress).toBeNull();
    c.dispose();
  });

  it("marks the views' read-outs in flight (a snapshot), for the run bar to count a long one", async () => {
    const seen: (number | null)[] = [];
    const unsubscribe = useRun.subscribe((s, prev) => {
      if (s.readoutSince !== prev.readoutSince) seen.push(s.readoutSince);
    });
    const c = new Connected(async (config) => new CpuBackend(config));
    await c.load(small());
    await c.stepOnce();
    unsubscribe();
    c.dispose();
    // one begin and one end per snapshot: the build's and the step's
    expect(seen.map((v) => (v === null ? 'end' : typeof v))).toEqual(['number', 'end', 'number', 'end']);
  });
});
