// Training loop of the CPU engines, and the float64 reference engine on it: the CPU fallback and the oracle for GPU
// training runs.
import { batchIndices, gatherRows } from './batches';
import { type ExperimentConfig, residualLrMultiplier } from './config';
import { type Dataset, makeDataset } from './data';
import { type StepBounds, WEIGHT_BOUND } from './divergence';
import { computeGradients } from './gradients';
import { accuracy, evalLoss } from './loss';
import { optimStep } from './optim';
import { cloneWeights, initWeights, type NetSpec, netSpec, type Weights } from './params';
import { embed, forward } from './reference';
import type { Evaluation } from './results';
import {
  cloneOptimizerState,
  type OptimizerState,
  type TrainingState,
  zeroOptimizerState,
} from './training-state';

export interface StepStats extends StepBounds {
  /** Training steps done so far. */
  step: number;
  /** Mini-batch loss of the last step (before its update). */
  loss: number;
  /** Mini-batch accuracy of that step (classification), else NaN. */
  acc: number;
}

/** One batch's loss and gradients, and its final states x_S [B][d] (for the state bound). */
export interface BatchGradients {
  loss: number;
  pred: Float64Array;
  grad: Float64Array;
  gReadoutW: Float64Array;
  gReadoutB: Float64Array;
  out: ArrayLike<number>;
}

/** Largest |v| (Infinity when any is not finite). */
export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]);
    if (!(v <= m)) m = Number.isNaN(v) ? Number.POSITIVE_INFINITY : v;
  }
  return m;
}

/**
 * The training loop both CPU engines share (batch schedule, float64 master weights and optimizer, divergence
 * and bound reports); an engine supplies only the batch's gradients.
 */
export abstract class TrainerBase {
  readonly spec: NetSpec;
  readonly data: Dataset;
  weights: Weights;
  step = 0;
  /** Told how far the training step in progress is (0…1, by layers swept forward then back), when set. */
  progress: ((fraction: number) => void) | null = null;
  protected opt: OptimizerState;

  constructor(readonly config: ExperimentConfig) {
    this.spec = netSpec(config);
    this.data = makeDataset(config);
    this.weights = initWeights(config, this.spec);
    this.opt = zeroOptimizerState(this.spec);
  }

  /** The batch's loss and gradients at the current weights (telling `progress`, when set, how far it is). */
  protected abstract batchGradients(x: Float64Array, y: Float64Array, B: number): BatchGradients;

  /** Final states x_S [n][d] for raw inputs [n][inputDim] at the current weights, on this engine. */
  abstract finalStates(x: Float64Array, n: number): Float64Array;

  /** One training step; returns the batch loss computed before the update, and the bound reports. */
  trainStep(): StepStats {
    const c = this.config;
    const { spec, data } = this;
    const idx = batchIndices(c, this.step);
    const B = idx.length;
    const x = gatherRows(data.train.x, data.inputDim, idx);
    const y = gatherRows(data.train.y, data.outputDim, idx);
    const r = this.batchGradients(x, y, B);
    if (!Number.isFinite(r.loss)) throw new TrainingDivergedError(this.step, r.loss);
    const labels = data.train.labels;
    const acc = labels
      ? accuracy(
          r.pred,
          Int32Array.from(idx, (i) => labels[i]),
          B,
          spec.outputDim,
        )
      : Number.NaN;
    const t = this.step + 1;
    const lr = c.train.lr;
    const w = this.weights;
    optimStep(c.train, lr * residualLrMultiplier(c), w.residual, r.grad, this.opt.residual, t);
    let beyond = maxAbs(w.residual) > WEIGHT_BOUND;
    if (spec.readout === 'trained') {
      optimStep(c.train, lr, w.readoutW, r.gReadoutW, this.opt.readoutW, t);
      optimStep(c.train, lr, w.readoutB, r.gReadoutB, this.opt.readoutB, t);
      beyond ||= maxAbs(w.readoutW) > WEIGHT_BOUND || maxAbs(w.readoutB) > WEIGHT_BOUND;
    }
    this.step = t;
    return { step: t, loss: r.loss, acc, maxState: maxAbs(r.out), weightsBeyond: beyond };
  }

  /** A copy of the weights, moments and step. */
  saveState(): TrainingState {
    return { weights: cloneWeights(this.weights), opt: cloneOptimizerState(this.opt), step: this.step };
  }

  loadState(s: TrainingState): void {
    this.weights = cloneWeights(s.weights);
    this.opt = cloneOptimizerState(s.opt);
    this.step = s.step;
  }

  /** Replace the optimizer moments (resuming a file or another engine's run). */
  setOptimizerState(o: OptimizerState): void {
    this.opt = cloneOptimizerState(o);
  }

  /** Full-set losses (and accuracy for classification) at the current weights, on this engine. */
  evaluate(): Evaluation {
    const { spec, data, weights: w } = this;
    const one = (s: Dataset['train']) => {
      if (s.n === 0) return { loss: Number.NaN, acc: Number.NaN };
      const L = evalLoss(this.config.train.loss, spec, w, this.finalStates(s.x, s.n), s.y, s.n);
      return { loss: L.loss, acc: s.labels ? accuracy(L.pred, s.labels, s.n, spec.outputDim) : Number.NaN };
    };
    const tr = one(data.train);
    const te = one(data.test);
    return { trainLoss: tr.loss, testLoss: te.loss, trainAcc: tr.acc, testAcc: te.acc };
  }
}

/** The float64 reference engine. */
export class CpuTrainer extends TrainerBase {
  protected batchGradients(x: Float64Array, y: Float64Array, B: number): BatchGradients {
    const c = this.config;
    return computeGradients(
      this.spec,
      this.weights,
      x,
      y,
      B,
      c.train.loss,
      c.train.gradMode,
      this.progress ?? undefined,
    );
  }

  finalStates(x: Float64Array, n: number): Float64Array {
    const { spec, weights: w } = this;
    return forward(spec, w.residual, embed(spec, w, x, n), n, false).out;
  }
}

/** Thrown when the loss becomes NaN or infinite; the weights are those before the failing step. */
export class TrainingDivergedError extends Error {
  constructor(
    readonly step: number,
    readonly loss: number,
  ) {
    super(
      `training diverged at step ${step}: the loss became ${loss}. Lower train.lr (or its depth multiplier) and reset.`,
    );
    this.name = 'TrainingDivergedError';
  }
}
