// What the two CPU backends share (the float64 reference and the float32 WASM engine): training steps with
// divergence reported like the GPU does, losses, checkpoints, and the throttled read-outs (diagnostics, probe,
// trajectories) computed by the float64 reference on the current weights.
import { gatherRows } from '../core/batches';
import type { ExperimentConfig, GradMode } from '../core/config';
import { computeDiagnostics } from '../core/diagnostics';
import { STATE_BOUND, type StepReport } from '../core/divergence';
import { computeGradients } from '../core/gradients';
import { cloneWeights, type ReadoutWeights, type Weights } from '../core/params';
import { embed, forward, reconstruct } from '../core/reference';
import type { Diagnostics, Evaluation, Probe } from '../core/results';
import { type TrainerBase, TrainingDivergedError } from '../core/trainer';
import {
  assertRepresentable,
  CHECKPOINTS,
  cloneOptimizerState,
  newestUpTo,
  type OptimizerState,
  type Precision,
  type TrainingState,
} from '../core/training-state';
import { DIAG_BATCH } from '../engine/plan';
import type { BackendKind, BackendMemory, MemoryPart, StepProgress } from './backend';

/**
 * A CPU engine's memory report from what a training step holds in each gradient mode: the activation bytes are
 * the sum of the mode's parts; everything is those plus the parameter-sized memory unless the engine knows its
 * total (the WASM engine: its whole linear memory).
 */
export function trainerMemory(
  mode: GradMode,
  precision: BackendMemory['precision'],
  parts: { exact: MemoryPart[]; adjoint: MemoryPart[] },
  parameterBytes: number,
  totalBytes?: number,
): BackendMemory {
  const sum = (ps: MemoryPart[]) => ps.reduce((a, p) => a + p.bytes, 0);
  const activationBytes = sum(parts[mode]);
  return {
    activationBytes,
    activationBytesOtherMode: sum(parts[mode === 'exact' ? 'adjoint' : 'exact']),
    totalBytes: totalBytes ?? activationBytes + parameterBytes,
    precision,
    parameterBytes,
    parts,
  };
}

/** Where a trainer backend starts: its weights, the diagnostics batch size, the step and the optimizer's state. */
export type TrainerStart = [weights?: Weights, diagBatch?: number, startStep?: number, opt?: OptimizerState];

/** A backend on one of the CPU trainers (CpuTrainer, WasmTrainer). */
export abstract class TrainerBackend<T extends TrainerBase> {
  abstract readonly kind: BackendKind;
  abstract readonly label: string;
  abstract readonly memory: BackendMemory;
  private pending: StepReport[] = [];
  /** See Backend.onProgress. */
  onProgress: ((p: StepProgress) => void) | null = null;
  /** Least time between two progress reports (a report is a message to the page). */
  progressEveryMs = 250;
  /** The last CHECKPOINTS saved states, oldest first. */
  private saved: TrainingState[];
  private readonly diagIdx: Int32Array;

  /** Throws StateRangeError when the given weights or moments do not fit the engine's precision. */
  constructor(
    readonly config: ExperimentConfig,
    protected readonly trainer: T,
    precision: Precision,
    ...[weights, diagBatch = DIAG_BATCH, startStep = 0, opt]: TrainerStart
  ) {
    if (weights || opt) assertRepresentable(trainer.spec, weights ?? trainer.weights, opt, precision);
    if (weights) trainer.weights = cloneWeights(weights);
    if (opt) trainer.setOptimizerState(opt);
    trainer.step = startStep;
    this.diagIdx = Int32Array.from({ length: Math.min(diagBatch, trainer.data.train.n) }, (_, i) => i);
    this.saved = [trainer.saveState()];
  }

  get spec() {
    return this.trainer.spec;
  }
  get data() {
    return this.trainer.data;
  }
  get step() {
    return this.trainer.step;
  }

