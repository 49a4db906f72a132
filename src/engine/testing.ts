// Shared by the GPU test files: random small configs drawn from the whole config space.
import { ACTIVATIONS, type ExperimentConfig, INNER_SCALES, RESIDUAL_SCALES } from '../core/config';
import { Rng } from '../core/rng';
import { type DeepPartial, makeConfig } from '../core/testing';
import { RESIDUAL_IDS, residualKind } from '../residuals';
import { SCHEME_IDS } from '../schemes';

/** A random small config from the whole config space, drawn from `seed`. */
export const randomConfigX = (s: number) => randomConfig(s);
export function randomConfig(seed: number): ExperimentConfig {
  const r = new Rng(seed, 'random-config');
  const pick = <T>(xs: readonly T[]): T => xs[r.int(xs.length)];
  // every kind of the registry (the depth-input ones too), so the GPU and WASM suites cover a new kind unasked
  const residual = pick(RESIDUAL_IDS);
  const kind = pick(['gaussian', 'moons', 'square', 'matrix', 'xor'] as const);
  const classification = kind === 'moons' || kind === 'xor';
  const scales = RESIDUAL_SCALES.filter((s) => residualKind(residual).hasWidth || !s.includes('M'));
  const d = kind === 'square' ? pick([1, 2, 3]) : pick([2, 3, 5]);
  const over: DeepPartial<ExperimentConfig> = {
    seed: 1000 + seed,
    data: {
      kind,
      nTrain: pick([6, 9, 16]),
      nTest: pick([0, 5]),
      inputDim: 2,
      outputDim: pick([1, 2]),
      noise: 0.05,
    },
    model: {
      residual,
      d,
      width: pick([1, 3, 8, 17]),
      bias: r.uniform() < 0.7,
      activation: pick(ACTIVATIONS),
      innerScale: pick(INNER_SCALES),
      depth: pick([1, 2, 5, 12, 70]),
      scheme: pick(['euler', 'heun'] as const), // later schemes: below
      convention: pick(['paper', 'paper', 'code'] as const),
      scale: pick(scales),
      alpha: 0.5 + r.uniform(),
      embedding: d >= 2 ? pick(['pad', 'random'] as const) : 'pad',
      readout: pick(['trained', 'fixed', 'project'] as const),
    },
    init: {
      kind: pick(['iid', 'smooth', 'tied', 'tied-w-zero-v'] as const),
      std: 0.4 + r.uniform(),
      stdV: 0.4 + r.uniform(),
      biasStd: 0.3,
      lengthScale: 0.3,
    },
    train: {
      loss: classification && r.uniform() < 0.7 ? 'xent' : 'mse',
      optimizer: pick(['gd', 'sgd', 'adam'] as const),
      lr: 0.05,
      lrDepthMult: pick(['1', 'N'] as const),
      batchSize: pick([4, 5, 32]),
      gradMode: pick(['exact', 'adjoint'] as const),
      weightDecay: pick([0, 0.01]),
    },
  };
  // Schemes registered after Euler and Heun draw from a stream of their own, so every config drawn before keeps
  // all its values (an Euler config stays the same one): two in three Heun draws become one of them.
  const later = SCHEME_IDS.filter((s) => s !== 'euler' && s !== 'heun');
  const rs = new Rng(seed, 'random-config/scheme');
  if (over.model!.scheme === 'heun' && later.length && rs.uniform() < 2 / 3)
    over.model!.scheme = later[rs.int(later.length)];
  if (over.model!.convention === 'code' && over.model!.depth === 1) over.model!.depth = 2;
  // unscaled residuals (h = 1 or 1/√N) grow like e^N: deep ones overflow float32 while float64 does not
  if ((over.model!.scale === '1' || over.model!.scale === '1/sqrt(N)') && over.model!.depth! > 12)
    over.model!.depth = 12;
  if (
    over.model!.readout === 'project' &&
    (kind === 'gaussian' ? over.data!.outputDim! : kind === 'matrix' ? d : classification ? 2 : 1) > d
  )
    over.model!.readout = 'trained';
  return makeConfig(over);
}
