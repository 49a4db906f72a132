// The matrices the weight heatmaps draw, from the flat parameter layout of src/core/params.ts, without the DOM:
// depth × entries (every weight, or per-neuron norms for a readable MLP summary) and depth × training step
// (a per-layer quantity from the weight history). Rows are parameter sets / layers, columns the other axis.
import type { NetSpec } from '../../core/params';
import { residualKind } from '../../residuals';
import type { ParamLayout } from '../../residuals/types';
import type { WeightColumn } from './view';

export interface Matrix {
  rows: number;
  cols: number;
  /** Row-major [rows][cols]; NaN = no value. */
  values: Float64Array;
}

/** A labelled group of consecutive columns (W, b, V ...). */
export interface ColumnBlock {
  name: string;
  /** Axis label, e.g. 'W [16×2]' or '‖W_j‖'. */
  label: string;
  start: number;
  count: number;
}

type Spec = Pick<NetSpec, 'residual' | 'd' | 'M' | 'bias' | 'setSize' | 'off' | 'P' | 'used' | 'N'>;

/** The parameter layout of the spec's residual kind (src/residuals). */
export function layoutOf(spec: Pick<NetSpec, 'residual' | 'd' | 'M' | 'bias'>): ParamLayout {
  return residualKind(spec.residual).layout({ d: spec.d, M: spec.M, bias: spec.bias });
}

const SYMBOL: Record<string, string> = { theta: 'θ' };
const sym = (name: string) => SYMBOL[name] ?? name;

/** The blocks of one parameter set in storage order. */
export function entryBlocks(spec: Spec): ColumnBlock[] {
  return layoutOf(spec).blocks.map((b) => ({
    name: b.name,
    label: `${sym(b.name)} [${b.vector ? b.rows : `${b.rows}×${b.cols}`}]`,
    start: b.offset,
    count: b.rows * b.cols,
  }));
}

/** Name of entry e of a parameter set, with 0-based indices: θ[i,k], W[j,i], b[j], V[i,j]. */
export function entryName(spec: Spec, e: number): string {
  const blocks = layoutOf(spec).blocks;
  const b = blocks.find((k) => e >= k.offset && e < k.offset + k.rows * k.cols) ?? blocks[blocks.length - 1];
  const r = e - b.offset;
  return b.vector ? `${sym(b.name)}[${r}]` : `${sym(b.name)}[${Math.floor(r / b.cols)},${r % b.cols}]`;
}

/** Depth × entries: the residual weights themselves, [P][setSize]. */
export function entriesMatrix(spec: Spec, residual: Float64Array): { matrix: Matrix; blocks: ColumnBlock[] } {
  return {
    matrix: { rows: spec.P, cols: spec.setSize, values: residual.subarray(0, spec.P * spec.setSize) },
    blocks: entryBlocks(spec),
  };
}

/**
 * Depth × per-unit norms, as the kind defines them (layout.units). MLP: for hidden neuron j, ‖W_j‖ (its input
 * weights, row j of W), |b_j| and ‖V_:j‖ (its output weights, column j of V). Linear: ‖θ_i‖ (row i) and |b_i|
 * per state coordinate.
 */
export function neuronNormsMatrix(
  spec: Spec,
  residual: Float64Array,
): { matrix: Matrix; blocks: ColumnBlock[] } {
  const { P, setSize } = spec;
  const units = layoutOf(spec).units;
  const blocks: ColumnBlock[] = units.blocks.map((b, g) => ({
    name: b.name,
    label: b.label,
    start: g * units.count,
    count: units.count,
  }));
  const cols = blocks.length * units.count;
  const values = new Float64Array(P * cols);
  for (let n = 0; n < P; n++) units.norms(residual, n * setSize, values, n * cols);
  return { matrix: { rows: P, cols, values }, blocks };
}

/** The parameter set the network never uses: θ_S when the scheme never reads θ_{n+1} (Euler; it only shapes the ODE). */
export function unusedSet(spec: Pick<NetSpec, 'P' | 'used'>): number | null {
  return spec.used < spec.P ? spec.P - 1 : null;
}

/** max |v| over the rows of `m` except `skipRow` (finite values only); 0 when there are none. */
export function maxAbs(m: Matrix, skipRow: number | null = null): number {
  let out = 0;
  for (let r = 0; r < m.rows; r++) {
    if (r === skipRow) continue;
    for (let c = 0; c < m.cols; c++) {
      const v = Math.abs(m.values[r * m.cols + c]);
      if (v > out && Number.isFinite(v)) out = v;
    }
  }
  return out;
}

/** A colour range that is never empty: symmetric [−a, a] for diverging maps, [0, a] for sequential ones. */
export function colorRange(
  m: Matrix,
  kind: 'diverging' | 'sequential',
  skipRow: number | null = null,
): [number, number] {
  const a = maxAbs(m, skipRow) || 1;
  return kind === 'diverging' ? [-a, a] : [0, a];
}

export type TimeMetric = 'norm' | 'increment' | 'entry';

/**
 * Depth × training step from the weight history: rows are layers n (norm, entry: parameter sets; increment:
 * N‖θ_{n+1} − θ_n‖ between used sets), columns the snapshots in order. Missing values are NaN.
 */
export function timeMatrix(history: WeightColumn[], metric: TimeMetric): Matrix {
  const pick = (c: WeightColumn) =>
    metric === 'norm' ? c.norms : metric === 'increment' ? c.increments : c.entry;
  const cols = history.length;
  const rows = history.reduce((m, c) => Math.max(m, pick(c).length), 0);
  const values = new Float64Array(rows * cols).fill(Number.NaN);
  history.forEach((c, k) => {
    const v = pick(c);
    for (let r = 0; r < v.length; r++) values[r * cols + k] = v[r];
  });
  return { rows, cols, values };
}

/**
 * Edges of the columns on the step axis: each column spans halfway to its neighbours, so irregularly spaced
 * snapshots (the history is thinned as training goes on) keep their place in time. Returns cols + 1 edges.
 */
export function columnEdges(steps: number[]): number[] {
  const n = steps.length;
  if (n === 0) return [0, 1];
  if (n === 1) return [steps[0] - 0.5, steps[0] + 0.5];
  const edges = new Array<number>(n + 1);
  for (let k = 1; k < n; k++) edges[k] = (steps[k - 1] + steps[k]) / 2;
  edges[0] = Math.max(steps[0] - (steps[1] - steps[0]) / 2, Math.min(steps[0], 0)); // no negative steps
  edges[n] = steps[n - 1] + (steps[n - 1] - steps[n - 2]) / 2;
  return edges;
}

/** The column whose span [edges[k], edges[k+1]) contains `step` (clamped to the ends). */
export function columnAt(edges: number[], step: number): number {
  let lo = 0;
  let hi = edges.length - 2;
  if (step < edges[0]) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (edges[mid] <= step) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** N · max_n ‖θ_{n+1} − θ_n‖ per snapshot (the increments are stored already scaled by N). */
export function smoothnessSeries(history: WeightColumn[]): number[] {
  return history.map((c) => {
    let m = 0;
    for (const v of c.increments) if (v > m || Number.isNaN(v)) m = v;
    return m;
  });
}
