// What the two CPU backends share (the float64 reference and the float32 WASM engine): training steps with
// divergence reported like the GPU does, losses, checkpoints, and the throttled read-outs (diagnostics, probe,
// trajectories) computed by the float64 reference on the current weights.
import { gatherRows } from '../core/batches';
import type { ExperimentConfig } from '../core/config';
import type { Dataset } from '../core/data';
import { computeDiagnostics } from '../core/diagnostics';
import { computeGradients } from '../core/gradients';
import { cloneWeights, type NetSpec, type Weights } from '../core/params';
import { embed, forward, reconstruct } from '../core/reference';
import type { Diagnostics, Evaluation, LossPoint, Probe } from '../core/results';
import { type StepStats, type TrainerState, TrainingDivergedError } from '../core/trainer';
import { DIAG_BATCH } from '../engine/plan';
import type { BackendKind, BackendMemory } from './backend';

/** CpuTrainer and WasmTrainer. */
export interface Trainer {
  readonly spec: NetSpec;
  readonly data: Dataset;
  weights: Weights;
  step: number;
  trainStep(): StepStats;
  evaluate(): Evaluation;
  saveState(): TrainerState;
  loadState(s: TrainerState): void;
}

export abstract class TrainerBackend<T extends Trainer> {
  abstract readonly kind: BackendKind;
  abstract readonly label: string;
  abstract readonly memory: BackendMemory;
  private pending: LossPoint[] = [];
  private saved: TrainerState;
  private readonly diagIdx: Int32Array;

  constructor(
    readonly config: ExperimentConfig,
    protected readonly trainer: T,
    weights: Weights | undefined,
    diagBatch = DIAG_BATCH,
    startStep = 0,
  ) {
    if (weights) trainer.weights = cloneWeights(weights);
    trainer.step = startStep;
    this.diagIdx = Int32Array.from({ length: Math.min(diagBatch, trainer.data.train.n) }, (_, i) => i);
    this.saved = trainer.saveState();
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
    for (let i = 0; i < k; i++) {
      try {
        const s = this.trainer.trainStep();
        this.pending.push({ step: s.step, loss: s.loss, acc: s.acc });
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

  async readLosses(): Promise<LossPoint[]> {
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

  async finalStates(x: Float64Array, F: number): Promise<Float32Array | Float64Array> {
    const { spec } = this;
    const w = this.trainer.weights;
    return forward(spec, w.residual, embed(spec, w, x, F), F, false).out;
  }

  async readWeights(): Promise<Weights> {
    return cloneWeights(this.trainer.weights);
  }

  async checkpoint(): Promise<void> {
    this.saved = this.trainer.saveState();
  }

  async restore(): Promise<number> {
    this.trainer.loadState(this.saved);
    this.pending = this.pending.filter((p) => p.step <= this.trainer.step);
    return this.trainer.step;
  }

  dispose(): void {}
}
