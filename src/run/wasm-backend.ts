// The float32 WASM SIMD engine (src/wasm) behind the Backend interface, in-process (the page hosts it in the
// CPU worker). Training, losses, evaluation and checkpoints run on it; the throttled read-outs (diagnostics,
// probe, trajectories) use the float64 reference functions on the current weights, as CpuBackend does.
import { gatherRows } from '../core/batches';
import { type ExperimentConfig, effectiveBatch } from '../core/config';
import { computeDiagnostics } from '../core/diagnostics';
import { computeGradients } from '../core/gradients';
import { cloneWeights, type Weights } from '../core/params';
import { embed, forward, reconstruct } from '../core/reference';
import type { Diagnostics, Evaluation, LossPoint, Probe } from '../core/results';
import { type TrainerState, TrainingDivergedError } from '../core/trainer';
import { DIAG_BATCH } from '../engine/plan';
import { activationBytes } from '../wasm/engine';
import { WasmTrainer } from '../wasm/trainer';
import type { Backend, BackendMemory } from './backend';

const F64 = 8;

export class WasmBackend implements Backend {
  readonly kind = 'wasm' as const;
  readonly label = 'CPU · float32 WASM SIMD';
  readonly memory: BackendMemory;
  private readonly trainer: WasmTrainer;
  private pending: LossPoint[] = [];
  private saved: TrainerState;
  private readonly diagIdx: Int32Array;

  constructor(
    readonly config: ExperimentConfig,
    weights?: Weights,
    diagBatch = DIAG_BATCH,
    startStep = 0,
  ) {
    this.trainer = new WasmTrainer(config);
    if (weights) this.trainer.weights = cloneWeights(weights);
    this.trainer.step = startStep;
    const { spec, net } = this.trainer;
    const B = effectiveBatch(config);
    const other = config.train.gradMode === 'exact' ? 'adjoint' : 'exact';
    const scratch = activationBytes(spec, B, 'adjoint');
    const work = {
      name: 'scratch',
      bytes: scratch,
      holds: "the step's working set (current states, adjoint vectors)",
    };
    const kept = activationBytes(spec, B, 'exact') - scratch;
    this.memory = {
      activationBytes: net.activationBytes,
      activationBytesOtherMode: activationBytes(spec, B, other),
      // WASM memory plus the float64 master weights and optimizer moments kept in JS
      totalBytes: net.bytes + 3 * spec.P * spec.setSize * F64,
      precision: 'float32',
      // float64 weights and two moments in JS; float32 weights (packed both ways) and gradients in WASM
      parameterBytes: spec.P * spec.setSize * (3 * F64 + 3 * 4),
      parts: {
        exact: [
          { name: 'states', bytes: kept, holds: 'every state (and MLP activation) of each sample' },
          work,
        ],
        adjoint: [work],
      },
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

  // float64 reference on the current weights (throttled views; same numbers as CpuBackend would give)
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

  /** On the WASM engine (float32): decision regions ask for many points. */
  async finalStates(x: Float64Array, F: number): Promise<Float64Array> {
    const { net, weights: w } = this.trainer;
    net.setWeights(w.residual);
    return net.finalStates(w, x, F);
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
