// Pure data side of the training-curves view: the series to draw from the run store, axis extents (linear or
// log), min/max downsampling to the pixel width, nearest-point lookup for the tooltip, the chart layout and
// the CSV table.
import type { Pin } from '../../compare/pin';
import { pinStyle } from '../../compare/style';
import type { LossPoint } from '../../core/results';
import type { RunStore } from '../../state/run';
import { pal } from '../common/plotKit';

export interface Pt {
  x: number;
  y: number;
}

export interface Series {
  id: string;
  label: string;
  color: string;
  points: Pt[];
  /** Line width in CSS px. */
  width: number;
  dash?: number[];
  /** Draw a dot at each point (sparse series). */
  dots?: boolean;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Colour-blind-safe pair (Tableau blue/orange) plus a light tone for the noisy batch loss, in the current theme
 * (theme.css --plot-batch, --plot-train, --plot-test, --plot-grad).
 */
export const seriesColors = () => {
  const p = pal();
  return { batch: p.batch, train: p.train, test: p.test, grad: p.grad };
};

/**
 * Keep, per bucket of equal x-width, the first, minimum, maximum and last point (in x order), so spikes
 * survive when thousands of points meet a few hundred pixels. Input sorted by x.
 */
export function downsampleMinMax(pts: Pt[], buckets: number): Pt[] {
  if (pts.length <= 4 * buckets || buckets < 1) return pts;
  const x0 = pts[0].x;
  const span = pts[pts.length - 1].x - x0 || 1;
  const out: Pt[] = [];
  let i = 0;
  for (let b = 0; b < buckets && i < pts.length; b++) {
    const end = x0 + (span * (b + 1)) / buckets;
    const start = i;
    let lo = i;
    let hi = i;
    while (i < pts.length && (pts[i].x <= end || b === buckets - 1)) {
      if (pts[i].y < pts[lo].y) lo = i;
      if (pts[i].y > pts[hi].y) hi = i;
      i++;
    }
    if (i === start) continue;
    const keep = [...new Set([start, lo, hi, i - 1])].sort((a, c) => a - c);
    for (const k of keep) out.push(pts[k]);
  }
  return out;
}

/** Points that can be drawn on the axis (finite; positive on a log axis). */
export function drawable(pts: Pt[], log: boolean): Pt[] {
  return pts.filter((p) => Number.isFinite(p.y) && Number.isFinite(p.x) && (!log || p.y > 0));
}

/** y extent of the series with a margin; never empty or degenerate. */
export function yExtent(series: Pt[][], log: boolean): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const s of series)
    for (const p of drawable(s, log)) {
      lo = Math.min(lo, p.y);
      hi = Math.max(hi, p.y);
    }
  if (!(lo <= hi)) return log ? [0.1, 1] : [0, 1];
  if (log) {
    const a = Math.log10(lo);
    const b = Math.log10(hi);
    const pad = Math.max(0.05 * (b - a), 0.05);
    return [10 ** (a - pad), 10 ** (b + pad)];
  }
  if (lo === hi) {
    const d = Math.abs(lo) * 0.1 || 1;
    return [lo - d, hi + d];
  }
  const pad = 0.05 * (hi - lo);
  // losses and accuracies are ≥ 0: keep 0 as the floor instead of padding below it
  return [lo >= 0 && lo - pad < 0 ? 0 : lo - pad, hi + pad];
}

/** The point with x closest to `x` (points sorted by x), or null. */
export function nearestByX(pts: Pt[], x: number): Pt | null {
  if (!pts.length) return null;
  let a = 0;
  let b = pts.length - 1;
  while (b - a > 1) {
    const m = (a + b) >> 1;
    if (pts[m].x <= x) a = m;
    else b = m;
  }
  return Math.abs(pts[a].x - x) <= Math.abs(pts[b].x - x) ? pts[a] : pts[b];
}

/** Loss chart on top; accuracy and gradient-error charts share the row below (or take it alone). */
/** Below this width the accuracy and gradient-error charts stack instead of sharing a row. */
export const STACK_BELOW = 480;

export function curvesLayout(
  width: number,
  height: number,
  show: { acc: boolean; grad: boolean },
): { loss: Rect; acc: Rect | null; grad: Rect | null } {
  const gap = 8;
  const bottomCount = (show.acc ? 1 : 0) + (show.grad ? 1 : 0);
  if (!bottomCount) return { loss: { x: 0, y: 0, w: width, h: height }, acc: null, grad: null };
  const topH = Math.round(height * 0.58);
  const rowY = topH + gap;
  const rowH = height - rowY;
  const loss = { x: 0, y: 0, w: width, h: topH };
  if (bottomCount === 1) {
    const r = { x: 0, y: rowY, w: width, h: rowH };
    return { loss, acc: show.acc ? r : null, grad: show.grad ? r : null };
  }
  if (width < STACK_BELOW) {
    // a phone: three charts one under the other (side by side, each would be ~160 px wide)
    const h = Math.floor((height - 2 * gap) * 0.28);
    const top = height - 2 * gap - 2 * h;
    return {
      loss: { x: 0, y: 0, w: width, h: top },
      acc: { x: 0, y: top + gap, w: width, h },
      grad: { x: 0, y: top + 2 * gap + h, w: width, h: height - top - 2 * gap - h },
    };
  }
  const half = Math.floor((width - gap) / 2);
  return {
    loss,
    acc: { x: 0, y: rowY, w: half, h: rowH },
    grad: { x: half + gap, y: rowY, w: width - half - gap, h: rowH },
  };
}

