// Training loop on the float32 WASM engine: CpuTrainer's semantics (batch schedule, initial weights, data,
// float64 master weights and optimizer, divergence and bound reports: TrainerBase) with the residual stack in
// WASM SIMD.
import { type ExperimentConfig, effectiveBatch } from '../core/config';
import type { Evaluation } from '../core/results';
import { type BatchGradients, TrainerBase } from '../core/trainer';
import { WasmNet } from './engine';

/** Rows a forward pass takes at once when evaluating whole splits. */
const EVAL_CHUNK = 256;

export class WasmTrainer extends TrainerBase {
  readonly net: WasmNet;

  constructor(config: ExperimentConfig) {
    super(config);
    const B = effectiveBatch(config);
    this.net = new WasmNet(this.spec, Math.max(B, EVAL_CHUNK), B, config.train.gradMode);
  }

  protected batchGradients(x: Float64Array, y: Float64Array, B: number): BatchGradients {
    return this.net.gradients(this.weights, x, y, B, this.config.train.loss);
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
