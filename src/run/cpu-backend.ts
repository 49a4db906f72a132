// The float64 reference engine behind the Backend interface (in-process; the page wraps it in a Web Worker).
import { gatherRows } from '../core/batches';
import { type ExperimentConfig, effectiveBatch } from '../core/config';
import { computeDiagnostics } from '../core/diagnostics';
import { computeGradients } from '../core/gradients';
import { cloneWeights, type Weights } from '../core/params';
import { embed, forward, reconstruct } from '../core/reference';
import type { Diagnostics, Evaluation, LossPoint, Probe } from '../core/results';
import { CpuTrainer, type TrainerState, TrainingDivergedError } from '../core/trainer';
import { DIAG_BATCH } from '../engine/plan';
import type { Backend, BackendMemory } from './backend';

const F64 = 8;

export class CpuBackend implements Backend {
  readonly kind = 'cpu' as const;
  readonly label = 'CPU · float64 reference';
  readonly memory: BackendMemory;
  private readonly trainer: CpuTrainer;
  private pending: LossPoint[] = [];
  private saved: TrainerState;
  private readonly diagIdx: Int32Array;

  constructor(
    readonly config: ExperimentConfig,
    weights?: Weights,
    diagBatch = DIAG_BATCH,
    startStep = 0,
  ) {
    this.trainer = new CpuTrainer(config);
    if (weights) this.trainer.weights = cloneWeights(weights);
    this.trainer.step = startStep;
    const { spec } = this.trainer;
    const B = effectiveBatch(config);
    const stateBytes = (spec.steps + 1) * B * spec.d * F64;
    const vec = B * spec.d * F64;
    const states = {
      name: 'states',
      bytes: stateBytes,
      holds: `every state x₀ … x_${spec.steps} of each sample`,
    };
    const cur = { name: 'state', bytes: vec, holds: 'the current (rebuilt) state of each sample' };
    const adj = { name: 'adjoint', bytes: vec, holds: 'the adjoint vector ∂L/∂x of each sample' };
    const exact = stateBytes + vec;
    const adjoint = 2 * vec;
    const isExact = config.train.gradMode === 'exact';
    // weights, gradients and the optimizer's two moments
    const parameterBytes = 4 * spec.P * spec.setSize * F64;
    this.memory = {
      activationBytes: isExact ? exact : adjoint,
      activationBytesOtherMode: isExact ? adjoint : exact,
      totalBytes: (isExact ? exact : adjoint) + parameterBytes,
      precision: 'float64',
      parameterBytes,
      parts: { exact: [states, adj], adjoint: [cur, adj] },
    };
    this.diagIdx = Int32Array.from({ length: Math.min(diagBatch, this.trainer.data.train.n) }, (_, i) => i);
    this.saved = this.trainer.saveState();
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

  async finalStates(x: Float64Array, F: number): Promise<Float64Array> {
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
