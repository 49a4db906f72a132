// Training loop on the float32 WASM engine: CpuTrainer's semantics (batch schedule, initial weights, data,
// float64 master weights and optimizer, divergence) with the residual stack in WASM SIMD.
import { batchIndices, gatherRows } from '../core/batches';
import { type ExperimentConfig, effectiveBatch, residualLrMultiplier } from '../core/config';
import { type Dataset, makeDataset } from '../core/data';
import { accuracy } from '../core/loss';
import { makeOptState, type OptState, optimStep } from '../core/optim';
import { cloneWeights, initWeights, type NetSpec, netSpec, type Weights } from '../core/params';
import type { Evaluation } from '../core/results';
import { type StepStats, type TrainerState, TrainingDivergedError } from '../core/trainer';
import { WasmNet } from './engine';

/** Rows a forward pass takes at once when evaluating whole splits. */
const EVAL_CHUNK = 256;

export class WasmTrainer {
  readonly spec: NetSpec;
  readonly data: Dataset;
  readonly net: WasmNet;
  weights: Weights;
  step = 0;
  private readonly optResidual: OptState;
  private readonly optReadoutW: OptState;
  private readonly optReadoutB: OptState;

  constructor(readonly config: ExperimentConfig) {
    this.spec = netSpec(config);
    this.data = makeDataset(config);
    this.weights = initWeights(config, this.spec);
    const B = effectiveBatch(config);
    this.net = new WasmNet(this.spec, Math.max(B, EVAL_CHUNK), B, config.train.gradMode);
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
    const r = this.net.gradients(this.weights, x, y, B, c.train.loss);
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

  /** Full-set losses (and accuracy for classification) at the current weights, in float32. */
  evaluate(): Evaluation {
    const { data, weights: w } = this;
    this.net.setWeights(w.residual);
    const tr = this.net.evaluateSplit(w, this.config.train.loss, data.train);
    const te = this.net.evaluateSplit(w, this.config.train.loss, data.test);
    return { trainLoss: tr.loss, testLoss: te.loss, trainAcc: tr.acc, testAcc: te.acc };
  }
}
