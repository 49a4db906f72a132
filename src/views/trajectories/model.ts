// What the trajectory plot shows, computed from a snapshot without touching the DOM: plot coordinates of every
// state (x_n against s = n/N in 1-D, the phase plane in 2-D, a PCA plane beyond), colours and legend, the
// crossings, the targets, and how far the ResNet is from its interpolating neural ODE.
import type { DatasetKind } from '../../core/config';
import { type CrossingResult, crossings1d, crossings2d } from '../../core/crossings';
import type { NetSpec, Weights } from '../../core/params';
import { FASHION_MNIST } from '../../data/fashion-mnist';
import { classColors, diverging, fanColor } from '../common/colors';
import { formatNumber } from '../common/format';
import type { OutputGrid } from './grid';
import type { HeavyResult } from './heavy';
import { type Pca, pca, project } from './pca';

export type TrajMode = 'line' | 'plane' | 'pca';

export type Legend =
  | {
      kind: 'continuous';
      title: string;
      lo: number;
      hi: number;
      color: (t: number) => string;
      integer?: boolean;
    }
  | { kind: 'classes'; entries: { label: string; color: string }[] };

export interface TrajInput {
  spec: Pick<NetSpec, 'd' | 'N' | 'steps' | 'inputDim' | 'readout'>;
  dataKind: DatasetKind;
  classification: boolean;
  weights: Pick<Weights, 'readoutW' | 'readoutB'> | null;
  fanX: Float64Array;
  F: number;
  fanLabels: Int32Array | null;
  trajectories: ArrayLike<number>;
  ode: ArrayLike<number> | null;
  grid: OutputGrid | null;
  /** Embedding E [d][inputDim] when the grid's input plane maps into the phase plane (d = inputDim = 2). */
  embed?: Float64Array | null;
  /** Axes of the previous PCA fit (keeps the projection from flipping between snapshots). */
  previousAxes?: Float64Array[] | null;
  /** d > 2: the PCA fit and projected states, computed off the main thread (heavy.ts); fitted here when absent. */
  projected?: HeavyResult['pca'];
  /** d ≤ 2: the crossings, computed off the main thread; found here when absent. */
  crossings?: CrossingResult | null;
}

export interface OdeDistance {
  /** max over layers and inputs of ‖x_n − x(s_n)‖. */
  max: number;
  /** Where it is reached. */
  layer: number;
  input: number;
  /** max divided by the diameter of the ResNet states (0 when they do not spread). */
  relative: number;
}

export interface TrajModel {
  mode: TrajMode;
  d: number;
  F: number;
  /** Number of layers of states, S + 1. */
  L: number;
  N: number;
  /** Plot coordinates [L][F][2]. */
  xy: Float64Array;
  odeXy: Float64Array | null;
  xLabel: string;
  yLabel: string;
  xDomain: [number, number];
  yDomain: [number, number];
  /** The plane modes keep one unit the same length on both axes. */
  equalAspect: boolean;
  colors: string[];
  legend: Legend;
  /** null when d > 2 (trajectories in 3 or more dimensions generically never meet). */
  crossings: CrossingResult | null;
  /** Plot coordinates of the listed crossings [k][2]. */
  crossingXy: Float64Array;
  /** 1-D regression: the state each input should reach at the last layer (per input; NaN = unknown). */
  targets: { x: number; y: number; color: string }[] | null;
  targetNote: string;
  grid: OutputGrid | null;
  /** The grid holds P(class 1) (classification) rather than a regression output. */
  gridIsProbability: boolean;
  /** Where the grid's input plane lies in the phase plane: x_0 = E x, E row-major [2][2] (identity for 'pad'). */
  gridMap: Float64Array;
  pca: (Pca & { dims: number }) | null;
  odeDistance: OdeDistance | null;
  /** Short text naming input i, for tooltips. */
  inputText: (i: number) => string;
  /** Raw state (length d) of input i at layer n. */
  stateAt: (i: number, n: number) => number[];
}

/** The classes' names of a dataset that has them (image data), else null (classes are numbered). */
export function classNames(kind: DatasetKind): readonly string[] | null {
  return kind === 'fashion-mnist' ? FASHION_MNIST.classes : null;
}

