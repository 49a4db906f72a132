// The live run, as the views see it: status, counters, time series and the latest snapshot with each view's
// data computed from it. Written only from the run controller's events (`connectRun`: the store subscribes, the
// controller knows no store); views only read it. `status` is the phase of the controller's state machine
// (src/run/machine.ts), written together with the outcome it came with, so the run bar never disagrees with
// the training.
import { create } from 'zustand';
import type { Diagnostics, Evaluation, LossPoint } from '../core/results';
import { appendThinned } from '../core/thin';
import type { EngineChoice, EnginePreference } from '../run/auto-backend';
import type { BackendKind, BackendMemory } from '../run/backend';
import type { Notice, Rejection, RunEvent } from '../run/events';
import { initialMachine, type RunMachine, type RunPhase } from '../run/machine';
import type { SnapshotData } from '../run/snapshot';
import { computeViewData, defaultViews, type ViewData, type ViewsState } from '../views/registry';

export { appendThinned } from '../core/thin';
export type { Notice, Rejection } from '../run/events';
export type { WeightColumn } from '../views/heatmaps/view';
export type { OutputGrid } from '../views/trajectories/grid';

export type RunStatus = RunPhase;

/** The run's last snapshot and what each view computed from it. */
export type Snapshot = SnapshotData & { views: ViewData };

export interface RunStore {
  /** The machine's phase (kept beside it: most readers need only this). */
  status: RunStatus;
  machine: RunMachine;
  notice: Notice | null;
  /** The config last asked for that could not be built, while the run before it goes on (null: none). */
  rejected: Rejection | null;
  backendKind: BackendKind | null;
  backendLabel: string;
  memory: BackendMemory | null;
  /** Which engine the run trains on and why (null before the first run, or with a test's own factory). */
  engineChoice: EngineChoice | null;
  /** What the engine menu shows: 'auto' (timed or remembered) or the engine picked for this config shape. */
  enginePreference: EnginePreference;
  /** The engines this page can run (the menu's entries besides Auto). */
  engines: { id: EngineChoice['id']; label: string }[];
  /** Timing the candidate engines for the config being loaded. */
  choosingEngine: boolean;
  /** The data of the config being built are downloading (image files): what, and the fraction received. */
  loading: { what: string; fraction: number } | null;
  step: number;
  /** Last batch loss. */
  loss: number;
  stepsPerSec: number;
  /** When the batch of training steps in flight began (performance.now()), null between batches: the run bar
   * counts the seconds of a long one (a deep net on the CPU takes minutes per step). */
  batchSince: number | null;
  /** How far the step in flight is, when the engine says (CPU engines, every ~¼ s of a long step); null else. */
  stepProgress: { step: number; fraction: number; elapsedMs: number } | null;
  /** When the views' read-outs in flight began (a snapshot: minutes for a huge net on the CPU), else null. */
  readoutSince: number | null;
  /**
   * The first evaluation waits for the first batch (a deep net: too costly before the first step); the run bar
   * says so, and the curves have no evaluation yet.
   */
  evalPending: boolean;
  /** Batch losses (thinned to at most MAX_POINTS as training goes on). */
  losses: LossPoint[];
  evals: (Evaluation & { step: number })[];
  /** Global relative error of the adjoint gradient (diagnostic batch) along training. */
  gradErrors: { step: number; value: number }[];
  diag: (Diagnostics & { step: number }) | null;
  snapshot: Snapshot | null;
}

export const MAX_POINTS = 4000;

export function initialRun(): Omit<
  RunStore,
  | 'status'
  | 'machine'
  | 'notice'
  | 'rejected'
  | 'backendKind'
  | 'backendLabel'
  | 'memory'
  | 'engineChoice'
  | 'enginePreference'
  | 'engines'
  | 'choosingEngine'
  | 'loading'
> {
  return {
    step: 0,
    loss: Number.NaN,
    stepsPerSec: 0,
    batchSince: null,
    stepProgress: null,
    readoutSince: null,
    evalPending: false,
    losses: [],
    evals: [],
    gradErrors: [],
    diag: null,
    snapshot: null,
  };
}

export const useRun = create<RunStore>()(() => ({
  status: initialMachine.phase,
  machine: initialMachine,
  notice: null,
  rejected: null,
  backendKind: null,
  backendLabel: '',
  memory: null,
  engineChoice: null,
  enginePreference: 'auto',
  engines: [],
  choosingEngine: false,
  loading: null,
  ...initialRun(),
}));

