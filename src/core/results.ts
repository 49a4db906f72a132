// Result shapes shared by every backend (float64 CPU engine, WebGPU engine) and their consumers.
export type { Diagnostics } from './diagnostics';

export interface LossPoint {
  /** 1-based training step. */
  step: number;
  /** Mini-batch loss of that step (before its update). */
  loss: number;
  /** Mini-batch accuracy (classification), else NaN. */
  acc: number;
}

export interface Evaluation {
  trainLoss: number;
  testLoss: number;
  /** Accuracies (classification), else NaN. */
  trainAcc: number;
  testAcc: number;
}

/** Everything about one batch at the current weights: enough to check the numbers with another framework. */
export interface Probe {
  B: number;
  /** Row indices (training set) of the probed samples. */
  indices: Int32Array;
  /** Embedded inputs x_0 [B][d] and targets [B][K]. */
  x0: Float32Array | Float64Array;
  targets: Float32Array | Float64Array;
  /** Forward states [S+1][B][d] and reverse reconstructions (the net's own scheme run backwards) [S+1][B][d]. */
  states: Float32Array | Float64Array;
  recon: Float32Array | Float64Array;
  loss: number;
  /** ∂L/∂θ [P][setSize]: exact (stored states) and adjoint (reconstructed states). */
  gradExact: Float32Array | Float64Array;
  gradAdjoint: Float32Array | Float64Array;
  /** ∂L/∂R [K][d] then ∂L/∂r [K] (exact). */
  gradReadout: Float32Array | Float64Array;
}
