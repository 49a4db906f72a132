// Read-outs: a power law gets its slope; a threshold curve (the Fig. 4 trained loss: stuck near its initial
// value at small N, far below from some N on) gets a crossing depth, never a slope.
import { describe, expect, it } from 'vitest';
import { fitBy, fitPowerLaw, fitSeries, formatFit, refitSeries, thresholdFit } from './fit';
import type { SweepPoint } from './types';

const pt = (x: number, y: number, initial?: number): SweepPoint => ({
  seriesId: 's',
  N: x,
  M: 1,
  x,
  y,
  floor: 0,
  precision: 'float64',
  loss: y,
  ...(initial !== undefined ? { initial } : {}),
});

/** Fig. 4 in miniature, float64 runner: the ResNet's trained loss at N = 4 … 64, initial loss ≈ ln 2. */
const resnet = [
  pt(4, 0.65, 0.69),
  pt(8, 0.67, 0.7),
  pt(16, 0.49, 0.69),
  pt(32, 8e-5, 0.69),
  pt(64, 8e-5, 0.68),
];

describe('threshold read-out', () => {
  it('a threshold curve gets a crossing depth between the bracketing points, not a slope', () => {
    const f = fitSeries('trainedLoss', resnet);
    expect(f.kind).toBe('threshold');
    if (f.kind !== 'threshold') return;
    // the level: 0.1 × the median loss at initialisation
    expect(f.level).toBeCloseTo(0.069, 12);
    expect(f.outcome).toBe('crosses');
    expect(f.bracket).toEqual([16, 32]);
    // interpolated in (log N, log y): log-linear between (16, 0.49) and (32, 8e-5)
    const t = Math.log(0.069 / 0.49) / Math.log(8e-5 / 0.49);
    expect(f.crossing).toBeCloseTo(16 * 2 ** t, 9);
    expect(f.crossing).toBeGreaterThan(16);
    expect(f.crossing).toBeLessThan(32);
    expect(f).not.toHaveProperty('slope');
    const text = formatFit('trainedLoss', f);
    expect(text).toMatch(/^trains from N ≈ 1\d /);
    expect(text).toContain('loss < 0.069');
    expect(text).not.toMatch(/slope/);
  });

  it('the crossing is where the series stays below: a dip that comes back up does not count', () => {
    const f = thresholdFit([pt(4, 1), pt(8, 0.01), pt(16, 0.5), pt(32, 0.01), pt(64, 0.001)], 0.1);
    expect(f.outcome).toBe('crosses');
    expect(f.bracket).toEqual([16, 32]);
  });

  it('below at every depth, above at the deepest, and no level: said so, with no crossing', () => {
    const below = thresholdFit([pt(4, 0.01), pt(8, 0.001)], 0.1);
    expect(below).toMatchObject({ outcome: 'below', crossing: null, xs: [4, 8] });
    expect(formatFit('trainedLoss', below)).toMatch(/trains at every N/);
    const above = thresholdFit([pt(4, 0.01), pt(8, 0.5)], 0.1);
    expect(above).toMatchObject({ outcome: 'above', crossing: null });
    expect(formatFit('trainedLoss', above)).toMatch(/does not train up to N = 8 \(loss ≥ 0\.10 at N = 8\)/);
    // an autosave from before the loss at initialisation was recorded: no level, no made-up read-out
    const old = fitSeries('trainedLoss', [pt(4, 0.6), pt(8, 1e-4)]);
    expect(old).toMatchObject({ kind: 'threshold', outcome: 'unknown', crossing: null, n: 2 });
    expect(formatFit('trainedLoss', old)).toMatch(/not recorded/);
    // failed points are left out and counted
    const failed = thresholdFit([pt(4, Number.NaN), pt(8, 0.5), pt(16, 0.01)], 0.1);
    expect(failed).toMatchObject({ n: 2, excluded: 1, bracket: [8, 16] });
  });

  it('every series of a sweep is read against one level, from all its points', () => {
    const heun = [pt(4, 0.68, 0.9), pt(8, 1e-4, 0.9)].map((p) => ({ ...p, seriesId: 'heun' }));
    const [e, h] = refitSeries('trainedLoss', [{ points: resnet }, { points: heun }]);
    expect(e.fit.kind === 'threshold' && h.fit.kind === 'threshold').toBe(true);
    if (e.fit.kind !== 'threshold' || h.fit.kind !== 'threshold') return;
    expect(e.fit.level).toBe(h.fit.level);
    expect(e.fit.level).toBeCloseTo(0.069, 12); // median of the seven initial losses
    expect(h.fit.bracket).toEqual([4, 8]);
  });

  it('a synthetic power law still gets its slope, by the power-law metrics and by the policy', () => {
    const pts = [8, 16, 32, 64].map((x) => pt(x, 3 / x ** 2));
    for (const f of [fitSeries('gradError', pts), fitBy({ kind: 'powerLaw', refSlopes: [] }, pts)]) {
      expect(f.kind).toBe('powerLaw');
      if (f.kind === 'powerLaw') expect(f.slope).toBeCloseTo(-2, 9);
    }
    expect(formatFit('reconError', fitPowerLaw(pts))).toBe('slope −2.00 (r² 1.000)');
    // and a power law through a threshold metric's points is what no longer happens to them
    expect(fitSeries('trainedLoss', resnet).kind).toBe('threshold');
  });
});
