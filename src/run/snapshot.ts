// What a snapshot of the run carries: the backend's data, nothing view-specific. The views say what they need
// (SnapshotNeeds, from their options); the controller reads that from the backend and emits it; each view
// turns it into what it draws (src/views/*/view.ts `compute`).
import { type Dataset, datasetHead } from '../core/data';
import type { NetSpec, ReadoutWeights } from '../core/params';
import type { Backend } from './backend';

export interface SnapshotNeeds {
  /** Inputs in the fan: forward trajectories drawn over depth (0: none read). */
  fan: number;
  /** Final states on a GRID×GRID grid of inputs (2-D inputs only): decision regions. */
  grid: boolean;
  /** Class scores of the first `tests` test samples (image data only): what the network gets wrong. */
  tests?: number;
  /**
   * The residual weights (every parameter set: MBs at depth 2048, a GPU readback widened to float64): only when a
   * view draws them (the weight heatmaps, the ODE overlay, the compare view's norms). Else a snapshot carries the
   * read-out and embedding only, and `weights.residual` is null.
   */
  weights?: boolean;
}

/** What the controller reads when no view says otherwise (the trajectories view's defaults, with the weights). */
export const DEFAULT_NEEDS: SnapshotNeeds = { fan: 24, grid: true, weights: true };

/**
 * The most samples of a split a snapshot reads (the fan: at most 256, the trajectories view's limit; tests: 200),
 * so a worker hands the page only these of image data (src/run/cpu.worker.ts).
 */
export const SNAPSHOT_ROWS = 256;

/**
 * What of a worker's data the page gets: image data only their first SNAPSHOT_ROWS samples per split (all a
 * snapshot reads; the whole set is ~63 MB at 28×28 and 10k images); generated data whole (small, and the grid's
 * box spans every training point).
 */
export function pageDataset(ds: Dataset): Dataset {
  return ds.image ? datasetHead(ds, SNAPSHOT_ROWS) : ds;
}

/** The union of what several views need. */
export function mergeNeeds(parts: Partial<SnapshotNeeds>[]): SnapshotNeeds {
  const out: SnapshotNeeds = { fan: 0, grid: false };
  for (const p of parts) {
    if (p.fan !== undefined) out.fan = Math.max(out.fan, p.fan);
    if (p.grid) out.grid = true;
    if (p.tests) out.tests = Math.max(out.tests ?? 0, p.tests);
    if (p.weights) out.weights = true;
  }
  return out;
}

/** Class scores of test images, with where each image is in the held set (src/data/provision.ts). */
export interface TestScores {
  n: number;
  /** The image set's size (14 or 28) and the index of each sample in its test part. */
  size: 14 | 28;
  source: Int32Array;
  labels: Int32Array;
  /** Read-out scores [n][K]. */
  scores: Float64Array;
  K: number;
}

/** Read-out scores ŷ = R x_S + r for final states [n][d]. */
export function readoutScores(
  spec: NetSpec,
  w: ReadoutWeights,
  xS: ArrayLike<number>,
  n: number,
): Float64Array {
  const { d, outputDim: K } = spec;
  const out = new Float64Array(n * K);
  for (let b = 0; b < n; b++)
    for (let k = 0; k < K; k++) {
      let v = w.readoutB[k];
      for (let i = 0; i < d; i++) v += w.readoutW[k * d + i] * xS[b * d + i];
      out[b * K + k] = v;
    }
  return out;
}

/** The scores of the first `count` test images (null: not image data, no test set, or not asked for). */
export async function testScores(b: Backend, w: ReadoutWeights, count: number): Promise<TestScores | null> {
  const { data, spec } = b;
  const t = data.test;
  if (!count || !data.image || !t.source || !t.labels || t.n === 0) return null;
  const n = Math.min(count, t.n);
  const xS = await b.finalStates(t.x.slice(0, n * data.inputDim), n);
  return {
    n,
    size: data.image.size,
    source: t.source.slice(0, n),
    labels: t.labels.slice(0, n),
    scores: readoutScores(spec, w, xS, n),
    K: spec.outputDim,
  };
}

/** Inputs on a regular grid over a box, and the network's final states there. */
export interface GridStates {
  nx: number;
  ny: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  /** Final states x_S at the grid's inputs, row-major [ny][nx][d]. */
  xS: Float32Array | Float64Array;
}