/** Colours for two classes that match the diverging decision-region map (class 1 = red = probability 1). */
export function classColor(label: number, classes: number): string {
  if (classes <= 2) return diverging(label === 1 ? 0.8 : -0.8);
  return classColors[label % classColors.length];
}

/** max ‖a − b‖ over all [count][d] rows, and where. */
export function maxRowDistance(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  count: number,
  d: number,
): { max: number; row: number } {
  let max = 0;
  let row = 0;
  for (let p = 0; p < count; p++) {
    let s = 0;
    for (let k = 0; k < d; k++) {
      const e = a[p * d + k] - b[p * d + k];
      s += e * e;
    }
    const v = Math.sqrt(s);
    if (v > max || Number.isNaN(v)) {
      max = v;
      row = p;
      if (Number.isNaN(v)) break;
    }
  }
  return { max, row };
}

/** [min, max] of finite values, padded by `pad` of the span (a unit span around a constant). */
export function paddedExtent(values: Iterable<number>, pad = 0.05): [number, number] {
  const r: Range = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (const v of values) include(r, v);
  return padRange(r, pad);
}

type Range = [number, number];

/** Widen `r` to hold `v` when it is finite. */
function include(r: Range, v: number): void {
  if (!Number.isFinite(v)) return;
  if (v < r[0]) r[0] = v;
  if (v > r[1]) r[1] = v;
}

/**
 * Widen `r` to the finite values a[offset], a[offset + stride], …: a plain loop, since iterating a deep net's
 * states through a generator cost ~100 ms per snapshot at depth 2048.
 */
function includeStrided(r: Range, a: ArrayLike<number>, stride: number, offset: number): Range {
  for (let i = offset; i < a.length; i += stride) include(r, a[i]);
  return r;
}

