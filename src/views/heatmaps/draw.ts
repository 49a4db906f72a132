// Drawing the two weight heatmaps (depth on the vertical axis of both, layer 0 at the top): depth × entries
// (live) and depth × training step. Each has a layout function shared by drawing and hit-testing, and a draw
// function used for the screen and the PNG/SVG exports.
import { rgb, type ScaleLinear, scaleLinear } from 'd3';
import { diverging, sequential } from '../common/colors';
import { formatNumber } from '../common/format';
import {
  axisBottom,
  axisLeft,
  cellAt,
  colorBar,
  colorTable,
  drawCells,
  FONT_LABEL,
  FONT_TICK,
  FONT_TITLE,
  inside,
  pal,
  type Rect,
  uniformEdges,
} from '../common/plotKit';
import type { ColumnBlock, Matrix, TimeMetric } from './summaries';

export type ColorKind = 'diverging' | 'sequential';

export interface WeightsHeatmap {
  title: string;
  matrix: Matrix;
  blocks: ColumnBlock[];
  kind: ColorKind;
  range: [number, number];
  /** Row greyed out (θ_S of a scheme that never reads θ_{n+1}, like Euler), or null. */
  unusedRow: number | null;
  /** Name of that scheme, for the note. */
  unusedBy: string;
  N: number;
  colName: (c: number) => string;
  xLabel: string;
  /** Column highlighted as the entry followed over training, or null. */
  followed: number | null;
}

export interface TimeHeatmap {
  title: string;
  metric: TimeMetric;
  matrix: Matrix;
  steps: number[];
  edges: number[];
  kind: ColorKind;
  range: [number, number];
  unusedRow: number | null;
  N: number;
  /** Columns that followed another entry than the one shown (entry metric). */
  stale: boolean[];
  rowName: (r: number) => string;
  /** N · max_n ‖θ_{n+1} − θ_n‖ per column. */
  smooth: number[];
  legendTitle: string;
}

// the diverging table follows the theme (its centre is the background): one per centre colour, made when first used
const LUT_DIV = new Map<string, Uint8ClampedArray>();
function divergingTable(): Uint8ClampedArray {
  const mid = pal().divergingMid;
  let lut = LUT_DIV.get(mid);
  if (!lut) {
    lut = colorTable((t) => diverging(2 * t - 1));
    LUT_DIV.set(mid, lut);
  }
  return lut;
}
const LUT_SEQ = colorTable(sequential);
const NAN_RGB = [232, 234, 237];
const UNUSED_RGB = [190, 193, 198];

/** Write the colour of v at px[i..i+3]. `greyed` mixes it with grey (a row the network does not use). */
export function fillColor(
  v: number,
  kind: ColorKind,
  range: [number, number],
  px: Uint8ClampedArray,
  i: number,
  greyed = false,
): void {
  if (!Number.isFinite(v)) {
    px[i] = NAN_RGB[0];
    px[i + 1] = NAN_RGB[1];
    px[i + 2] = NAN_RGB[2];
    px[i + 3] = 255;
    return;
  }
  const [lo, hi] = range;
  const t = Math.min(1, Math.max(0, (v - lo) / (hi - lo || 1)));
  const lut = kind === 'diverging' ? divergingTable() : LUT_SEQ;
  const k = 3 * Math.round(t * 255);
  const mix = greyed ? 0.72 : 0;
  px[i] = lut[k] * (1 - mix) + UNUSED_RGB[0] * mix;
  px[i + 1] = lut[k + 1] * (1 - mix) + UNUSED_RGB[1] * mix;
  px[i + 2] = lut[k + 2] * (1 - mix) + UNUSED_RGB[2] * mix;
  px[i + 3] = 255;
}

export interface HeatGeom {
  plot: Rect;
  bar: Rect;
  y: ScaleLinear<number, number>;
  /** Fractions of the plot width where columns start/end (cols + 1). */
  xEdges: Float64Array;
}

const PAD = { left: 58, top: 48, right: 86, bottom: 40 };

function baseGeom(
  width: number,
  height: number,
  rows: number,
  bottomExtra: number,
): Omit<HeatGeom, 'xEdges'> {
  const plot: Rect = {
    x: PAD.left,
    y: PAD.top,
    w: Math.max(30, width - PAD.left - PAD.right),
    h: Math.max(30, height - PAD.top - PAD.bottom - bottomExtra),
  };
  return {
    plot,
    bar: { x: plot.x + plot.w + 14, y: plot.y + 18, w: 12, h: Math.max(20, Math.min(plot.h - 18, 200)) },
    // row r spans [r, r+1): layer n is centred at n + 0.5
    y: scaleLinear()
      .domain([0, Math.max(1, rows)])
      .range([plot.y, plot.y + plot.h]),
  };
}

