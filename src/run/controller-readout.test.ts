// What the controller reads out for the views (issue 13 item 5): only what the views on screen need, the residual
// weights only when one draws them, and for a huge net a coarser grid, a smaller fan and the first evaluation
// after the first batch. A fake backend (no arithmetic) counts every read and the size of every pass.
import { describe, expect, it } from 'vitest';
import type { ExperimentConfig } from '../core/config';
import { makeDataset } from '../core/data';
import type { Diagnostics } from '../core/diagnostics';
import type { StepReport } from '../core/divergence';
import { netSpec } from '../core/params';
import { makeConfig } from '../core/testing';
import { DIAG_BATCH } from '../engine/plan';
import { defaultViews, snapshotNeeds } from '../views/registry';
import { capsText } from '../views/trajectories/caps';
import type { Backend } from './backend';
import { RunController } from './controller';
import { SPEED_MIN_FLOPS } from './engine-speed';
import type { RunEvent } from './events';
import {
  ENGINE_FLOPS,
  evaluationFlops,
  fanSize,
  GRID_MIN_SIDE,
  gridAffordable,
  gridSide,
} from './readout-cost';
import { GRID, type SnapshotData, type SnapshotNeeds } from './snapshot';

interface Counted extends Backend {
  calls: string[];
  /** Samples of each finalStates (decision grid) and trajectories (fan) call. */
  finalSizes: number[];
  fanSizes: number[];
}

/**
 * A backend of `config`'s shape that computes nothing: zeros of the right sizes, every call recorded; its
 * evaluation takes `evalMs` (a slow engine).
 */
function fakeBackend(config: ExperimentConfig, evalMs = 0): Counted {
  const spec = netSpec(config);
  const data = makeDataset(config);
  let step = 0;
  let pending: StepReport[] = [];
  const small = () => ({
    embed: new Float64Array(spec.d * spec.inputDim),
    readoutW: new Float64Array(spec.outputDim * spec.d),
    readoutB: new Float64Array(spec.outputDim),
  });
  // the residual sets at their true size only where a test reads them (a small net)
  const weights = () => ({ ...small(), residual: new Float64Array(spec.P * spec.setSize) });
  const pair = (n: number) => ({ m: new Float64Array(n), v: new Float64Array(n) });
  const b: Counted = {
    kind: 'cpu',
    label: 'fake',
    spec,
    data,
    memory: { activationBytes: 0, activationBytesOtherMode: 0, totalBytes: 0, precision: 'float64' },
    calls: [],
    finalSizes: [],
    fanSizes: [],
    get step() {
      return step;
    },
    async trainSteps(k) {
      b.calls.push('trainSteps');
      for (let i = 0; i < k; i++) pending.push({ step: ++step, loss: 0.7, acc: Number.NaN } as StepReport);
    },
    async sync() {},
    async readLosses() {
      const out = pending;
      pending = [];
      return out;
    },
    async evaluate() {
      b.calls.push('evaluate');
      if (evalMs) await new Promise((r) => setTimeout(r, evalMs));
      return { trainLoss: 0.7, testLoss: 0.7, trainAcc: 0.5, testAcc: 0.5 };
    },
    async diagnostics() {
      b.calls.push('diagnostics');
      return { gradErrorGlobal: 0 } as Diagnostics;
    },
    async probe() {
      throw new Error('not used');
    },
    async trajectories(_x, F) {
      b.calls.push('trajectories');
      b.fanSizes.push(F);
      return new Float64Array((spec.steps + 1) * F * spec.d);
    },
    async finalStates(_x, F) {
      b.calls.push('finalStates');
      b.finalSizes.push(F);
      return new Float64Array(F * spec.d);
    },
    async readWeights() {
      b.calls.push('readWeights');
      return weights();
    },
    async readReadout() {
      b.calls.push('readReadout');
      return small();
    },
    async readTrainingState() {
      b.calls.push('readTrainingState');
      // the controller keeps it for Save; its size does not matter to what is tested here
      const w = { ...small(), residual: new Float64Array(1) };
      return {
        step,
        weights: w,
        opt: { residual: pair(1), readoutW: pair(w.readoutW.length), readoutB: pair(w.readoutB.length) },
      };
    },
    async checkpoint() {},
    async restore() {
      return step;
    },
    dispose() {},
  };
  return b;
}

/** A controller on fake backends, its events and the backend it built last. */
function rig(needs?: SnapshotNeeds, evalMs = 0) {
  const built: Counted[] = [];
  const ctl = new RunController(async (c) => {
    const b = fakeBackend(c, evalMs);
    built.push(b);
    return b;
  });
  if (needs) ctl.setNeeds(needs);
  const events: RunEvent[] = [];
  ctl.subscribe((e) => events.push(e));
  const snapshots = () =>
    events
      .filter((e): e is Extract<RunEvent, { type: 'snapshot' }> => e.type === 'snapshot')
      .map((e) => e.data);
  return { ctl, events, snapshots, backend: () => built.at(-1)! };
}

