// What the run controller tells the page: every state-machine transition and every outcome, as plain events.
// The controller never writes a store; the run store subscribes (src/state/run.ts `connectRun`). An event that
// comes with a transition carries the new machine state, so the store writes both at once and a view never sees
// the phase without what goes with it.
import type { ExperimentConfig } from '../core/config';
import type { Diagnostics, Evaluation, LossPoint } from '../core/results';
import type { EngineChoice, EnginePreference } from './auto-backend';
import type { BackendKind, BackendMemory } from './backend';
import type { MachineEvent, RunMachine } from './machine';
import type { SnapshotData } from './snapshot';

export interface Notice {
  kind: 'error' | 'warning' | 'info';
  text: string;
}

/** A config the controller could not build: the run it had (if any) goes on, the config asked for is not it. */
export interface Rejection {
  config: ExperimentConfig;
  /** The config of the run that goes on (null: none yet). */
  running: ExperimentConfig | null;
  reasons: { field?: string; message: string }[];
  /** Over an engine's limits (too big), rather than another failure. */
  limit: boolean;
}

export type RunEventBody =
  /** A transition only. */
  | { type: 'machine' }
  /** A build started (clears the last outcome's message). */
  | { type: 'building'; config: ExperimentConfig }
  /** The data of the config being built are loading (fraction of the bytes 0…1); null: done or failed. */
  | { type: 'loading'; loading: { what: string; fraction: number } | null }
  /** The candidate engines are being timed for the config being built. */
  | { type: 'timing' }
  | {
      type: 'built';
      config: ExperimentConfig;
      step: number;
      kind: BackendKind;
      label: string;
      memory: BackendMemory;
      choice: EngineChoice | null;
      /** With the page's own factory: the engine menu's state for this config. */
      engines?: { id: EngineChoice['id']; label: string }[];
      preference?: EnginePreference;
      notice: Notice | null;
    }
  | { type: 'rejected'; rejection: Rejection; notice: Notice }
  /** A config equal to the running one was asked for: the run goes on (any build in flight is dropped). */
  | { type: 'kept'; config: ExperimentConfig }
  /** A batch of training steps began (performance.now()) or ended (null). */
  | { type: 'batch'; since: number | null }
  /** The views' read-outs of the engine (a snapshot) began (performance.now()) or ended (null). */
  | { type: 'readout'; since: number | null }
  /** How far the training step in flight is (see StepProgress): steps of minutes. */
  | { type: 'progress'; step: number; fraction: number; elapsedMs: number }
  | { type: 'losses'; points: LossPoint[]; step: number; stepsPerSec: number }
  | { type: 'snapshot'; data: SnapshotData }
  | { type: 'evaluation'; step: number; evaluation: Evaluation; diagnostics: Diagnostics }
  /** The first evaluation waits for the first batch (too costly before the first step) or no longer waits. */
  | { type: 'evalPending'; pending: boolean }
  /** Rolled back to step `back` after a divergence. */
  | { type: 'diverged'; back: number; notice: Notice }
  /** The step budget was reached while playing. */
  | { type: 'finished'; step: number }
  /** The engine failed (device lost, a worker died). */
  | { type: 'lost'; notice: Notice }
  /** The engine menu's choice for the config (set by the user). */
  | { type: 'preference'; preference: EnginePreference };

export type RunEvent = RunEventBody & {
  /** The machine after the transition this event came with, and what caused it. */
  machine?: RunMachine;
  cause?: MachineEvent['type'];
};

export type RunListener = (e: RunEvent) => void;