export function weightsGeom(width: number, height: number, m: WeightsHeatmap): HeatGeom {
  return { ...baseGeom(width, height, m.matrix.rows, 0), xEdges: uniformEdges(Math.max(1, m.matrix.cols)) };
}

const SPARK_H = 58;

export function timeGeom(
  width: number,
  height: number,
  m: TimeHeatmap,
): HeatGeom & { spark: Rect; x: ScaleLinear<number, number> } {
  const g = baseGeom(width, height, m.matrix.rows, SPARK_H);
  const [e0, e1] = [m.edges[0], m.edges[m.edges.length - 1]];
  const span = e1 - e0 || 1;
  const xEdges = Float64Array.from(m.edges, (e) => (e - e0) / span);
  const x = scaleLinear()
    .domain([e0, e1])
    .range([g.plot.x, g.plot.x + g.plot.w]);
  return {
    ...g,
    xEdges,
    x,
    spark: { x: g.plot.x, y: g.plot.y + g.plot.h + 10, w: g.plot.w, h: SPARK_H - 18 },
  };
}

/** Ticks on the layer axis at row centres, at most about one per 28 px. */
function layerTicks(rows: number, h: number): number[] {
  const want = Math.max(2, Math.floor(h / 28));
  const step = niceStep(Math.max(1, (rows - 1) / want));
  const out: number[] = [];
  for (let n = 0; n < rows; n += step) out.push(n);
  return out;
}

function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const k of [1, 2, 5, 10]) if (k * p >= raw) return Math.max(1, k * p);
  return Math.max(1, 10 * p);
}

function drawLayerAxis(ctx: CanvasRenderingContext2D, g: Omit<HeatGeom, 'xEdges'>, rows: number, N: number) {
  const ticks = layerTicks(rows, g.plot.h);
  const centred = scaleLinear()
    .domain([-0.5, rows - 0.5])
    .range(g.y.range());
  axisLeft(ctx, centred, g.plot.x, {
    ticks,
    format: (n) => String(n),
    label: `layer n  (s = n/${N})`,
  });
}

function drawColorLegend(
  ctx: CanvasRenderingContext2D,
  g: Omit<HeatGeom, 'xEdges'>,
  kind: ColorKind,
  range: [number, number],
  title: string,
) {
  const [lo, hi] = range;
  const color = kind === 'diverging' ? (t: number) => diverging(2 * t - 1) : sequential;
  const ticks =
    kind === 'diverging'
      ? [
          { t: 0, label: formatNumber(lo) },
          { t: 0.5, label: '0' },
          { t: 1, label: formatNumber(hi) },
        ]
      : [
          { t: 0, label: formatNumber(lo) },
          { t: 0.5, label: formatNumber((lo + hi) / 2) },
          { t: 1, label: formatNumber(hi) },
        ];
  colorBar(ctx, g.bar, color, ticks, '');
  ctx.save();
  ctx.font = FONT_TICK;
  ctx.fillStyle = pal().ink;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'bottom';
  ctx.fillText(title, g.bar.x - 4, g.bar.y - 6);
  ctx.restore();
}

function drawTitle(ctx: CanvasRenderingContext2D, text: string, x: number) {
  ctx.save();
  ctx.font = FONT_TITLE;
  ctx.fillStyle = pal().ink;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(text, x, 17);
  ctx.restore();
}

function hatchRow(ctx: CanvasRenderingContext2D, g: Omit<HeatGeom, 'xEdges'>, row: number) {
  const y0 = g.y(row);
  const h = Math.max(2, g.y(row + 1) - y0);
  ctx.save();
  ctx.beginPath();
  ctx.rect(g.plot.x, y0, g.plot.w, h);
  ctx.clip();
  ctx.strokeStyle = pal().muted;
  ctx.globalAlpha = 0.6;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let x = g.plot.x - h; x < g.plot.x + g.plot.w + h; x += 6) {
    ctx.moveTo(x, y0 + h);
    ctx.lineTo(x + h, y0);
  }
  ctx.stroke();
  ctx.restore();
}

function background(ctx: CanvasRenderingContext2D, w: number, h: number) {
  ctx.fillStyle = pal().bg;
  ctx.fillRect(0, 0, w, h);
}

function emptyMessage(ctx: CanvasRenderingContext2D, w: number, h: number, text: string) {
  ctx.save();
  ctx.fillStyle = pal().muted;
  ctx.font = FONT_LABEL;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, w / 2, h / 2);
  ctx.restore();
}

export interface HeatHover {
  row: number;
  col: number;
}