/** The store after a controller event (`views`: the view options the snapshot's view data follow). */
export function runAfter(r: RunStore, e: RunEvent, views: ViewsState): Partial<RunStore> {
  const out: Partial<RunStore> = e.machine ? { status: e.machine.phase, machine: e.machine } : {};
  switch (e.type) {
    case 'machine':
      // starting to play clears an error message (the user has seen it), but not a rejected config's: its
      // way back to the running experiment stays until the config shown is one that runs
      if (e.cause === 'play' && e.machine?.phase === 'playing' && r.notice?.kind === 'error' && !r.rejected)
        out.notice = null;
      break;
    case 'building':
      Object.assign(out, { notice: null, rejected: null, choosingEngine: false, loading: null });
      break;
    case 'timing':
      out.choosingEngine = true;
      break;
    case 'loading':
      out.loading = e.loading;
      break;
    case 'built':
      Object.assign(out, {
        ...initialRun(),
        step: e.step,
        backendKind: e.kind,
        backendLabel: e.label,
        memory: e.memory,
        engineChoice: e.choice,
        choosingEngine: false,
        ...(e.engines ? { engines: e.engines } : {}),
        ...(e.preference ? { enginePreference: e.preference } : {}),
        notice: e.notice,
        rejected: null,
      });
      break;
    case 'rejected':
      Object.assign(out, { choosingEngine: false, notice: e.notice, rejected: e.rejection });
      break;
    case 'kept':
      // back to the running experiment: the rejected config and its message are done with
      if (r.rejected) Object.assign(out, { rejected: null, notice: null });
      break;
    case 'batch':
      // a batch begins or ends: what was said of the last one's step is done with
      Object.assign(out, { batchSince: e.since, stepProgress: null });
      break;
    case 'readout':
      out.readoutSince = e.since;
      break;
    case 'progress':
      out.stepProgress = { step: e.step, fraction: e.fraction, elapsedMs: e.elapsedMs };
      break;
    case 'losses':
      Object.assign(out, {
        losses: appendThinned(r.losses, e.points, MAX_POINTS),
        loss: e.points[e.points.length - 1]?.loss ?? r.loss,
        step: e.step,
        stepsPerSec: e.stepsPerSec,
      });
      // the step whose progress was shown is done
      if (r.stepProgress && e.step >= r.stepProgress.step) out.stepProgress = null;
      break;
    case 'snapshot':
      Object.assign(out, {
        step: e.data.step,
        snapshot: { ...e.data, views: computeViewData(e.data, views, r.snapshot?.views ?? null) },
      });
      break;
    case 'evalPending':
      out.evalPending = e.pending;
      break;
    case 'evaluation':
      Object.assign(out, {
        evalPending: false,
        evals: appendThinned(r.evals, [{ ...e.evaluation, step: e.step }], MAX_POINTS),
        diag: { ...e.diagnostics, step: e.step },
        gradErrors: appendThinned(
          r.gradErrors,
          [{ step: e.step, value: e.diagnostics.gradErrorGlobal }],
          MAX_POINTS,
        ),
        step: e.step,
      });
      break;
    case 'diverged': {
      const kept = r.losses.filter((p) => p.step <= e.back);
      Object.assign(out, {
        step: e.back,
        loss: kept.at(-1)?.loss ?? Number.NaN,
        losses: kept,
        notice: e.notice,
      });
      break;
    }
    case 'finished':
      break;
    case 'lost':
      out.notice = e.notice;
      break;
    case 'preference':
      out.enginePreference = e.preference;
      break;
  }
  return out;
}

/** Subscribe the run store to a controller; returns the function that stops it. */
export function connectRun(
  controller: { subscribe(l: (e: RunEvent) => void): () => void },
  views: () => ViewsState = defaultViews,
): () => void {
  return controller.subscribe((e) => useRun.setState(runAfter(useRun.getState(), e, views())));
}

/** "≈ 4 min 10 s left" to reach `target` steps at `stepsPerSec`; '' when unknown or done. */
export function formatTimeLeft(step: number, target: number, stepsPerSec: number): string {
  if (!(target > 0) || step >= target || !(stepsPerSec > 0) || !Number.isFinite(stepsPerSec)) return '';
  const seconds = (target - step) / stepsPerSec;
  return seconds < 0.5 ? '< 1 s left' : `≈ ${formatDuration(seconds)} left`;
}

/**
 * "≈ 2 min left" for a step `fraction` done after `elapsedMs` of it, at the same pace (its layer sweeps cost
 * alike); '' until a few percent are done (too early to say) or once done.
 */
export function stepTimeLeft(fraction: number, elapsedMs: number): string {
  if (!(fraction >= 0.02 && fraction < 1) || !(elapsedMs > 0)) return '';
  const seconds = ((elapsedMs / 1000) * (1 - fraction)) / fraction;
  return seconds < 0.5 ? '< 1 s left' : `≈ ${formatDuration(seconds)} left`;
}

/** Seconds as "45 s", "4 min 10 s", "2 h 05 min", "3 d 4 h" (rounded to what matters). */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '∞';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) {
    const m = Math.floor(s / 60);
    const r = s % 60;
    // beyond 10 minutes the seconds are noise
    return m >= 10 ? `${Math.round(s / 60)} min` : r ? `${m} min ${r} s` : `${m} min`;
  }
  if (s < 86400) {
    const h = Math.floor(s / 3600);
    const m = Math.round((s % 3600) / 60);
    return m === 60 ? `${h + 1} h` : m ? `${h} h ${String(m).padStart(2, '0')} min` : `${h} h`;
  }
  const d = Math.floor(s / 86400);
  const h = Math.round((s % 86400) / 3600);
  return h === 24 ? `${d + 1} d` : h ? `${d} d ${h} h` : `${d} d`;
}
