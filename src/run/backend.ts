// One interface over the two ways to run an experiment: the WebGPU engine (float32, fast) and the float64
// reference engine (CPU; in the page it runs inside a Web Worker). The run controller, the sweeps and the
// headless runner only talk to this.
import type { Dataset } from '../core/data';
import type { StepReport } from '../core/divergence';
import type { NetSpec, ReadoutWeights, Weights } from '../core/params';
import type { Diagnostics, Evaluation, Probe } from '../core/results';
import type { TrainingState } from '../core/training-state';

export type BackendKind = 'webgpu' | 'cpu' | 'wasm';

/** One buffer (or array) of a training step's activation + scratch memory and what it holds. */
export interface MemoryPart {
  name: string;
  bytes: number;
  holds: string;
}

export interface BackendMemory {
  /** Activation + scratch memory of a training step as allocated (stored states, the step's working set). */
  activationBytes: number;
  /** What the other gradient mode would need for the same batch. */
  activationBytesOtherMode: number;
  /** Everything the run holds (GPU: all buffers; CPU: the arrays of the training step). */
  totalBytes: number;
  precision: 'float32' | 'float64';
  /** Parameter-sized memory (weights, gradients, optimizer state): the same in both modes. */
  parameterBytes?: number;
  /** What the activation + scratch memory of each mode holds. */
  parts?: { exact: MemoryPart[]; adjoint: MemoryPart[] };
}

/** How far the training step in flight is: step `step` (the one being computed), `fraction` of its layer sweeps done. */
export interface StepProgress {
  step: number;
  fraction: number;
  /** Time since this step began. */
  elapsedMs: number;
}

export interface Backend {
  readonly kind: BackendKind;
  /** Human label, e.g. "WebGPU · google swiftshader" or "CPU · float64 reference". */
  readonly label: string;
  readonly spec: NetSpec;
  readonly data: Dataset;
  readonly memory: BackendMemory;
  /** Training steps done. */
  readonly step: number;
  trainSteps(k: number): Promise<void>;
  /**
   * Told, every so often, how far a long training step is (engines that can say: the CPU ones, float64 and WASM), so a
   * step of minutes is not a frozen counter. Set by the controller.
   */
  onProgress?: ((p: StepProgress) => void) | null;
  /** Wait for submitted work (GPU); a no-op on the CPU. */
  sync(): Promise<void>;
  /** Losses of the steps done since the last call, with each step's bound reports (divergence.ts). */
  readLosses(): Promise<StepReport[]>;
  evaluate(): Promise<Evaluation>;
  /** On the fixed diagnostic batch (the first samples of the training set). */
  diagnostics(): Promise<Diagnostics>;
  probe(): Promise<Probe>;
  /** Forward states [S+1][F][d] for raw inputs [F][inputDim]. */
  trajectories(x: Float64Array, F: number): Promise<Float32Array | Float64Array>;
  /** Final states x_S [F][d] for raw inputs [F][inputDim] (decision regions: apply the read-out). */
  finalStates(x: Float64Array, F: number): Promise<Float32Array | Float64Array>;
  readWeights(): Promise<Weights>;
  /** The read-out and the fixed embedding only (small): a snapshot no view needs the residual sets of. */
  readReadout(): Promise<ReadoutWeights>;
  /** Weights, optimizer moments and step, consistent with each other (files, moving to another engine). */
  readTrainingState(): Promise<TrainingState>;
  /** Remember the current state; the last CHECKPOINTS (core/training-state.ts) are kept (the newest may not be validated yet). */
  checkpoint(): Promise<void>;
  /**
   * Back to the newest checkpoint at or before `maxStep` (default: the newest; the oldest when none is that
   * old); returns its step.
   */
  restore(maxStep?: number): Promise<number>;
  dispose(): void;
}
