// Training loop on the float32 WASM engine: CpuTrainer's semantics (batch schedule, initial weights, data,
// float64 master weights and optimizer, divergence and bound reports, evaluation: TrainerBase) with the residual
// stack in WASM SIMD.
import { type ExperimentConfig, effectiveBatch } from '../core/config';
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
    const { loss } = this.config.train;
    return this.net.gradients(this.weights, x, y, B, loss, this.progress ?? undefined);
  }

  /** In float32, in chunks of rows (the weights are uploaded first: the optimizer updates them in JS). */
  finalStates(x: Float64Array, n: number): Float64Array {
    this.net.setWeights(this.weights.residual);
    return this.net.finalStates(this.weights, x, n);
  }
}
