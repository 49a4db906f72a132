// Training loop on the float64 reference engine: the CPU fallback and the oracle for GPU training runs.
import { batchIndices, gatherRows } from './batches';
import { type ExperimentConfig, residualLrMultiplier } from './config';
import { type Dataset, makeDataset } from './data';
import { computeGradients } from './gradients';
import { accuracy, evalLoss } from './loss';
import { makeOptState, type OptState, optimStep } from './optim';
import { cloneWeights, initWeights, type NetSpec, netSpec, type Weights } from './params';
import { embed, forward } from './reference';

export interface StepStats {
  /** Training steps done so far. */
  step: number;
  /** Mini-batch loss of the last step (before its update). */
  loss: number;
  /** Mini-batch accuracy of that step (classification), else NaN. */
  acc: number;
}

export interface Evaluation {
  trainLoss: number;
  testLoss: number;
  /** Classification accuracy on train / test (NaN for regression). */
  trainAcc: number;
  testAcc: number;
}

/** A copy of everything training changes: weights, optimizer moments, step. */
export interface TrainerState {
  weights: Weights;
  opt: OptState[];
  step: number;
}

export class CpuTrainer {
  readonly spec: NetSpec;
  readonly data: Dataset;
  weights: Weights;
  step = 0;
  private readonly optResidual: OptState;
  private readonly optReadoutW: OptState;
  private readonly optReadoutB: OptState;

  constructor(readonly config: ExperimentConfig) {
    this.spec = netSpec(config);
    this.data = makeDataset(config);
    this.weights = initWeights(config, this.spec);
    this.optResidual = makeOptState(this.weights.residual.length);
    this.optReadoutW = makeOptState(this.weights.readoutW.length);
    this.optReadoutB = makeOptState(this.weights.readoutB.length);
  }

  /** One training step; returns the batch loss computed before the update. */
  trainStep(): StepStats {
    const c = this.config;
    const { spec, data } = this;
    const idx = batchIndices(c, this.step);
    const B = idx.length;
    const x = gatherRows(data.train.x, data.inputDim, idx);
    const y = gatherRows(data.train.y, data.outputDim, idx);
    const r = computeGradients(spec, this.weights, x, y, B, c.train.loss, c.train.gradMode);
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
    optimStep(c.train, lr * residualLrMultiplier(c), this.weights.residual, r.grad, this.optResidual, t);
    if (spec.readout === 'trained') {
      optimStep(c.train, lr, this.weights.readoutW, r.gReadoutW, this.optReadoutW, t);
      optimStep(c.train, lr, this.weights.readoutB, r.gReadoutB, this.optReadoutB, t);
    }
    this.step = t;
    return { step: t, loss: r.loss, acc };
  }

  saveState(): TrainerState {
    const copy = (o: OptState): OptState => ({ m: o.m.slice(), v: o.v.slice() });
    return {
      weights: cloneWeights(this.weights),
      opt: [this.optResidual, this.optReadoutW, this.optReadoutB].map(copy),
      step: this.step,
    };
  }

  loadState(s: TrainerState): void {
    this.weights = cloneWeights(s.weights);
    [this.optResidual, this.optReadoutW, this.optReadoutB].forEach((o, i) => {
      o.m.set(s.opt[i].m);
      o.v.set(s.opt[i].v);
    });
    this.step = s.step;
  }

  /** Full-set losses (and accuracy for classification) at the current weights. */
  evaluate(): Evaluation {
    const { spec, data, weights: w } = this;
    const one = (s: Dataset['train']) => {
      if (s.n === 0) return { loss: Number.NaN, acc: Number.NaN };
      const { out } = forward(spec, w.residual, embed(spec, w, s.x, s.n), s.n, false);
      const L = evalLoss(this.config.train.loss, spec, w, out, s.y, s.n);
      return { loss: L.loss, acc: s.labels ? accuracy(L.pred, s.labels, s.n, spec.outputDim) : Number.NaN };
    };
    const tr = one(data.train);
    const te = one(data.test);
    return { trainLoss: tr.loss, testLoss: te.loss, trainAcc: tr.acc, testAcc: te.acc };
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
