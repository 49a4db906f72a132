// Drawing your own points on the phase plane (as ConvNetJS and GAN Lab do): click adds a class-0 point,
// shift-click a class-1 point, alt-click or alt-drag erases the points near the pointer. Pure: points in,
// points out; the view turns pixels into plane coordinates and applies the result as the 'custom' data set.
import { type CustomPoint, type ExperimentConfig, MAX_COORD, MAX_CUSTOM_POINTS } from '../../core/config';
import { makeDataset } from '../../core/data';

/** Whether the phase plane shows the inputs themselves (2-D classification, d = 2, pad embedding). */
export function canDraw(c: ExperimentConfig): boolean {
  return (
    c.model.d === 2 &&
    c.model.embedding === 'pad' &&
    ['circles', 'moons', 'spirals', 'xor', 'custom'].includes(c.data.kind)
  );
}

/** The points drawing starts from: the custom points, or the current set's train and test points. */
export function startingPoints(c: ExperimentConfig): CustomPoint[] {
  if (c.data.kind === 'custom') return [...(c.data.points ?? [])];
  const ds = makeDataset(c);
  const out: CustomPoint[] = [];
  for (const s of [ds.train, ds.test])
    for (let i = 0; i < s.n && out.length < MAX_CUSTOM_POINTS; i++)
      out.push([s.x[2 * i], s.x[2 * i + 1], s.labels?.[i] === 1 ? 1 : 0]);
  return out;
}

const clamp = (v: number) => Math.min(MAX_COORD, Math.max(-MAX_COORD, v));

/** A point added (coordinates clamped to the allowed range); unchanged at the size limit. */
export function addPoint(points: readonly CustomPoint[], x: number, y: number, cls: 0 | 1): CustomPoint[] {
  if (points.length >= MAX_CUSTOM_POINTS) return [...points];
  return [...points, [clamp(x), clamp(y), cls]];
}

/** The points farther than `radius` from every position of the eraser's path. */
export function erasePoints(
  points: readonly CustomPoint[],
  path: readonly [number, number][],
  radius: number,
): CustomPoint[] {
  const r2 = radius * radius;
  return points.filter(([a, b]) => path.every(([x, y]) => (a - x) ** 2 + (b - y) ** 2 > r2));
}
