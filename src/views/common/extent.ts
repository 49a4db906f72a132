// Axis extents with hysteresis: a plot's box follows its data without jumping every frame. It grows (with headroom)
// as soon as the data leaves it, shrinks only when the data has used much less than the box for a while, and is
// re-fitted to the data on request. Pure: the caller keeps the state between frames and passes the time.

export type Range = readonly [number, number];

export interface ExtentOptions {
  /** Headroom added on each side when the box is (re)fitted or grown, as a fraction of the data's span. */
  headroom: number;
  /** Shrink when the data's span is below this fraction of the box's span (on either axis)... */
  shrinkBelow: number;
  /** ...continuously for this many milliseconds. */
  shrinkAfterMs: number;
}

export const EXTENT_DEFAULTS: ExtentOptions = { headroom: 0.1, shrinkBelow: 0.4, shrinkAfterMs: 2000 };

export interface ExtentState {
  x: Range;
  y: Range;
  /** Since when the data has used less than `shrinkBelow` of the box (null: it has not). */
  slackSince: number | null;
}

/** The data's range widened by `headroom` of its span on each side (a point gets a unit-wide box). */
export function fitRange(data: Range, headroom: number): Range {
  const [lo, hi] = data;
  const span = hi - lo;
  const pad = span > 0 ? span * headroom : Math.max(Math.abs(lo), 1) * 0.5;
  return [lo - pad, hi + pad];
}

const finite = (r: Range) => Number.isFinite(r[0]) && Number.isFinite(r[1]) && r[1] >= r[0];
const inside = (d: Range, b: Range) => d[0] >= b[0] && d[1] <= b[1];
const slack = (d: Range, b: Range, below: number) => d[1] - d[0] < below * (b[1] - b[0]);

function grow(box: Range, data: Range, headroom: number): Range {
  if (inside(data, box)) return box;
  const [flo, fhi] = fitRange(data, headroom);
  return [
    Math.min(box[0], data[0] < box[0] ? flo : box[0]),
    Math.max(box[1], data[1] > box[1] ? fhi : box[1]),
  ];
}

/**
 * The next box for data ranges `x`, `y` at time `now` (ms). `prev` null (or `refit`) fits the box to the data.
 * Non-finite data keeps the previous box.
 */
export function nextExtent(
  prev: ExtentState | null,
  x: Range,
  y: Range,
  now: number,
  o: ExtentOptions = EXTENT_DEFAULTS,
  refit = false,
): ExtentState {
  if (!finite(x) || !finite(y)) return prev ?? { x: [0, 1], y: [0, 1], slackSince: null };
  if (!prev || refit) return { x: fitRange(x, o.headroom), y: fitRange(y, o.headroom), slackSince: null };
  const gx = grow(prev.x, x, o.headroom);
  const gy = grow(prev.y, y, o.headroom);
  const grew = gx !== prev.x || gy !== prev.y;
  const loose = slack(x, gx, o.shrinkBelow) || slack(y, gy, o.shrinkBelow);
  if (!loose)
    return grew
      ? { x: gx, y: gy, slackSince: null }
      : prev.slackSince === null
        ? prev
        : { ...prev, slackSince: null };
  const since = prev.slackSince ?? now;
  if (now - since >= o.shrinkAfterMs)
    return { x: fitRange(x, o.headroom), y: fitRange(y, o.headroom), slackSince: null };
  return grew || since !== prev.slackSince ? { x: gx, y: gy, slackSince: since } : prev;
}