const emptyRange = (): Range => [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

/** `r` padded by `pad` of its span; a unit span around a constant; [−1, 1] when empty. */
function padRange([lo, hi]: Range, pad: number): [number, number] {
  if (lo > hi) return [-1, 1];
  if (hi - lo < 1e-9 * Math.max(1, Math.abs(lo))) return [lo - 0.5, hi + 0.5];
  const m = (hi - lo) * pad;
  return [lo - m, hi + m];
}

/** The regression target of 1-D data, mapped back to the state space through the read-out when it is affine. */
export function targetState(
  kind: DatasetKind,
  x: number,
  readout: NetSpec['readout'],
  weights: Pick<Weights, 'readoutW' | 'readoutB'> | null,
): number {
  const y = ((kind === 'square' ? 1 : -1) * x * x) / 2;
  if (readout === 'project') return y;
  const R = weights?.readoutW[0] ?? Number.NaN;
  const r = weights?.readoutB[0] ?? 0;
  return Math.abs(R) > 1e-12 ? (y - r) / R : Number.NaN;
}

export function buildTrajModel(input: TrajInput): TrajModel {
  const { spec, F, trajectories: traj, ode, fanX, fanLabels } = input;
  const { d, N, inputDim } = spec;
  const L = spec.steps + 1;
  const count = L * F;
  const mode: TrajMode = d === 1 ? 'line' : d === 2 ? 'plane' : 'pca';

  // plot coordinates
  const xy = new Float64Array(count * 2);
  let odeXy: Float64Array | null = null;
  let fit: TrajModel['pca'] = null;
  if (mode === 'line') {
    for (let n = 0; n < L; n++)
      for (let i = 0; i < F; i++) {
        xy[2 * (n * F + i)] = n / N;
        xy[2 * (n * F + i) + 1] = traj[n * F + i];
      }
    if (ode) {
      odeXy = new Float64Array(count * 2);
      for (let p = 0; p < count; p++) {
        odeXy[2 * p] = xy[2 * p];
        odeXy[2 * p + 1] = ode[p];
      }
    }
  } else if (mode === 'plane') {
    for (let p = 0; p < 2 * count; p++) xy[p] = traj[p];
    if (ode) odeXy = new Float64Array(ode);
  } else if (input.projected) {
    fit = { ...input.projected.fit, dims: d };
    xy.set(input.projected.xy);
    odeXy = ode ? input.projected.odeXy : null;
  } else {
    const p = pca(traj, count, d, 2, input.previousAxes);
    fit = { ...p, dims: d };
    xy.set(project(p, traj, count));
    if (ode) odeXy = project(p, ode, count);
  }

  // colours and legend
  const classes = fanLabels ? Math.max(2, ...Array.from(fanLabels, (c) => c + 1)) : 0;
  const className = (c: number) => classNames(input.dataKind)?.[c] ?? `class ${c}`;
  let colors: string[];
  let legend: Legend;
  if (fanLabels) {
    colors = Array.from(fanLabels, (c) => classColor(c, classes));
    legend = {
      kind: 'classes',
      entries: Array.from({ length: classes }, (_, c) => ({
        label: className(c),
        color: classColor(c, classes),
      })),
    };
  } else if (inputDim === 1) {
    const [lo, hi] = padRange(includeStrided(emptyRange(), fanX, 1, 0), 0);
    colors = Array.from({ length: F }, (_, i) => fanColor((fanX[i] - lo) / (hi - lo || 1)));
    legend = { kind: 'continuous', title: 'input x', lo, hi, color: (t) => fanColor(t) };
  } else {
    colors = Array.from({ length: F }, (_, i) => fanColor(F > 1 ? i / (F - 1) : 0));
    legend = {
      kind: 'continuous',
      title: 'input #',
      lo: 0,
      hi: F - 1,
      color: (t) => fanColor(t),
      integer: true,
    };
  }

  // crossings (1-D: order flips; 2-D: segments of one step intersect)
  let crossings: CrossingResult | null = null;
  let crossingXy = new Float64Array(0);
  if (mode === 'line') {
    crossings = input.crossings ?? crossings1d(traj, L, F);
    crossingXy = new Float64Array(crossings.points.length * 2);
    crossings.points.forEach((c, k) => {
      crossingXy[2 * k] = (c.n + c.t) / N;
      crossingXy[2 * k + 1] = c.at[0];
    });
  } else if (mode === 'plane') {
    crossings = input.crossings ?? crossings2d(traj, L, F);
    crossingXy = Float64Array.from(crossings.points.flatMap((c) => c.at));
  }

  // 1-D regression targets at the last layer
  let targets: TrajModel['targets'] = null;
  let targetNote = '';
  if (mode === 'line' && (input.dataKind === 'square' || input.dataKind === 'neg-square') && inputDim === 1) {
    const sEnd = (L - 1) / N;
    targets = [];
    for (let i = 0; i < F; i++) {
      targets.push({
        x: sEnd,
        y: targetState(input.dataKind, fanX[i], spec.readout, input.weights),
        color: colors[i],
      });
    }
    const sign = input.dataKind === 'square' ? '' : '−';
    targetNote =
      spec.readout === 'project' ? `target ${sign}x²/2` : `target ${sign}x²/2 seen through the read-out`;
  }

  // distance to the interpolating neural ODE
  let odeDistance: OdeDistance | null = null;
  if (ode && ode.length === count * d) {
    const { max, row } = maxRowDistance(traj, ode, count, d);
    let diam = 0;
    for (let k = 0; k < d; k++) {
      const [lo, hi] = padRange(includeStrided(emptyRange(), traj, d, k), 0);
      diam += (hi - lo) ** 2;
    }
    diam = Math.sqrt(diam);
    odeDistance = { max, layer: Math.floor(row / F), input: row % F, relative: diam > 0 ? max / diam : 0 };
  }

  // domains: every trajectory, the ODE overlay and the targets fit
  const grid = mode === 'plane' ? input.grid : null;
  const xs = includeStrided(emptyRange(), xy, 2, 0);
  const ys = includeStrided(emptyRange(), xy, 2, 1);
  if (odeXy) {
    includeStrided(xs, odeXy, 2, 0);
    includeStrided(ys, odeXy, 2, 1);
  }
  for (const t of targets ?? []) include(ys, t.y);
  // (not the regions' grid: it is wider than what is drawn so that it fills the plot, src/run/snapshot.ts)
  const gridMap = input.embed && input.embed.length === 4 ? input.embed : Float64Array.from([1, 0, 0, 1]);
  // line mode: a little room past the last layer so the target markers there are drawn whole
  const sMax = Math.max(1e-9, (L - 1) / N);
  const xDomain: [number, number] = mode === 'line' ? [-0.01 * sMax, 1.035 * sMax] : padRange(xs, 0.05);
  const yDomain = padRange(ys, 0.05);

  const labels =
    mode === 'line'
      ? { xLabel: 's = n/N (depth)', yLabel: 'state x_n' }
      : mode === 'plane'
        ? { xLabel: 'x_n[0]', yLabel: 'x_n[1]' }
        : {
            xLabel: `PC 1 (${formatPercent(fit!.variances[0] / (fit!.total || 1))})`,
            yLabel: `PC 2 (${formatPercent((fit!.variances[1] ?? 0) / (fit!.total || 1))})`,
          };

  const inputText = (i: number): string => {
    const x = Array.from(fanX.subarray(i * inputDim, (i + 1) * inputDim));
    if (inputDim === 1) return `input x = ${formatNumber(x[0])}`;
    const cls = fanLabels ? ` · ${className(fanLabels[i])}` : '';
    return `input #${i}${cls} · ${formatVector(x)}`;
  };
  const stateAt = (i: number, n: number): number[] =>
    Array.from({ length: d }, (_, k) => Number(traj[(n * F + i) * d + k]));

  return {
    mode,
    d,
    F,
    L,
    N,
    xy,
    odeXy,
    ...labels,
    xDomain,
    yDomain,
    equalAspect: mode !== 'line',
    colors,
    legend,
    crossings,
    crossingXy,
    targets,
    targetNote,
    grid,
    gridIsProbability: input.classification,
    gridMap,
    pca: fit,
    odeDistance,
    inputText,
    stateAt,
  };
}

export function formatPercent(f: number): string {
  const p = 100 * f;
  return `${p >= 99.95 ? '100' : p >= 10 ? p.toFixed(0) : p.toFixed(1)}%`;
}

/** (a, b, c) with at most `max` coordinates shown. */
export function formatVector(v: number[], max = 4): string {
  const shown = v.slice(0, max).map(formatNumber).join(', ');
  return `(${shown}${v.length > max ? `, … ${v.length - max} more` : ''})`;
}

/** Linear interpolation of a 1-D trajectory at fractional layer u ∈ [0, L − 1]. */
export function valueAtLayer(traj: ArrayLike<number>, L: number, F: number, i: number, u: number): number {
  const c = Math.min(Math.max(u, 0), L - 1);
  const n = Math.min(Math.floor(c), L - 2);
  if (n < 0) return Number(traj[i]);
  const t = c - n;
  return (1 - t) * traj[n * F + i] + t * traj[(n + 1) * F + i];
}

/**
 * The polyline nearest to screen point (px, py), given screen coordinates [L][F][2] of every state:
 * trajectory index, fractional layer of the nearest point and distance in px (null beyond `maxDist`).
 */
export function nearestTrajectory(
  screen: Float64Array,
  L: number,
  F: number,
  px: number,
  py: number,
  maxDist: number,
): { i: number; u: number; dist: number } | null {
  let best: { i: number; u: number; dist: number } | null = null;
  for (let i = 0; i < F; i++)
    for (let n = 0; n + 1 < L; n++) {
      const ax = screen[2 * (n * F + i)];
      const ay = screen[2 * (n * F + i) + 1];
      const bx = screen[2 * ((n + 1) * F + i)];
      const by = screen[2 * ((n + 1) * F + i) + 1];
      const vx = bx - ax;
      const vy = by - ay;
      const len2 = vx * vx + vy * vy;
      const t = len2 > 0 ? Math.min(1, Math.max(0, ((px - ax) * vx + (py - ay) * vy) / len2)) : 0;
      const dist = Math.hypot(ax + t * vx - px, ay + t * vy - py);
      if (Number.isFinite(dist) && dist <= maxDist && (!best || dist < best.dist))
        best = { i, u: n + t, dist };
    }
  if (!best && L === 1)
    for (let i = 0; i < F; i++) {
      const dist = Math.hypot(screen[2 * i] - px, screen[2 * i + 1] - py);
      if (dist <= maxDist && (!best || dist < best.dist)) best = { i, u: 0, dist };
    }
  return best;
}
