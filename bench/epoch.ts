// The Fashion-MNIST epoch row of the Node bench (`--fmnist-epoch`): one pass over the committed training subset
// (10,000 images, 14×14) in mini-batches, on the WebGPU engine (exact and adjoint) and the float64 CPU engine, as
// the app trains it (a fixed random embedding 196 → d, MLP residuals, a trained read-out, cross-entropy, Adam).
// The case construction is pure (unit-tested); the timing takes any Backend.
import {
  defaultConfig,
  type ExperimentConfig,
  formatErrors,
  IMAGE_TRAIN_MAX,
  parseConfig,
} from '../src/core/config';
import type { Backend } from '../src/run/backend';
import type { Mode } from './grid';

export interface EpochCase {
  label: string;
  config: ExperimentConfig;
  /** Training steps in one epoch: ⌈nTrain / B⌉ (the last batch of the engine's seeded shuffle may wrap). */
  steps: number;
  /** Samples one epoch trains on (steps × B). */
  samples: number;
}

export interface EpochSize {
  resolution: 14 | 28;
  N: number;
  d: number;
  M: number;
  B: number;
}

/** The default row: what the app's Fashion-MNIST choice trains (d = 32, M = 32), at depth 16, batches of 64. */
export const EPOCH_DEFAULT: EpochSize = { resolution: 14, N: 16, d: 32, M: 32, B: 64 };

export function fmnistEpochCase(size: EpochSize, mode: Mode): EpochCase {
  const base = defaultConfig();
  const c: ExperimentConfig = {
    ...base,
    seed: 7,
    data: {
      ...base.data,
      kind: 'fashion-mnist',
      resolution: size.resolution,
      nTrain: IMAGE_TRAIN_MAX,
      nTest: 0,
    },
    model: {
      ...base.model,
      d: size.d,
      residual: 'mlp',
      width: size.M,
      activation: 'relu',
      innerScale: '1/sqrt(d)',
      depth: size.N,
      scheme: 'euler',
      scale: '1/N',
      embedding: 'random',
      readout: 'trained',
    },
    init: { ...base.init, kind: 'iid', std: 1, stdV: 0.2, biasStd: 0 },
    train: { ...base.train, loss: 'xent', optimizer: 'adam', lr: 0.01, batchSize: size.B, gradMode: mode },
  };
  const r = parseConfig(c);
  if (!r.ok) throw new Error(`invalid epoch config:\n${formatErrors(r.errors)}`);
  const steps = Math.ceil(IMAGE_TRAIN_MAX / size.B);
  const px = `${size.resolution}×${size.resolution}`;
  return {
    label: `Fashion-MNIST ${px} epoch (${IMAGE_TRAIN_MAX} images) · N=${size.N} d=${size.d} M=${size.M} B=${size.B} · ${mode}`,
    config: r.config,
    steps,
    samples: steps * size.B,
  };
}

export interface EpochTiming {
  /** Wall time of one epoch (ms), read back to the host (the losses) at its end. */
  ms: number;
  samplesPerS: number;
  /** Training loss of the epoch's last step (finite: the epoch really trained). */
  loss: number;
}

/** Time one epoch on `b` (after 2 untimed warm-up steps, which compile pipelines and fill caches). */
export async function timeEpoch(b: Backend, c: EpochCase): Promise<EpochTiming> {
  await b.trainSteps(2);
  await b.readLosses();
  const t0 = performance.now();
  await b.trainSteps(c.steps);
  const ls = await b.readLosses();
  const ms = performance.now() - t0;
  return { ms, samplesPerS: (c.samples / ms) * 1000, loss: ls.at(-1)?.loss ?? Number.NaN };
}

/** One line of the report. */
export function epochLine(c: EpochCase, engine: string, t: EpochTiming | string): string {
  if (typeof t === 'string') return `${c.label} · ${engine}: ${t}`;
  return `${c.label} · ${engine}: ${(t.ms / 1000).toFixed(2)} s/epoch (${c.steps} steps, ${(t.ms / c.steps).toFixed(1)} ms/step), ${Math.round(t.samplesPerS).toLocaleString('en-US')} samples/s, loss ${t.loss.toFixed(3)}`;
}
