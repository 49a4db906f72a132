// The small snapshot a pin keeps for the side-by-side views, from the run's last snapshot: the fan's trajectories
// (at most PIN_LAYERS layers and PIN_FAN inputs, the first two coordinates), the decision regions the
// trajectories view computed, and the per-unit weight norms over depth (at most PIN_HEAT_ROWS rows).
import type { SnapshotData } from '../run/snapshot';
import { fanColor } from '../views/common/colors';
import { neuronNormsMatrix } from '../views/heatmaps/summaries';
import type { OutputGrid } from '../views/trajectories/grid';
import { classColor } from '../views/trajectories/model';
import { PIN_FAN, PIN_HEAT_ROWS, PIN_LAYERS, type PinSnapshot, round5 } from './pin';

/** Columns of the norm map beyond which a pin keeps none (a very wide MLP: the map would not be small). */
const MAX_NORM_COLS = 384;

/** `count` indices spread evenly over 0 … n − 1, both ends kept (all of them when n ≤ count). */
export function evenIndices(n: number, count: number): number[] {
  if (n <= count) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: count }, (_, k) => Math.round((k * (n - 1)) / (count - 1)));
}

/** What a pin is made from: a snapshot and the decision regions the trajectories view computed from it. */
export type PinSource = SnapshotData & { views?: { trajectories?: OutputGrid | null } };

export function pinSnapshot(s: PinSource): PinSnapshot {
  const { spec } = s;
  const d = spec.d;
  const F = Math.min(s.F, PIN_FAN);
  const L = s.F > 0 ? Math.round(s.trajectories.length / (s.F * d)) : 0;
  const layers = evenIndices(L, PIN_LAYERS);
  const mode = d === 1 ? 'line' : 'plane';
  const sOf = (n: number) => (L > 1 ? n / (L - 1) : 0);
  const xy: number[] = [];
  for (const n of layers)
    for (let i = 0; i < F; i++) {
      const at = (n * s.F + i) * d;
      if (mode === 'line') xy.push(round5(sOf(n)), round5(s.trajectories[at]));
      else xy.push(round5(s.trajectories[at]), round5(s.trajectories[at + 1]));
    }
  const K = spec.outputDim;
  const colors = Array.from({ length: F }, (_, i) =>
    s.classification && s.fanLabels ? classColor(s.fanLabels[i], K) : fanColor(F > 1 ? i / (F - 1) : 0.5),
  );
  const g = s.views?.trajectories ?? null;
  const grid: PinSnapshot['grid'] = g
    ? {
        nx: g.nx,
        ny: g.ny,
        x0: g.x0,
        x1: g.x1,
        y0: g.y0,
        y1: g.y1,
        kind: s.classification ? (K === 2 ? 'probability' : 'class') : 'value',
        values: Array.from(g.values, round5),
      }
    : null;
  return {
    step: s.step,
    mode,
    d,
    s: layers.map((n) => round5(sOf(n))),
    F,
    xy,
    colors,
    grid,
    norms: normsOf(s),
  };
}

function normsOf(s: SnapshotData): PinSnapshot['norms'] {
  // read without the residual sets (no view drew them): no norms rather than stale ones
  if (!s.weights.residual) return null;
  const { matrix, blocks } = neuronNormsMatrix(s.spec, s.weights.residual);
  if (matrix.cols > MAX_NORM_COLS || matrix.rows === 0) return null;
  const rows = evenIndices(matrix.rows, PIN_HEAT_ROWS);
  const values: number[] = [];
  for (const r of rows)
    for (let c = 0; c < matrix.cols; c++) values.push(round5(matrix.values[r * matrix.cols + c]));
  return {
    rows: rows.length,
    cols: matrix.cols,
    values,
    blocks: blocks.map((b) => ({ label: b.label, count: b.count })),
  };
}