export interface CurveOptions {
  showTest: boolean;
  showAccuracy: boolean;
  showGradError: boolean;
  classification: boolean;
  hasTest: boolean;
}

export interface CurveData {
  loss: Series[];
  acc: Series[];
  grad: Series[];
  /** Largest step among all series (x axis end). */
  maxStep: number;
}

type RunSeries = Pick<RunStore, 'losses' | 'evals' | 'gradErrors'>;

export function curveData(run: RunSeries, o: CurveOptions): CurveData {
  const showTest = o.showTest && o.hasTest;
  const batch = run.losses.map((p: LossPoint) => ({ x: p.step, y: p.loss }));
  const loss: Series[] = [
    { id: 'batch', label: 'batch loss', color: seriesColors().batch, points: batch, width: 1 },
    {
      id: 'train',
      label: 'train loss',
      color: seriesColors().train,
      points: run.evals.map((e) => ({ x: e.step, y: e.trainLoss })),
      width: 2,
      dots: run.evals.length < 40,
    },
  ];
  if (showTest)
    loss.push({
      id: 'test',
      label: 'test loss',
      color: seriesColors().test,
      points: run.evals.map((e) => ({ x: e.step, y: e.testLoss })),
      width: 2,
      dash: [5, 3],
      dots: run.evals.length < 40,
    });
  const acc: Series[] = [];
  if (o.classification && o.showAccuracy) {
    acc.push({
      id: 'trainAcc',
      label: 'train',
      color: seriesColors().train,
      points: run.evals.map((e) => ({ x: e.step, y: e.trainAcc })),
      width: 2,
      dots: run.evals.length < 40,
    });
    if (showTest)
      acc.push({
        id: 'testAcc',
        label: 'test',
        color: seriesColors().test,
        points: run.evals.map((e) => ({ x: e.step, y: e.testAcc })),
        width: 2,
        dash: [5, 3],
        dots: run.evals.length < 40,
      });
  }
  const grad: Series[] = o.showGradError
    ? [
        {
          id: 'grad',
          label: '‖g̃ − g‖/‖g‖',
          color: seriesColors().grad,
          points: run.gradErrors.map((g) => ({ x: g.step, y: g.value })),
          width: 2,
          dots: run.gradErrors.length < 40,
        },
      ]
    : [];
  let maxStep = 0;
  for (const s of [...loss, ...acc, ...grad]) for (const p of s.points) maxStep = Math.max(maxStep, p.x);
  return { loss, acc, grad, maxStep };
}

/**
 * The pinned runs' curves over the current run's: each pin's train loss, accuracy and gradient error in its own
 * colour and dash (its batch loss is left out: noisy, and the current run's is enough to read the noise).
 */
export function withPins(data: CurveData, pins: readonly Pin[], o: CurveOptions): CurveData {
  if (!pins.length) return data;
  const loss = [...data.loss];
  const acc = [...data.acc];
  const grad = [...data.grad];
  pins.forEach((pin, k) => {
    const { color, dash } = pinStyle(k);
    const evals = pin.curves.evals;
    const base = { color, dash, width: 1.6, dots: evals.length < 40 };
    loss.push({
      ...base,
      id: `pin-${pin.id}`,
      label: `${pin.label} (pinned)`,
      points: evals.map((e) => ({ x: e.step, y: e.trainLoss })),
    });
    if (o.classification && o.showAccuracy)
      acc.push({
        ...base,
        id: `pin-${pin.id}-acc`,
        label: `${pin.label} (pinned)`,
        points: evals.map((e) => ({ x: e.step, y: e.trainAcc })),
      });
    if (o.showGradError)
      grad.push({
        ...base,
        id: `pin-${pin.id}-grad`,
        label: `${pin.label} (pinned)`,
        points: pin.curves.gradErrors.map((g) => ({ x: g.step, y: g.value })),
        dots: pin.curves.gradErrors.length < 40,
      });
  });
  let maxStep = data.maxStep;
  for (const s of [...loss, ...acc, ...grad]) for (const p of s.points) maxStep = Math.max(maxStep, p.x);
  return { loss, acc, grad, maxStep };
}

/** Every series by step, one row per step that has any value; empty cells for missing values. */
export function curvesCsv(run: RunSeries): { header: string[]; rows: (string | number)[][] } {
  const header = [
    'step',
    'batch_loss',
    'batch_acc',
    'train_loss',
    'test_loss',
    'train_acc',
    'test_acc',
    'adjoint_grad_rel_error',
  ];
  const rows = new Map<number, (string | number)[]>();
  const row = (step: number) => {
    let r = rows.get(step);
    if (!r) {
      r = [step, '', '', '', '', '', '', ''];
      rows.set(step, r);
    }
    return r;
  };
  for (const p of run.losses) {
    const r = row(p.step);
    r[1] = p.loss;
    r[2] = Number.isNaN(p.acc) ? '' : p.acc;
  }
  for (const e of run.evals) {
    const r = row(e.step);
    r[3] = e.trainLoss;
    r[4] = Number.isNaN(e.testLoss) ? '' : e.testLoss;
    r[5] = Number.isNaN(e.trainAcc) ? '' : e.trainAcc;
    r[6] = Number.isNaN(e.testAcc) ? '' : e.testAcc;
  }
  for (const g of run.gradErrors) row(g.step)[7] = g.value;
  return { header, rows: [...rows.values()].sort((a, b) => (a[0] as number) - (b[0] as number)) };
}