/** Depth × entries (or per-neuron norms). */
export function drawWeightsHeatmap(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  m: WeightsHeatmap | null,
  hoverRow: number | null = null,
  message = 'No weights yet',
): void {
  ctx.save();
  background(ctx, width, height);
  if (!m || m.matrix.rows === 0 || m.matrix.cols === 0) {
    emptyMessage(ctx, width, height, message);
    ctx.restore();
    return;
  }
  const g = weightsGeom(width, height, m);
  const { matrix } = m;
  drawTitle(ctx, m.title, g.plot.x);
  drawCells(ctx, g.plot, g.xEdges, uniformEdges(matrix.rows), (row, col, px, i) =>
    fillColor(matrix.values[row * matrix.cols + col], m.kind, m.range, px, i, row === m.unusedRow),
  );
  if (m.unusedRow !== null) hatchRow(ctx, g, m.unusedRow);

  // block separators and labels above the plot
  ctx.save();
  ctx.font = FONT_LABEL;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';
  for (const [k, b] of m.blocks.entries()) {
    const x0 = g.plot.x + g.xEdges[b.start] * g.plot.w;
    const x1 = g.plot.x + g.xEdges[b.start + b.count] * g.plot.w;
    if (k > 0) {
      ctx.strokeStyle = pal().halo;
      ctx.lineWidth = 3;
      ctx.beginPath();
      ctx.moveTo(x0, g.plot.y - 6);
      ctx.lineTo(x0, g.plot.y + g.plot.h);
      ctx.stroke();
      ctx.strokeStyle = pal().ink;
      ctx.lineWidth = 1.2;
      ctx.stroke();
    }
    ctx.fillStyle = pal().ink;
    const label = ctx.measureText(b.label).width < x1 - x0 - 2 ? b.label : b.name;
    ctx.fillText(label, (x0 + x1) / 2, g.plot.y - 9);
  }
  ctx.restore();

  if (m.followed !== null && m.followed < matrix.cols) {
    const x0 = g.plot.x + g.xEdges[m.followed] * g.plot.w;
    const x1 = g.plot.x + g.xEdges[m.followed + 1] * g.plot.w;
    ctx.save();
    ctx.strokeStyle = pal().ink;
    ctx.lineWidth = 1;
    ctx.setLineDash([3, 2]);
    ctx.strokeRect(x0 - 1, g.plot.y - 1, Math.max(2, x1 - x0) + 2, g.plot.h + 2);
    ctx.restore();
  }
  if (hoverRow !== null) rowMarker(ctx, g, hoverRow);

  ctx.strokeStyle = pal().frame;
  ctx.lineWidth = 1;
  ctx.strokeRect(g.plot.x - 0.5, g.plot.y - 0.5, g.plot.w + 1, g.plot.h + 1);
  drawLayerAxis(ctx, g, matrix.rows, m.N);
  ctx.save();
  ctx.font = FONT_LABEL;
  ctx.fillStyle = pal().ink;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.fillText(m.xLabel, g.plot.x + g.plot.w / 2, g.plot.y + g.plot.h + 7);
  if (m.unusedRow !== null) {
    ctx.font = FONT_TICK;
    ctx.fillStyle = pal().muted;
    ctx.textAlign = 'left';
    ctx.fillText(`hatched: θ_${m.unusedRow} (unused by ${m.unusedBy})`, g.plot.x, g.plot.y + g.plot.h + 23);
  }
  ctx.restore();
  drawColorLegend(ctx, g, m.kind, m.range, m.kind === 'diverging' ? 'θ value' : 'norm');
  ctx.restore();
}

function rowMarker(ctx: CanvasRenderingContext2D, g: Omit<HeatGeom, 'xEdges'>, row: number) {
  const y0 = g.y(row);
  const y1 = g.y(row + 1);
  ctx.save();
  ctx.fillStyle = pal().ink;
  ctx.beginPath();
  const ym = (y0 + y1) / 2;
  ctx.moveTo(g.plot.x + g.plot.w + 1, ym);
  ctx.lineTo(g.plot.x + g.plot.w + 8, ym - 5);
  ctx.lineTo(g.plot.x + g.plot.w + 8, ym + 5);
  ctx.closePath();
  ctx.fill();
  ctx.strokeStyle = pal().ink;
  ctx.lineWidth = 1;
  ctx.strokeRect(g.plot.x - 0.5, y0 - 0.5, g.plot.w + 1, Math.max(1, y1 - y0) + 1);
  ctx.restore();
}

