// Drawing a 1-D target curve (issue 11 item 4): on data with one input (square, neg-square, a drawn curve) the user
// draws y(x) with the pointer; the stroke is sampled at evenly spaced x and becomes the 'curve' data set (regression
// x ↦ y(x), its rows [x, y, 0] in data.points). Pure: strokes in, points and configs out; the view maps pixels.
import {
  type CustomPoint,
  type ExperimentConfig,
  MAX_COORD,
  type ParseResult,
  parseConfig,
} from '../../core/config';

/** Samples across [lo, hi]: one per bin the stroke passes over. */
export const CURVE_BINS = 64;
/** The y range the drawing area shows. */
export const CURVE_Y: readonly [number, number] = [-3, 3];

/** Whether the config's inputs are 1-D, so that a target curve y(x) can be drawn for them. */
export function canDrawCurve(c: ExperimentConfig): boolean {
  return c.data.kind === 'square' || c.data.kind === 'neg-square' || c.data.kind === 'curve';
}

/** The x interval drawn over: the config's [lo, hi]. */
export function curveRange(c: ExperimentConfig): [number, number] {
  return [c.data.lo, c.data.hi];
}

/** The curve the drawing starts from: the drawn points, or the target of square / neg-square at the bin centres. */
export function startingCurve(c: ExperimentConfig, bins = CURVE_BINS): CustomPoint[] {
  if (c.data.kind === 'curve') return [...(c.data.points ?? [])];
  const sign = c.data.kind === 'neg-square' ? -1 : 1;
  const [lo, hi] = curveRange(c);
  return Array.from({ length: bins }, (_, i) => {
    const x = lo + ((i + 0.5) * (hi - lo)) / bins;
    return [x, (sign * x * x) / 2, 0] as CustomPoint;
  });
}

const clamp = (v: number) => Math.min(MAX_COORD, Math.max(-MAX_COORD, v));

/**
 * The curve with a stroke drawn over it: each bin centre in [lo, hi] that a segment of the stroke spans gets the
 * stroke's y there (linear between its samples, so a fast drag leaves no gaps); the other points stay. Sorted by x.
 */
export function drawStroke(
  curve: readonly CustomPoint[],
  stroke: readonly [number, number][],
  lo: number,
  hi: number,
  bins = CURVE_BINS,
): CustomPoint[] {
  const w = (hi - lo) / bins;
  const drawn = new Map<number, number>();
  const put = (x: number, y: number) => {
    const i = Math.floor((x - lo) / w);
    if (i >= 0 && i < bins) drawn.set(i, clamp(y));
  };
  if (stroke.length === 1) put(stroke[0][0], stroke[0][1]);
  for (let k = 1; k < stroke.length; k++) {
    const [x0, y0] = stroke[k - 1];
    const [x1, y1] = stroke[k];
    const a = Math.min(x0, x1);
    const b = Math.max(x0, x1);
    for (let i = Math.max(0, Math.ceil((a - lo) / w - 0.5)); i < bins; i++) {
      const xc = lo + (i + 0.5) * w;
      if (xc > b) break;
      put(xc, x1 === x0 ? y1 : y0 + ((y1 - y0) * (xc - x0)) / (x1 - x0));
    }
    // a segment too short to span a centre still marks the bin it lies in
    if (Math.floor((a - lo) / w) === Math.floor((b - lo) / w)) put(x1, y1);
  }
  const binOf = (x: number) => Math.floor((x - lo) / w);
  const kept = curve.filter(([x]) => !drawn.has(binOf(x)));
  const added = [...drawn].map(([i, y]) => [clamp(lo + (i + 0.5) * w), y, 0] as CustomPoint);
  return [...kept, ...added].sort((p, q) => p[0] - q[0]);
}

/**
 * The config with this curve as its data: the 'curve' set (a quarter held out for testing), the MSE loss, no
 * noise, and [lo, hi] spanning its x (the fan of trajectories covers it). Validated: on failure the caller keeps
 * the config it has.
 */
export function withCurve(c: ExperimentConfig, points: readonly CustomPoint[]): ParseResult {
  const nTest = Math.floor(points.length / 4);
  const xs = points.map((p) => p[0]);
  const lo = xs.length ? Math.min(...xs) : c.data.lo;
  const hi = xs.length ? Math.max(...xs) : c.data.hi;
  return parseConfig({
    ...c,
    data: {
      ...c.data,
      kind: 'curve',
      points: [...points],
      nTrain: points.length - nTest,
      nTest,
      noise: 0,
      lo,
      hi: hi > lo ? hi : lo + 1,
    },
    train: { ...c.train, loss: 'mse' },
  });
}