const small = (): ExperimentConfig =>
  makeConfig({ data: { kind: 'moons', nTrain: 64, nTest: 64 }, model: { d: 2, width: 8, depth: 16 } });
/** Depth 2048, width 256 on the CPU: about 5e6 flops per sample pass. */
const huge = (): ExperimentConfig =>
  makeConfig({
    data: { kind: 'moons', nTrain: 64, nTest: 64 },
    model: { d: 2, width: 256, depth: 2048 },
    train: { steps: 100_000 },
  });

const until = async (cond: () => boolean, ms = 10_000) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 2));
  }
};

describe('read-outs for the views on screen', () => {
  it('a closed view causes no read: nothing open, no fan, no grid, no residual weights', async () => {
    const { ctl, snapshots, backend } = rig(snapshotNeeds({ ...defaultViews(), open: [] }));
    await ctl.load(small());
    await ctl.refresh();
    const b = backend();
    expect(b.calls.filter((c) => ['trajectories', 'finalStates', 'readWeights'].includes(c))).toEqual([]);
    // the evaluation still reads the training state (kept for Save)
    expect(b.calls).toContain('readTrainingState');
    // refresh: the read-out's small parts only
    expect(b.calls.at(-1)).toBe('readReadout');
    const s = snapshots().at(-1)!;
    expect([s.F, s.grid, s.weights.residual]).toEqual([0, null, null]);
    ctl.dispose();
  });

  it('only the open views count: the trajectories view open reads the fan and grid; the heatmaps add the weights', () => {
    const v = defaultViews();
    const traj = snapshotNeeds({ ...v, open: ['trajectories'] });
    expect(traj).toMatchObject({ fan: 24, grid: true, weights: true }); // the ODE overlay is on by default
    expect(
      snapshotNeeds({ ...v, open: ['trajectories'], trajectories: { ...v.trajectories, showOde: false } }),
    ).toEqual({ fan: 24, grid: true });
    expect(snapshotNeeds({ ...v, open: ['heatmap'] })).toEqual({ fan: 0, grid: false, weights: true });
    expect(snapshotNeeds({ ...v, open: ['curves', 'memory'] })).toEqual({ fan: 0, grid: false });
    expect(snapshotNeeds({ ...v, open: ['compare'] })).toEqual({ fan: 24, grid: true, weights: true });
    expect(snapshotNeeds({ ...v, open: ['misclassified'] })).toEqual({ fan: 0, grid: false, tests: 200 });
    // presentation and embed mode draw the large views only
    const shown = {
      ...v,
      open: ['trajectories', 'heatmap', 'curves'] as typeof v.open,
      large: ['curves'] as typeof v.large,
    };
    expect(snapshotNeeds({ ...shown, present: true })).toEqual({ fan: 0, grid: false });
    expect(snapshotNeeds({ ...shown, embed: true })).toEqual({ fan: 0, grid: false });
    expect(snapshotNeeds(shown)).toEqual({ fan: 24, grid: true, weights: true });
  });

  it('reads the residual weights only when a view needs them, and never hands a stale copy', async () => {
    const { ctl, snapshots, backend } = rig({ fan: 24, grid: true });
    await ctl.load(small());
    const b = backend();
    const before = b.calls.length;
    await ctl.refresh();
    expect(b.calls.slice(before).filter((c) => c.startsWith('read'))).toEqual(['readReadout']);
    expect(snapshots().at(-1)!.weights.residual).toBeNull();
    // the build's snapshot came with an evaluation: the state read had the weights, but they were not asked for
    expect(snapshots()[0].weights.residual).toBeNull();
    ctl.setNeeds({ fan: 24, grid: true, weights: true });
    const mid = b.calls.length;
    await ctl.refresh();
    expect(b.calls.slice(mid).filter((c) => c.startsWith('read'))).toEqual(['readWeights']);
    const spec = b.spec;
    expect(snapshots().at(-1)!.weights.residual?.length).toBe(spec.P * spec.setSize);
    ctl.dispose();
  });

  it('a small config is unchanged: the full grid, the fan as asked, the evaluation before the first step', async () => {
    const { ctl, snapshots, backend, events } = rig();
    await ctl.load(small());
    const b = backend();
    expect(b.finalSizes).toEqual([GRID * GRID]);
    expect(b.fanSizes).toEqual([64]); // a classification fan shows at least 64 points
    expect(b.calls).toContain('evaluate');
    expect(b.calls).not.toContain('trainSteps');
    const s = snapshots()[0];
    expect([s.grid?.nx, s.grid?.ny, s.F, s.fanAsked]).toEqual([GRID, GRID, 64, undefined]);
    expect(events.some((e) => e.type === 'evalPending')).toBe(false);
    ctl.dispose();
  });

  it("a huge config's first snapshot: a coarse grid, a capped fan, no evaluation before the first training step", async () => {
    const { ctl, snapshots, backend, events } = rig({ fan: 24, grid: true });
    const c = huge();
    await ctl.load(c);
    const b = backend();
    const spec = netSpec(c);
    const side = gridSide(spec, ENGINE_FLOPS.cpu);
    expect(side).toBeLessThan(GRID);
    // even the coarsest grid is over budget here: the first snapshot leaves the regions for later
    expect(gridAffordable(spec, ENGINE_FLOPS.cpu)).toBe(false);
    expect(b.finalSizes).toEqual([]);
    expect(b.fanSizes).toEqual([fanSize(spec, ENGINE_FLOPS.cpu, 64)]);
    expect(b.fanSizes[0]).toBeLessThan(64);
    const first: SnapshotData = snapshots()[0];
    expect([first.grid, first.gridLater, first.F, first.fanAsked]).toEqual([null, true, b.fanSizes[0], 64]);
    expect(b.calls).not.toContain('evaluate');
    expect(b.calls).not.toContain('diagnostics');
    expect(events.filter((e) => e.type === 'evalPending')).toMatchObject([{ pending: true }]);
    // playing: the first batch, then the evaluation owed
    ctl.play();
    await until(() => b.calls.includes('evaluate'));
    ctl.pause();
    await ctl.settled();
    expect(b.calls.indexOf('trainSteps')).toBeGreaterThan(-1);
    expect(b.calls.indexOf('trainSteps')).toBeLessThan(b.calls.indexOf('evaluate'));
    expect(events.filter((e) => e.type === 'evalPending')).toMatchObject([
      { pending: true },
      { pending: false },
    ]);
    // the regions came with the snapshot after the first batch, at the coarsest side
    expect(b.finalSizes[0]).toBe(side * side);
    expect(b.calls.indexOf('trainSteps')).toBeLessThan(b.calls.indexOf('finalStates'));
    expect(snapshots().at(-1)!.grid?.nx).toBe(side);
    ctl.dispose();
  });

  it('a huge config paused after its build: a step evaluates (the user asked for that step)', async () => {
    const { ctl, backend } = rig({ fan: 0, grid: false });
    await ctl.load(huge());
    const b = backend();
    expect(b.calls).not.toContain('evaluate');
    await ctl.stepOnce();
    expect(b.calls.indexOf('trainSteps')).toBeLessThan(b.calls.indexOf('evaluate'));
    ctl.dispose();
  });

  describe("sized by the engine's measured speed", () => {
    /**
     * Depth 256, width 24: the assumed CPU speed affords the full grid (about 64k flops a pass), and with 1000
     * samples each side its evaluation is work enough to time (SPEED_MIN_FLOPS).
     */
    const middling = (seed = 1): ExperimentConfig =>
      makeConfig({
        seed,
        data: { kind: 'moons', nTrain: 1000, nTest: 1000 },
        model: { d: 2, width: 24, depth: 256 },
      });
    const EVAL_MS = 1000;

    it('an engine measured slow coarsens the grid on the next snapshot, where the assumed speed did not', async () => {
      const c = middling();
      const spec = netSpec(c);
      expect(gridSide(spec, ENGINE_FLOPS.cpu)).toBe(GRID);
      const { ctl, snapshots, backend } = rig({ fan: 24, grid: true }, EVAL_MS);
      await ctl.load(c);
      const b = backend();
      // the build's snapshot: no measurement yet, the assumed speed, the full grid (its evaluation comes after)
      expect(b.finalSizes).toEqual([GRID * GRID]);
      expect(capsText(snapshots()[0])).toBeNull();
      // that evaluation took at least EVAL_MS: the engine does at most this many flop/s
      const flops = evaluationFlops(spec, 1000, 1000, DIAG_BATCH);
      expect(flops).toBeGreaterThanOrEqual(SPEED_MIN_FLOPS);
      const atMost = flops / (EVAL_MS / 1000);
      expect(gridSide(spec, atMost)).toBeLessThan(GRID);
      await ctl.refresh();
      const s = snapshots().at(-1)!;
      const side = s.grid!.nx;
      expect(side).toBeLessThanOrEqual(gridSide(spec, atMost));
      expect(side).toBeGreaterThanOrEqual(GRID_MIN_SIDE);
      expect(b.finalSizes.at(-1)).toBe(side * side);
      expect(capsText(s)).toBe(`regions on a ${side}×${side} grid: the net is deep`);
      // the speed is the engine's, not the run's: the next run on it starts from the measurement
      await ctl.load(middling(2));
      expect(backend()).not.toBe(b);
      expect(backend().finalSizes[0]).toBeLessThanOrEqual(gridSide(spec, atMost) ** 2);
      ctl.dispose();
    });

    it('a fast engine (work too short to time) keeps the full grid', async () => {
      const { ctl, snapshots, backend } = rig({ fan: 24, grid: true });
      await ctl.load(middling());
      await ctl.refresh();
      await ctl.refresh();
      expect(backend().finalSizes).toEqual([GRID * GRID, GRID * GRID, GRID * GRID]);
      expect(snapshots().every((s) => capsText(s) === null)).toBe(true);
      ctl.dispose();
    });
  });
});
