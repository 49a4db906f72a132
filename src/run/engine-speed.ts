// How fast each engine does the read-outs' passes, measured: the cost model (readout-cost.ts) assumes a figure
// per engine kind (ENGINE_FLOPS), but the same kind runs at very different speeds (WebGPU on a desktop GPU or on
// SwiftShader, ~2 GFLOP/s), so the controller records the flops and wall time of the work whose flops the model
// knows (an evaluation, a decision grid) and decides the read-outs by the figure estimated here. Pure: the same
// measurements give the same figure. The read-outs are display only: training never depends on it.
import type { BackendKind } from './backend';
import { ENGINE_FLOPS } from './readout-cost';

/** Measurements kept per engine, the newest: their median is the estimate, so one stall or one fluke moves nothing. */
export const SPEED_WINDOW = 5;
/**
 * Work shorter than this, or smaller than SPEED_MIN_FLOPS, is not counted: fixed costs weigh on it (a worker's
 * round trip and first compilation, a GPU's dispatches, read-back and pipelines, the timer's resolution), and a
 * small net's passes run at fewer flop/s than a deep, wide one's (a GPU's far fewer), so its figure would cut the
 * read-outs of the next, larger net too much. Work of this size is where the read-outs' budgets (half a second)
 * begin to bind.
 */
export const SPEED_MIN_SECONDS = 0.25;
/**
 * The least work counted: 0.2 s at the CPU's assumed speed. The default experiment's grid (≈ 2e7 flops) and
 * evaluation (≈ 4e6) stay below it: on a busy machine, a fresh worker's first one took over SPEED_MIN_SECONDS,
 * and that alone cut the fan of the next net to a third.
 */
export const SPEED_MIN_FLOPS = 1e8;
/**
 * The figure's bounds per engine, flop/s: below the floor a measurement is a stall (a throttled background tab),
 * not a speed; above the ceiling, a timer's glitch (a single JS thread does not reach 20 GFLOP/s in float64, nor
 * any GPU 20 TFLOP/s on these passes).
 */
export const SPEED_BOUNDS: Record<BackendKind, readonly [min: number, max: number]> = {
  cpu: [1e7, 2e10],
  wasm: [1e7, 5e10],
  webgpu: [1e7, 2e13],
};

/** The measured flop/s per engine, oldest first (at most SPEED_WINDOW each). */
export type SpeedSamples = Readonly<Record<BackendKind, readonly number[]>>;

export const NO_SAMPLES: SpeedSamples = { cpu: [], wasm: [], webgpu: [] };

/**
 * `samples` with the measurement of `flops` done in `seconds` on `kind` added (the oldest dropped past
 * SPEED_WINDOW); `samples` itself when it does not count (too short, too little, or not a finite amount).
 */
export function recordSpeed(
  samples: SpeedSamples,
  kind: BackendKind,
  flops: number,
  seconds: number,
): SpeedSamples {
  const counts =
    Number.isFinite(flops) &&
    flops >= SPEED_MIN_FLOPS &&
    Number.isFinite(seconds) &&
    seconds >= SPEED_MIN_SECONDS;
  if (!counts) return samples;
  return { ...samples, [kind]: [...samples[kind], flops / seconds].slice(-SPEED_WINDOW) };
}

/**
 * The flop/s to plan `kind`'s read-outs with: the assumed figure (ENGINE_FLOPS) until a measurement counts, then
 * the median of the measurements kept (of an even count the slower middle one: errs towards a smaller read-out,
 * as the assumed figures do), within SPEED_BOUNDS.
 */
export function engineSpeed(samples: SpeedSamples, kind: BackendKind): number {
  const s = samples[kind];
  if (!s.length) return ENGINE_FLOPS[kind];
  const sorted = [...s].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  const [min, max] = SPEED_BOUNDS[kind];
  return Math.min(max, Math.max(min, median));
}
