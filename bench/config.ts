// The experiment config of a benchmark point (validated by the app's own schema).
import { defaultConfig, type ExperimentConfig, formatErrors, parseConfig } from '../src/core/config';
import type { GridPoint, Mode, Scheme } from './grid';

/**
 * MLP residual f(h) = V tanh(W h + b) (c = 1, bias on), h = 1/N, paper convention (N steps, N + 1 sets),
 * 'gaussian' regression with 2-D inputs and targets zero-padded into d dimensions, a trained read-out, MSE,
 * Adam on a fixed batch (nTrain = batchSize = B, no test set), smooth init with small stds.
 */
export function benchConfig(p: GridPoint, scheme: Scheme, mode: Mode): ExperimentConfig {
  const base = defaultConfig();
  const dim = Math.min(p.d, 2);
  const c: ExperimentConfig = {
    ...base,
    seed: 7,
    data: { ...base.data, kind: 'gaussian', inputDim: dim, outputDim: dim, nTrain: p.B, nTest: 0, noise: 0 },
    model: {
      ...base.model,
      d: p.d,
      residual: 'mlp',
      bias: true,
      width: p.M,
      activation: 'tanh',
      innerScale: '1',
      depth: p.N,
      scheme,
      convention: 'paper',
      scale: '1/N',
      embedding: 'pad',
      readout: 'trained',
    },
    init: { kind: 'smooth', std: 0.5, stdV: 0.2, biasStd: 0.1, lengthScale: 0.5 },
    train: {
      ...base.train,
      loss: 'mse',
      optimizer: 'adam',
      lr: 0.002,
      lrDepthMult: '1',
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
      weightDecay: 0,
      batchSize: p.B,
      gradMode: mode,
    },
  };
  const r = parseConfig(c);
  if (!r.ok) throw new Error(`invalid benchmark config:\n${formatErrors(r.errors)}`);
  return r.config;
}