  async trainSteps(k: number): Promise<void> {
    const tell = this.onProgress;
    let last = performance.now();
    let began = last;
    this.trainer.progress = tell
      ? (fraction) => {
          const now = performance.now();
          if (now - last < this.progressEveryMs) return;
          last = now;
          tell({ step: this.trainer.step + 1, fraction, elapsedMs: now - began });
        }
      : null;
    for (let i = 0; i < k; i++) {
      began = performance.now();
      try {
        const s = this.trainer.trainStep();
        this.pending.push(s);
        // an explosion: the rest of the batch would only go further (the controller rolls back)
        if (s.weightsBeyond || !((s.maxState ?? 0) <= STATE_BOUND)) return;
      } catch (e) {
        // report the diverged step like the GPU does (a non-finite loss), and stop this batch of steps
        if (e instanceof TrainingDivergedError) {
          this.pending.push({ step: this.trainer.step + 1, loss: e.loss, acc: Number.NaN });
          return;
        }
        throw e;
      }
    }
  }

  async sync(): Promise<void> {}

  async readLosses(): Promise<StepReport[]> {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  async evaluate(): Promise<Evaluation> {
    return this.trainer.evaluate();
  }

  private diagBatch() {
    const { data } = this;
    return {
      B: this.diagIdx.length,
      x: gatherRows(data.train.x, data.inputDim, this.diagIdx),
      y: gatherRows(data.train.y, data.outputDim, this.diagIdx),
    };
  }

  async diagnostics(): Promise<Diagnostics> {
    const { B, x, y } = this.diagBatch();
    return computeDiagnostics(this.spec, this.trainer.weights, x, y, B, this.config.train.loss);
  }

  async probe(): Promise<Probe> {
    const { spec } = this;
    const w = this.trainer.weights;
    const { B, x, y } = this.diagBatch();
    const ex = computeGradients(spec, w, x, y, B, this.config.train.loss, 'exact');
    const ad = computeGradients(spec, w, x, y, B, this.config.train.loss, 'adjoint');
    const states = ex.states!;
    return {
      B,
      indices: this.diagIdx.slice(),
      x0: embed(spec, w, x, B),
      targets: y,
      states,
      recon: reconstruct(spec, w.residual, states.subarray(spec.steps * B * spec.d), B),
      loss: ex.loss,
      gradExact: ex.grad,
      gradAdjoint: ad.grad,
      gradReadout: new Float64Array([...ex.gReadoutW, ...ex.gReadoutB]),
    };
  }

  async trajectories(x: Float64Array, F: number): Promise<Float64Array> {
    const { spec } = this;
    const w = this.trainer.weights;
    return forward(spec, w.residual, embed(spec, w, x, F), F, true).states!;
  }

  /** On the trainer's engine (the WASM one in float32: decision regions ask for many points). */
  async finalStates(x: Float64Array, F: number): Promise<Float32Array | Float64Array> {
    return this.trainer.finalStates(x, F);
  }

  async readWeights(): Promise<Weights> {
    return cloneWeights(this.trainer.weights);
  }

  async readReadout(): Promise<ReadoutWeights> {
    const w = this.trainer.weights;
    return { embed: w.embed.slice(), readoutW: w.readoutW.slice(), readoutB: w.readoutB.slice() };
  }

  async readTrainingState(): Promise<TrainingState> {
    const s = this.trainer.saveState();
    return { ...s, opt: cloneOptimizerState(s.opt) };
  }

  async checkpoint(): Promise<void> {
    this.saved = [...this.saved, this.trainer.saveState()].slice(-CHECKPOINTS);
  }

  async restore(maxStep = Number.POSITIVE_INFINITY): Promise<number> {
    this.trainer.loadState(
      this.saved[
        newestUpTo(
          this.saved.map((s) => s.step),
          maxStep,
        )
      ],
    );
    this.pending = this.pending.filter((p) => p.step <= this.trainer.step);
    return this.trainer.step;
  }

  dispose(): void {}
}
