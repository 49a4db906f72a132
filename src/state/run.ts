// The live run, as the views see it: status, counters, time series and the latest snapshot. Written only by the
// run controller (src/run/controller.ts); views only read it. `status` is the phase of the controller's state
// machine (run-machine.ts), written together with it, so the run bar never disagrees with the training.
import { create } from 'zustand';
import type { Weights } from '../core/params';
import type { Diagnostics, Evaluation, LossPoint } from '../core/results';
import type { EngineChoice, EnginePreference } from '../run/auto-backend';
import type { BackendKind, BackendMemory } from '../run/backend';
import { initialMachine, type RunMachine, type RunPhase } from './run-machine';

export type RunStatus = RunPhase;

export interface Notice {
  kind: 'error' | 'warning' | 'info';
  text: string;
}

/** A grid of inputs over the data's bounding box and the model's output there (2-D inputs only). */
export interface OutputGrid {
  nx: number;
  ny: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  /** Classification: probability of class 1 (2 classes) or arg-max class; regression: first output. Row-major [ny][nx]. */
  values: Float32Array;
}

export interface Snapshot {
  step: number;
  weights: Weights;
  /** Raw inputs of the fan [F][inputDim], their labels (classification) and targets [F][K]. */
  fanX: Float64Array;
  F: number;
  fanLabels: Int32Array | null;
  /** Forward states of the fan [S+1][F][d]. */
  trajectories: Float32Array | Float64Array;
  grid: OutputGrid | null;
}

export interface WeightColumn {
  step: number;
  /** ‖θ_n‖ per parameter set. */
  norms: Float64Array;
  /** N‖θ_{n+1} − θ_n‖ between used sets. */
  increments: Float64Array;
  /** The followed weight entry in each set. */
  entry: Float64Array;
  /** Index (in a parameter set) of the followed entry when this column was taken. */
  entryIndex?: number;
}

export interface RunStore {
  /** The machine's phase (kept beside it: most readers need only this). */
  status: RunStatus;
  machine: RunMachine;
  notice: Notice | null;
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
  step: number;
  /** Last batch loss. */
  loss: number;
  stepsPerSec: number;
  /** When the batch of training steps in flight began (performance.now()), null between batches: the run bar
   * counts the seconds of a long one (a deep net on the CPU takes minutes per step). */
  batchSince: number | null;
  /** Batch losses (thinned to at most MAX_POINTS as training goes on). */
  losses: LossPoint[];
  evals: (Evaluation & { step: number })[];
  /** Global relative error of the adjoint gradient (diagnostic batch) along training. */
  gradErrors: { step: number; value: number }[];
  diag: (Diagnostics & { step: number }) | null;
  weightHistory: WeightColumn[];
  snapshot: Snapshot | null;
}

export const MAX_POINTS = 4000;
export const MAX_COLUMNS = 240;

export function initialRun(): Omit<
  RunStore,
  | 'status'
  | 'machine'
  | 'notice'
  | 'backendKind'
  | 'backendLabel'
  | 'memory'
  | 'engineChoice'
  | 'enginePreference'
  | 'engines'
  | 'choosingEngine'
> {
  return {
    step: 0,
    loss: Number.NaN,
    stepsPerSec: 0,
    batchSince: null,
    losses: [],
    evals: [],
    gradErrors: [],
    diag: null,
    weightHistory: [],
    snapshot: null,
  };
}

export const useRun = create<RunStore>()(() => ({
  status: initialMachine.phase,
  machine: initialMachine,
  notice: null,
  backendKind: null,
  backendLabel: '',
  memory: null,
  engineChoice: null,
  enginePreference: 'auto',
  engines: [],
  choosingEngine: false,
  ...initialRun(),
}));

/** Append, keeping at most `max` items by dropping every other old one when full (keeps the shape of the curve). */
export function appendThinned<T>(list: T[], items: T[], max: number): T[] {
  let out = list.concat(items);
  while (out.length > max) out = out.filter((_, i) => i % 2 === 0 || i === out.length - 1);
  return out;
}

/** "≈ 4 min 10 s left" to reach `target` steps at `stepsPerSec`; '' when unknown or done. */
export function formatTimeLeft(step: number, target: number, stepsPerSec: number): string {
  if (!(target > 0) || step >= target || !(stepsPerSec > 0) || !Number.isFinite(stepsPerSec)) return '';
  const seconds = (target - step) / stepsPerSec;
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
