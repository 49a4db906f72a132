// The engines' measured speed: the assumed figure until a measurement counts, then the median of the last few
// (one stall or fluke moves nothing), within bounds; short work and nonsense are not counted.
import { describe, expect, it } from 'vitest';
import {
  engineSpeed,
  NO_SAMPLES,
  recordSpeed,
  SPEED_BOUNDS,
  SPEED_MIN_FLOPS,
  SPEED_MIN_SECONDS,
  SPEED_WINDOW,
  type SpeedSamples,
} from './engine-speed';
import { ENGINE_FLOPS } from './readout-cost';

/** `rates` (flop/s) recorded on `kind`, each as 100 s of work (enough to count at 1 MFLOP/s). */
const measured = (kind: 'cpu' | 'wasm' | 'webgpu', rates: number[], from: SpeedSamples = NO_SAMPLES) =>
  rates.reduce((s, r) => recordSpeed(s, kind, 100 * r, 100), from);

describe('engine speed', () => {
  it('is the assumed figure of each engine before any measurement', () => {
    for (const kind of ['cpu', 'wasm', 'webgpu'] as const)
      expect(engineSpeed(NO_SAMPLES, kind)).toBe(ENGINE_FLOPS[kind]);
  });

  it('follows what was measured: SwiftShader at 2 GFLOP/s is planned at 2 GFLOP/s, not the GPU figure', () => {
    const s = recordSpeed(NO_SAMPLES, 'webgpu', 4e9, 2);
    expect(engineSpeed(s, 'webgpu')).toBe(2e9);
    // each engine its own: the others keep their figures
    expect(engineSpeed(s, 'cpu')).toBe(ENGINE_FLOPS.cpu);
    expect(engineSpeed(s, 'wasm')).toBe(ENGINE_FLOPS.wasm);
    // converges to a changed speed (another config, a busier machine) within the window
    const slower = measured('webgpu', Array(SPEED_WINDOW).fill(3e8), measured('webgpu', [2e9, 2e9, 2e9]));
    expect(engineSpeed(slower, 'webgpu')).toBe(3e8);
    expect(slower.webgpu).toHaveLength(SPEED_WINDOW);
  });

  it('ignores a one-off outlier, slow (a stall) or fast (a fluke)', () => {
    const steady = [1.1e9, 0.9e9, 1e9, 1.05e9];
    expect(engineSpeed(measured('cpu', [...steady, 1e7]), 'cpu')).toBeGreaterThanOrEqual(0.9e9);
    expect(engineSpeed(measured('cpu', [1e7, ...steady]), 'cpu')).toBeGreaterThanOrEqual(0.9e9);
    expect(engineSpeed(measured('cpu', [...steady, 1e10]), 'cpu')).toBeLessThanOrEqual(1.1e9);
    // three measurements: the middle one, whichever the outlier is
    expect(engineSpeed(measured('wasm', [2e9, 1e7, 2.2e9]), 'wasm')).toBe(2e9);
    expect(engineSpeed(measured('wasm', [2e9, 4e10, 2.2e9]), 'wasm')).toBe(2.2e9);
    // an even count: the slower middle one (errs towards the smaller read-out)
    expect(engineSpeed(measured('wasm', [2e9, 3e9]), 'wasm')).toBe(2e9);
  });

  it('stays within its bounds', () => {
    for (const kind of ['cpu', 'wasm', 'webgpu'] as const) {
      const [min, max] = SPEED_BOUNDS[kind];
      expect(ENGINE_FLOPS[kind]).toBeGreaterThan(min);
      expect(ENGINE_FLOPS[kind]).toBeLessThan(max);
      expect(engineSpeed(measured(kind, [1e6, 1e6, 1e6]), kind)).toBe(min);
      expect(engineSpeed(measured(kind, [1e20, 1e20, 1e20]), kind)).toBe(max);
    }
  });

  it('does not count work too short or too small to tell (fixed costs, the timer), nor nonsense', () => {
    const s = measured('cpu', [1e9]);
    expect(recordSpeed(s, 'cpu', 1e9, SPEED_MIN_SECONDS / 2)).toBe(s);
    expect(recordSpeed(s, 'cpu', 1e9, 0)).toBe(s);
    // a small net's evaluation that took long (a fresh worker on a busy machine): not the engine's speed
    expect(recordSpeed(s, 'cpu', SPEED_MIN_FLOPS / 2, 1)).toBe(s);
    expect(recordSpeed(s, 'cpu', 4e6, 0.3)).toBe(s);
    for (const [flops, seconds] of [
      [0, 1],
      [-1, 1],
      [Number.NaN, 1],
      [1e9, Number.NaN],
      [1e9, Number.POSITIVE_INFINITY],
      [Number.POSITIVE_INFINITY, 1],
    ])
      expect(recordSpeed(s, 'cpu', flops, seconds)).toBe(s);
    expect(engineSpeed(recordSpeed(NO_SAMPLES, 'cpu', 1e9, 0.001), 'cpu')).toBe(ENGINE_FLOPS.cpu);
    // just long and large enough counts
    expect(
      engineSpeed(recordSpeed(NO_SAMPLES, 'cpu', SPEED_MIN_FLOPS, SPEED_MIN_SECONDS), 'cpu'),
    ).toBeCloseTo(SPEED_MIN_FLOPS / SPEED_MIN_SECONDS);
  });

  it('is deterministic: the same measurements give the same figure, and recording does not mutate', () => {
    const rates = [3e8, 5e8, 4e8, 9e8, 2e8, 6e8, 7e8];
    const a = measured('wasm', rates);
    const b = measured('wasm', rates);
    expect(engineSpeed(a, 'wasm')).toBe(engineSpeed(b, 'wasm'));
    // the last SPEED_WINDOW: [4e8, 9e8, 2e8, 6e8, 7e8] → median 6e8
    expect(engineSpeed(a, 'wasm')).toBe(6e8);
    expect(NO_SAMPLES).toEqual({ cpu: [], wasm: [], webgpu: [] });
    const before = [...a.wasm];
    recordSpeed(a, 'wasm', 1e9, 1);
    expect(a.wasm).toEqual(before);
  });
});
