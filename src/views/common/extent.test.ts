import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXTENT_DEFAULTS, type ExtentState, fitRange, nextExtent, type Range } from './extent';

const o = EXTENT_DEFAULTS;

describe('axis extents with hysteresis', () => {
  it('fits the data with headroom at first and on request', () => {
    const s = nextExtent(null, [0, 10], [-1, 1], 0);
    expect(s.x).toEqual([-1, 11]);
    expect(s.y).toEqual([-1.2, 1.2]);
    const moved = nextExtent(s, [0, 1], [0, 1], 10, o, true);
    expect(moved.x).toEqual(fitRange([0, 1], o.headroom));
  });

  it('keeps the same box while the data moves inside it (the object itself: no redraw, no flicker)', () => {
    const s0 = nextExtent(null, [-3, 3], [-3, 3], 0);
    let s = s0;
    for (let t = 1; t < 100; t++) s = nextExtent(s, [-3 + 0.01 * Math.sin(t), 3], [-2.5, 3], t * 16);
    expect(s).toBe(s0);
  });

  it('grows at once, with headroom, only on the side the data left', () => {
    const s0 = nextExtent(null, [-3, 3], [-3, 3], 0);
    const s1 = nextExtent(s0, [-3, 8], [-3, 3], 16);
    expect(s1.x[0]).toBe(s0.x[0]);
    expect(s1.x[1]).toBeCloseTo(8 + 1.1, 12);
    expect(s1.y).toBe(s0.y);
    // data just inside the grown box: no further change
    expect(nextExtent(s1, [-3, 9], [-3, 3], 32)).toBe(s1);
  });

  it('shrinks only after the data has used much less of the box for a while', () => {
    const s0 = nextExtent(null, [-12, 12], [-12, 12], 0);
    let s = s0;
    // the data falls back to −3..3 (a quarter of the box): nothing moves for shrinkAfterMs
    for (let t = 16; t < o.shrinkAfterMs; t += 16) {
      s = nextExtent(s, [-3, 3], [-3, 3], 1000 + t);
      expect(s.x).toEqual(s0.x);
    }
    s = nextExtent(s, [-3, 3], [-3, 3], 1000 + 16 + o.shrinkAfterMs);
    expect(s.x).toEqual(fitRange([-3, 3], o.headroom));
    // a frame of wide data in between restarts the wait
    let r = nextExtent(s0, [-3, 3], [-3, 3], 0);
    r = nextExtent(r, [-11, 11], [-11, 11], 1500);
    r = nextExtent(r, [-3, 3], [-3, 3], 2100);
    expect(r.x).toEqual(s0.x);
  });

  it('keeps the previous box for non-finite data', () => {
    const s0 = nextExtent(null, [0, 1], [0, 1], 0);
    expect(nextExtent(s0, [Number.NaN, 1], [0, 1], 5)).toBe(s0);
    expect(nextExtent(s0, [0, 1], [0, Number.POSITIVE_INFINITY], 5)).toBe(s0);
  });

  it('property: the data is always inside the box, and a box never changes twice for the same data', () => {
    const range = fc
      .tuple(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.double({ min: 0, max: 1e3, noNaN: true }))
      .map(([lo, w]): Range => [lo, lo + w]);
    fc.assert(
      fc.property(fc.array(fc.tuple(range, range), { minLength: 1, maxLength: 40 }), (frames) => {
        let s: ExtentState | null = null;
        let t = 0;
        for (const [x, y] of frames) {
          t += 16;
          s = nextExtent(s, x, y, t);
          expect(s.x[0]).toBeLessThanOrEqual(x[0]);
          expect(s.x[1]).toBeGreaterThanOrEqual(x[1]);
          expect(s.y[0]).toBeLessThanOrEqual(y[0]);
          expect(s.y[1]).toBeGreaterThanOrEqual(y[1]);
          // the same data on the next frame (before any shrink is due) keeps the box
          const again = nextExtent(s, x, y, t + 1);
          expect(again.x).toEqual(s.x);
          expect(again.y).toEqual(s.y);
        }
      }),
    );
  });
});
