// Reading a series out: a log-log slope for rates, or where it falls below a level for good for effects that
// switch on at some depth (a power law fitted to those prints a meaningless slope). Each metric names its policy.
import { logLogFit } from '../core/fit';
import { sweepMetric } from './metrics';
import type { FitPolicy } from './metrics/types';
import type { PowerLawFit, SeriesFit, SweepMetricId, SweepPoint, ThresholdFit } from './types';

/** Points this close to their floor measure round-off: they are left out of the fit. */
export const FLOOR_MARGIN = 3;

/** Used by a power-law fit: finite, positive and clearly above the round-off floor. */
export const aboveFloor = (p: SweepPoint) => Number.isFinite(p.y) && p.y > 0 && p.y > FLOOR_MARGIN * p.floor;

/** Log-log fit of y against x over the points clearly above their precision floor. */
export function fitPowerLaw(points: readonly SweepPoint[]): PowerLawFit {
  const used = points.filter(aboveFloor);
  const fit = logLogFit(
    used.map((p) => p.x),
    used.map((p) => p.y),
  );
  return { kind: 'powerLaw', ...fit, excluded: points.length - used.length };
}

/**
 * Where the series goes below `level` for good: the first x from which every larger x is below, interpolated in
 * (log x, log y) between it and the point before (which is at or above the level).
 */
export function thresholdFit(points: readonly SweepPoint[], level: number): ThresholdFit {
  const used = points.filter((p) => Number.isFinite(p.y) && p.y > 0 && p.x > 0).sort((a, b) => a.x - b.x);
  const base = {
    kind: 'threshold' as const,
    level,
    crossing: null,
    bracket: null,
    n: used.length,
    excluded: points.length - used.length,
    xs: used.length ? ([used[0].x, used[used.length - 1].x] as [number, number]) : null,
  };
  if (!used.length || !(level > 0)) return { ...base, outcome: 'unknown' };
  let from = used.length;
  while (from > 0 && used[from - 1].y < level) from--;
  if (from === used.length) return { ...base, outcome: 'above' };
  if (from === 0) return { ...base, outcome: 'below' };
  const a = used[from - 1];
  const b = used[from];
  const t = (Math.log(level) - Math.log(a.y)) / (Math.log(b.y) - Math.log(a.y));
  const crossing = Math.exp(Math.log(a.x) + t * (Math.log(b.x) - Math.log(a.x)));
  return { ...base, outcome: 'crosses', crossing, bracket: [a.x, b.x] };
}

/**
 * The read-out of a series by a policy. A threshold's level comes from `all` the sweep's points, so that every
 * series is read against the same level (the one the plot draws).
 */
export function fitBy(
  policy: FitPolicy,
  points: readonly SweepPoint[],
  all: readonly SweepPoint[] = points,
): SeriesFit {
  return policy.kind === 'powerLaw' ? fitPowerLaw(points) : thresholdFit(points, policy.level(all));
}

/** The read-out of one series of this metric; `all`: every point of the sweep (sets a threshold's level). */
export const fitSeries = (
  metric: SweepMetricId,
  points: readonly SweepPoint[],
  all: readonly SweepPoint[] = points,
): SeriesFit => fitBy(sweepMetric(metric).fit, points, all);

/** Every series' read-out from its points (a threshold's level from all of them: a new point may move it). */
export function refitSeries<S extends { points: SweepPoint[] }>(
  metric: SweepMetricId,
  series: readonly S[],
): (S & { fit: SeriesFit })[] {
  const all = series.flatMap((s) => s.points);
  return series.map((s) => ({ ...s, fit: fitSeries(metric, s.points, all) }));
}

/** "slope −1.02 (r² 0.999)", with a real minus sign. */
export function formatSlope(fit: Pick<PowerLawFit, 'slope' | 'r2' | 'n'>): string {
  if (!(fit.n >= 2) || !Number.isFinite(fit.slope)) return 'slope — (needs 2 points)';
  const s = fit.slope.toFixed(2).replace('-', '−');
  const r2 = Number.isFinite(fit.r2) ? fit.r2.toFixed(3) : '—';
  return `slope ${s} (r² ${r2})`;
}

/** A series' read-out in words: its slope, or where it crosses its level. */
export function formatFit(metric: SweepMetricId, fit: SeriesFit): string {
  if (fit.kind === 'powerLaw') return formatSlope(fit);
  const policy = sweepMetric(metric).fit;
  return policy.kind === 'threshold' ? policy.describe(fit) : `crossing at ${fit.crossing ?? '—'}`;
}