/**
 * The weights a snapshot carries: read-out and embedding always; the residual sets only when a view asked for them
 * (SnapshotNeeds.weights), else null (never a stale copy: what is drawn is this step's or nothing).
 */
export type SnapshotWeights = ReadoutWeights & { residual: Float64Array | null };

export interface SnapshotData {
  step: number;
  spec: NetSpec;
  /** Whether the data are classes (the read-out gives class scores). */
  classification: boolean;
  weights: SnapshotWeights;
  /** Raw inputs of the fan [F][inputDim] and their labels (classification); F = 0 when no view asked for it. */
  fanX: Float64Array;
  F: number;
  /** The fan's size asked for when its cost capped it to F (a deep net: src/run/readout-cost.ts), else absent. */
  fanAsked?: number;
  fanLabels: Int32Array | null;
  /** Forward states of the fan [S+1][F][d]. */
  trajectories: Float32Array | Float64Array;
  /** Asked for (needs.grid) and the inputs are 2-D; else null. Its side is GRID, or less for a deep net (readout-cost.ts). */
  grid: GridStates | null;
  /** The regions were asked for but left for a later snapshot (the first one of a deep net: readout-cost.ts). */
  gridLater?: boolean;
  /** Asked for (needs.tests) and the data are images; else null. */
  tests?: TestScores | null;
}

export const GRID = 56;
/**
 * The grid's side over the larger extent of what the phase plane shows: the plot keeps equal units on both axes
 * in a panel up to about twice as wide as high, with headroom (src/views/common/extent.ts), and the regions must
 * fill all of it, not only the data's box.
 */
export const GRID_COVER = 3;

/**
 * The grid of inputs: the data's bounding box, widened (d = 2) to where the fan's trajectories go, since the
 * phase plane draws them on the same axes (at most 3× the data's extent, so a diverging trajectory does not
 * make the grid coarse); then a square GRID_COVER times that box's larger side, about its centre.
 */
export function gridBox(
  data: Backend['data'],
  states: ArrayLike<number> | null,
): [number, number, number, number] {
  const xs = data.train.x;
  let [x0, x1, y0, y1] = [
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
  ];
  for (let i = 0; i < data.train.n; i++) {
    x0 = Math.min(x0, xs[2 * i]);
    x1 = Math.max(x1, xs[2 * i]);
    y0 = Math.min(y0, xs[2 * i + 1]);
    y1 = Math.max(y1, xs[2 * i + 1]);
  }
  const mx = 0.15 * (x1 - x0 || 1);
  const my = 0.15 * (y1 - y0 || 1);
  [x0, x1, y0, y1] = [x0 - mx, x1 + mx, y0 - my, y1 + my];
  if (states) {
    const [cx, cy, wx, wy] = [(x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0];
    for (let i = 0; i + 1 < states.length; i += 2) {
      const [u, v] = [states[i], states[i + 1]];
      if (!Number.isFinite(u) || !Number.isFinite(v)) continue;
      x0 = Math.max(Math.min(x0, u), cx - 1.5 * wx);
      x1 = Math.min(Math.max(x1, u), cx + 1.5 * wx);
      y0 = Math.max(Math.min(y0, v), cy - 1.5 * wy);
      y1 = Math.min(Math.max(y1, v), cy + 1.5 * wy);
    }
  }
  const half = (GRID_COVER / 2) * Math.max(x1 - x0, y1 - y0);
  const [cx, cy] = [(x0 + x1) / 2, (y0 + y1) / 2];
  return [cx - half, cx + half, cy - half, cy + half];
}

/** The final states on a side×side grid over `gridBox` (cell centres); side GRID unless a deep net coarsens it. */
export async function gridStates(
  b: Backend,
  states: ArrayLike<number> | null,
  side = GRID,
): Promise<GridStates> {
  const [x0, x1, y0, y1] = gridBox(b.data, states);
  const F = side * side;
  const pts = new Float64Array(2 * F);
  for (let j = 0; j < side; j++)
    for (let i = 0; i < side; i++) {
      pts[2 * (j * side + i)] = x0 + ((x1 - x0) * (i + 0.5)) / side;
      pts[2 * (j * side + i) + 1] = y0 + ((y1 - y0) * (j + 0.5)) / side;
    }
  const xS = await b.finalStates(pts, F);
  return { nx: side, ny: side, x0, x1, y0, y1, xS };
}
