// The decision regions' grid covers the whole phase plane the view draws, not only the data's box.
import { describe, expect, it } from 'vitest';
import type { Backend } from './backend';
import { GRID_COVER, gridBox } from './snapshot';

const data = (pts: number[]) =>
  ({ train: { x: Float64Array.from(pts), n: pts.length / 2 } }) as unknown as Backend['data'];

describe('gridBox', () => {
  it('is a square GRID_COVER times the larger side of the data box (±15%), about its centre', () => {
    const [x0, x1, y0, y1] = gridBox(data([-1, 0, 3, 1]), null);
    // data box x −1..3, y 0..1, widened by 15% of each span: 5.2 × 1.3, centre (1, 0.5)
    expect(x1 - x0).toBeCloseTo(GRID_COVER * 5.2, 12);
    expect(y1 - y0).toBeCloseTo(GRID_COVER * 5.2, 12);
    expect((x0 + x1) / 2).toBeCloseTo(1, 12);
    expect((y0 + y1) / 2).toBeCloseTo(0.5, 12);
  });

  it('covers an equal-unit plot twice as wide as high around the trajectories, with headroom', () => {
    const states = [-2, -2, 4, 1, 0, 3, Number.NaN, 0];
    const [x0, x1, y0, y1] = gridBox(data([-1, -1, 1, 1]), states);
    // the plot: the content −2..4 × −2..3 padded 5% and 10% on each side, widened to a 2:1 panel
    const L = 6 * 1.1 * 1.2;
    expect(x1 - x0).toBeGreaterThanOrEqual(2 * L);
    expect(x0).toBeLessThanOrEqual(1 - L);
    expect(x1).toBeGreaterThanOrEqual(1 + L);
    expect(y0).toBeLessThanOrEqual(-2 - 0.5);
    expect(y1).toBeGreaterThanOrEqual(3 + 0.5);
  });
});