/** Depth × training step, with the smoothness constant as a line underneath. */
export function drawTimeHeatmap(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  m: TimeHeatmap | null,
  hoverRow: number | null = null,
  message = 'No history yet',
): void {
  ctx.save();
  background(ctx, width, height);
  if (!m || m.matrix.rows === 0 || m.matrix.cols === 0) {
    emptyMessage(ctx, width, height, message);
    ctx.restore();
    return;
  }
  const g = timeGeom(width, height, m);
  const { matrix } = m;
  drawTitle(ctx, m.title, g.plot.x);
  const e = rgb(pal().empty);
  const empty = [e.r, e.g, e.b, 255];
  drawCells(ctx, g.plot, g.xEdges, uniformEdges(matrix.rows), (row, col, px, i) => {
    if (m.stale[col]) {
      px.set(empty, i);
      return;
    }
    fillColor(matrix.values[row * matrix.cols + col], m.kind, m.range, px, i, row === m.unusedRow);
  });
  if (m.unusedRow !== null) hatchRow(ctx, g, m.unusedRow);
  if (hoverRow !== null && hoverRow < matrix.rows) rowMarker(ctx, g, hoverRow);
  ctx.strokeStyle = pal().frame;
  ctx.lineWidth = 1;
  ctx.strokeRect(g.plot.x - 0.5, g.plot.y - 0.5, g.plot.w + 1, g.plot.h + 1);
  drawLayerAxis(ctx, g, matrix.rows, m.N);

  // smoothness constant N·max‖θ_{n+1} − θ_n‖ over training, sharing the step axis
  const s = g.spark;
  const finite = m.smooth.filter(Number.isFinite);
  const top = Math.max(1e-12, ...finite);
  // the line stays below its label at the top of the strip
  const sy = scaleLinear()
    .domain([0, top])
    .range([s.y + s.h - 1, s.y + 14]);
  ctx.save();
  ctx.fillStyle = pal().empty;
  ctx.fillRect(s.x, s.y, s.w, s.h);
  ctx.strokeStyle = pal().level;
  ctx.lineWidth = 1.6;
  ctx.beginPath();
  m.smooth.forEach((v, k) => {
    const x = g.x(m.steps[k]);
    const y = sy(Number.isFinite(v) ? v : top);
    if (k === 0) ctx.moveTo(x, y);
    else ctx.lineTo(x, y);
  });
  ctx.stroke();
  if (m.smooth.length === 1) {
    ctx.fillStyle = pal().level;
    ctx.beginPath();
    ctx.arc(g.x(m.steps[0]), sy(m.smooth[0]), 2.5, 0, 2 * Math.PI);
    ctx.fill();
  }
  ctx.font = FONT_TICK;
  ctx.fillStyle = pal().levelInk;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  ctx.fillText('N·max_n ‖θ_{n+1} − θ_n‖', s.x + 4, s.y + 2);
  ctx.textBaseline = 'middle';
  const current = m.smooth[m.smooth.length - 1];
  ctx.fillText(`now ${formatNumber(current)}`, s.x + s.w + 6, s.y + s.h / 2);
  ctx.textBaseline = 'top';
  ctx.fillStyle = pal().muted;
  ctx.fillText(`max ${formatNumber(top)}`, s.x + s.w + 6, s.y - 2);
  ctx.restore();
  axisBottom(ctx, g.x, s.y + s.h, {
    count: Math.max(2, Math.round(g.plot.w / 90)),
    format: (v) => (Number.isInteger(v) ? formatNumber(v) : ''),
    label: 'training step',
  });
  drawColorLegend(ctx, g, m.kind, m.range, m.legendTitle);
  ctx.restore();
}

/** The cell under (px, py) in the depth × entries heatmap. */
export function hitWeights(
  width: number,
  height: number,
  m: WeightsHeatmap,
  px: number,
  py: number,
): HeatHover | null {
  const g = weightsGeom(width, height, m);
  if (!inside(g.plot, px, py)) return null;
  const col = cellAt(g.xEdges, (px - g.plot.x) / g.plot.w);
  const row = Math.min(m.matrix.rows - 1, Math.floor(g.y.invert(py)));
  return col < 0 || row < 0 ? null : { row, col };
}

/** The cell under (px, py) in the depth × step heatmap. */
export function hitTime(
  width: number,
  height: number,
  m: TimeHeatmap,
  px: number,
  py: number,
): HeatHover | null {
  const g = timeGeom(width, height, m);
  const inSpark = inside({ ...g.spark, y: g.plot.y, h: g.spark.y + g.spark.h - g.plot.y }, px, py);
  if (!inside(g.plot, px, py) && !inSpark) return null;
  const col = cellAt(g.xEdges, (px - g.plot.x) / g.plot.w);
  const row = inside(g.plot, px, py) ? Math.min(m.matrix.rows - 1, Math.floor(g.y.invert(py))) : -1;
  return col < 0 ? null : { row, col };
}
