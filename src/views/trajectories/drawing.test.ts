import { describe, expect, it } from 'vitest';
import { type CustomPoint, defaultConfig, MAX_CUSTOM_POINTS } from '../../core/config';
import { withCustomPoints } from '../../io/csv';
import { addPoint, canDraw, erasePoints, startingPoints } from './drawing';

describe('drawing points', () => {
  it('draws on 2-D classification with d = 2 and pad embedding only', () => {
    const c = defaultConfig();
    expect(canDraw(c)).toBe(true);
    expect(canDraw({ ...c, model: { ...c.model, d: 4 } })).toBe(false);
    expect(canDraw({ ...c, model: { ...c.model, embedding: 'random' } })).toBe(false);
    expect(canDraw({ ...c, data: { ...c.data, kind: 'square' } })).toBe(false);
  });

  it('starts from the current set (train then test, labels kept) or the custom points', () => {
    const c = defaultConfig();
    c.data.nTrain = 6;
    c.data.nTest = 4;
    const pts = startingPoints(c);
    expect(pts).toHaveLength(10);
    expect(pts.map((p) => p[2])).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
    const r = withCustomPoints(c, pts);
    if (!r.ok) throw new Error('starting points must make a valid config');
    expect(startingPoints(r.config)).toEqual(pts);
  });

  it('adds with the class, clamps coordinates, and stops at the limit', () => {
    const p = addPoint([], 0.5, -0.25, 1);
    expect(p).toEqual([[0.5, -0.25, 1]]);
    expect(addPoint(p, 1e6, -1e6, 0)[1]).toEqual([100, -100, 0]);
    const full: CustomPoint[] = Array.from({ length: MAX_CUSTOM_POINTS }, () => [0, 0, 0]);
    expect(addPoint(full, 1, 1, 1)).toHaveLength(MAX_CUSTOM_POINTS);
  });

  it('erases the points near the eraser path and keeps the rest', () => {
    const pts: CustomPoint[] = [
      [0, 0, 0],
      [1, 0, 1],
      [2, 0, 0],
      [0, 3, 1],
    ];
    expect(erasePoints(pts, [[0.05, 0]], 0.2)).toEqual(pts.slice(1));
    expect(
      erasePoints(
        pts,
        [
          [1, 0.1],
          [2, -0.1],
        ],
        0.2,
      ),
    ).toEqual([pts[0], pts[3]]);
    expect(erasePoints(pts, [[10, 10]], 0.2)).toEqual(pts);
  });
});
