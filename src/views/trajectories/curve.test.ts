import { describe, expect, it } from 'vitest';
import type { CustomPoint } from '../../core/config';
import { makeDataset } from '../../core/data';
import { makeConfig } from '../../core/testing';
import { decodeLink, encodeLink } from '../../link/codec';
import { defaultViews } from '../../state/experiment';
import { canDrawCurve, drawStroke, startingCurve, withCurve } from './curve';

const square = makeConfig({
  data: { kind: 'square', lo: 0, hi: 2, nTrain: 32, nTest: 8 },
  model: { d: 1, readout: 'project', embedding: 'pad' },
  train: { loss: 'mse' },
});

describe('drawing a 1-D target curve', () => {
  it('is offered for 1-D inputs only', () => {
    expect(canDrawCurve(square)).toBe(true);
    expect(canDrawCurve(makeConfig({}))).toBe(false);
  });

  it('starts from the current target at the bin centres', () => {
    const c = startingCurve(square, 4);
    expect(c.map((p) => p[0])).toEqual([0.25, 0.75, 1.25, 1.75]);
    expect(c[1][1]).toBeCloseTo(0.75 ** 2 / 2, 12);
  });

  it('a stroke replaces the bins it spans, linearly between its samples, and leaves the rest', () => {
    const start = startingCurve(square, 4);
    // from (0.5, 1) to (1.5, 3): spans the centres 0.75 and 1.25
    const out = drawStroke(
      start,
      [
        [0.5, 1],
        [1.5, 3],
      ],
      0,
      2,
      4,
    );
    expect(out.map((p) => p[0])).toEqual([0.25, 0.75, 1.25, 1.75]);
    expect(out[1][1]).toBeCloseTo(1.5, 12);
    expect(out[2][1]).toBeCloseTo(2.5, 12);
    expect(out[0]).toEqual(start[0]);
    expect(out[3]).toEqual(start[3]);
    // drawn right to left it is the same curve; outside [lo, hi] nothing is added
    expect(
      drawStroke(
        start,
        [
          [1.5, 3],
          [0.5, 1],
        ],
        0,
        2,
        4,
      ),
    ).toEqual(out);
    expect(
      drawStroke(
        [],
        [
          [-3, 1],
          [-2, 1],
        ],
        0,
        2,
        4,
      ),
    ).toEqual([]);
    // a tap marks its own bin
    expect(drawStroke([], [[1.1, -1]], 0, 2, 4)).toEqual([[1.25, -1, 0]]);
  });

  it('becomes the curve data set: regression x ↦ y, a quarter held out, [lo, hi] spanning it, through a link', () => {
    const pts: CustomPoint[] = Array.from({ length: 20 }, (_, i) => [0.1 * i, Math.sin(i), 0]);
    const r = withCurve(square, pts);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.config.data).toMatchObject({ kind: 'curve', nTrain: 15, nTest: 5, lo: 0, noise: 0 });
    expect(r.config.data.hi).toBeCloseTo(1.9, 12);
    const ds = makeDataset(r.config);
    expect(ds.inputDim).toBe(1);
    expect(ds.outputDim).toBe(1);
    expect(ds.train.labels).toBeNull();
    // every sample is one of the drawn points, x ↦ y(x)
    for (let i = 0; i < ds.train.n; i++) {
      const k = Math.round(ds.train.x[i] / 0.1);
      expect(ds.train.y[i]).toBeCloseTo(Math.sin(k), 12);
    }
    const back = decodeLink(`#${encodeLink(r.config, defaultViews())}`);
    expect(back.rejected).toEqual([]);
    expect(back.config).toEqual(r.config);
  });

  it('refuses a curve of fewer than 2 points, saying why', () => {
    const r = withCurve(square, [[1, 1, 0]]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.message).join()).toMatch(/a drawn curve needs at least 2 points/);
  });
});
