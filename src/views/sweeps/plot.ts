// The sweep plot: a metric against depth N (or L·M) on log-log axes, drawn with CanvasRenderingContext2D calls
// only (svgcanvas records them for the SVG export). Series get distinct colours and markers and their read-outs
// in the legend; dashed reference lines ∝ x^p go through the first measured point; on float32 runs a band marks
// the round-off floor; threshold metrics draw their level and a marker where each series crosses it. Layout and
// hit-testing are pure functions shared by drawing and hovering.
import { type ScaleLogarithmic, scaleLog, schemeTableau10 } from 'd3';
import type { PinnedSweepLine } from '../../compare/sweep-overlay';
import { FAMILY, FONT_LABEL, FONT_TICK, pal } from '../common/plotKit';

export const FONT = FONT_LABEL;
const SMALL = FONT_TICK;
const TITLE = `600 13px ${FAMILY}`;
const MARGIN = { left: 62, right: 16, top: 46, bottom: 44 };

export type Marker = 'circle' | 'square' | 'triangle' | 'diamond' | 'down' | 'cross';
const MARKERS: Marker[] = ['circle', 'square', 'triangle', 'diamond', 'down', 'cross'];
/** Tableau 10 minus grey-ish entries: distinct hues that survive a projector. */
const COLORS = [0, 1, 2, 3, 4, 6, 8, 5].map((i) => schemeTableau10[i]);

export const seriesColor = (i: number) => COLORS[i % COLORS.length];
export const seriesMarker = (i: number) => MARKERS[i % MARKERS.length];

export interface PlotPoint {
  x: number;
  y: number;
  N: number;
  M: number;
  note?: string;
}

export interface PlotSeries {
  id: string;
  label: string;
  points: PlotPoint[];
  /** e.g. "slope −1.02 (r² 0.999)", or "trains from N ≈ 22 (…)". */
  fitText: string;
  /** The fitted line (natural-log intercept and slope) over [x0, x1], when there is one. */
  fitLine?: { slope: number; intercept: number; x0: number; x1: number };
  /** Threshold read-outs: where the series crosses the level for good. */
  crossing?: number;
}

export interface PlotModel {
  title: string;
  subtitle: string;
  xLabel: string;
  yLabel: string;
  /** Planned abscissae: the x-axis spans them before any point arrives. */
  xs: number[];
  series: PlotSeries[];
  /** Exponents of the reference lines ∝ x^p. */
  refSlopes: number[];
  /** 'N' or 'LM': how reference lines are labelled. */
  variable: 'N' | 'LM';
  /** Round-off floor to shade (float32 runs), or null. */
  floor: number | null;
  /** The level of a threshold read-out, or null. */
  level: { y: number; label: string } | null;
  /** Text in the middle while there is nothing to draw. */
  empty: string;
  /** Pinned runs' sweeps of the same metric, drawn dashed under the current series (src/state/pins.ts). */
  pinned?: PinnedSweepLine[];
}

export interface PlotLayout {
  plot: { x: number; y: number; w: number; h: number };
  x: ScaleLogarithmic<number, number>;
  y: ScaleLogarithmic<number, number>;
  /** The title and subtitle wrapped to the canvas width (a phone gets more lines rather than "at in…"). */
  title: string[];
  subtitle: string[];
  /** Where the title and subtitle start (the plot's margin, or the canvas edge on a phone). */
  textX: number;
  /** The y label in one or two lines (rotated), and the x of the first line's centre. */
  yLabel: string[];
  yLabelX: number;
}

const finitePos = (v: number) => Number.isFinite(v) && v > 0;

/** Label of x^p for the reference lines: 1/N, 1/N², N⁰, N, 1/√(LM). */
export function refLabel(p: number, variable: 'N' | 'LM'): string {
  const v = variable === 'N' ? 'N' : '(LM)';
  const sup: Record<string, string> = { '2': '²', '3': '³' };
  if (p === 0) return `∝ ${variable === 'N' ? 'N' : 'LM'}⁰ (flat)`;
  if (p === -0.5) return `∝ 1/√${variable === 'N' ? 'N' : '(LM)'}`;
  if (p === 0.5) return `∝ √${v}`;
  const a = Math.abs(p);
  const pow = a === 1 ? (variable === 'N' ? 'N' : 'LM') : `${v}${sup[String(a)] ?? `^${a}`}`;
  return p < 0 ? `∝ 1/${pow}` : `∝ ${pow}`;
}

/** 10⁻³-style label for a power of ten. */
export function powerOfTen(v: number): string {
  const e = Math.round(Math.log10(v));
  if (e >= 0 && e <= 3) return String(10 ** e);
  const digits = '⁰¹²³⁴⁵⁶⁷⁸⁹';
  const s = String(Math.abs(e))
    .split('')
    .map((c) => digits[Number(c)])
    .join('');
  return `10${e < 0 ? '⁻' : ''}${s}`;
}

const isDecade = (t: number) => Math.abs(Math.log10(t) - Math.round(Math.log10(t))) < 1e-9;

function yDomain(model: PlotModel): [number, number] {
  const ys = [...model.series, ...(model.pinned ?? [])]
    .flatMap((s) => s.points.map((p) => p.y))
    .filter(finitePos);
  let ylo = ys.length ? Math.min(...ys) : 1e-4;
  let yhi = ys.length ? Math.max(...ys) : 1;
  // show the floor when it is within reach of the data (it explains a flattening)
  if (model.floor && finitePos(model.floor) && model.floor >= ylo / 30) ylo = Math.min(ylo, model.floor);
  // a threshold's level is what the points are read against: always in view
  if (model.level && finitePos(model.level.y) && ys.length) {
    ylo = Math.min(ylo, model.level.y);
    yhi = Math.max(yhi, model.level.y);
  }
  // at least one decade, padded by a factor 1.6 on each side
  if (Math.log10(yhi / ylo) < 1) {
    const mid = Math.sqrt(ylo * yhi);
    ylo = mid / Math.sqrt(10);
    yhi = mid * Math.sqrt(10);
  }
  return [ylo / 1.6, yhi * 1.6];
}

const hasPoints = (model: PlotModel) => model.series.some((s) => s.points.some((p) => finitePos(p.y)));

/**
 * What an empty plot says while a sweep runs or after it: log axes draw only values above 0, so a finished sweep
 * whose values are all 0 or failed would otherwise still read "Waiting for the first point…".
 */
export function emptySweepText(
  running: boolean,
  series: readonly { points: readonly { y: number }[] }[],
): string {
  const measured = series.reduce((n, s) => n + s.points.length, 0);
  if (running) return measured ? 'Waiting for a value above 0…' : 'Waiting for the first point…';
  if (!measured) return 'No point was measured.';
  return 'Nothing to draw on log axes: every value measured is 0 or failed (Export → CSV lists them).';
}

export interface LegendItem {
  kind: 'series' | 'ref' | 'floor' | 'level';
  /** Series index, or reference-line index. */
  i: number;
  text: string;
  x: number;
  y: number;
  /** Width available for the text. */
  w: number;
}

const LEGEND_ROW = 18;
/** Rough text width at 12px (the legend is laid out without a context, so hit-testing can share it). */
const textWidth = (t: string) => 6.6 * t.length;
/** The same at the subtitle's 11px and the title's bold 13px. */
const smallWidth = (t: string) => 6.1 * t.length;
const titleWidth = (t: string) => 7.6 * t.length;
const TITLE_ROW = 16;
const SUBTITLE_ROW = 14;
/** Below this canvas width the title and subtitle start at the canvas edge rather than over the plot. */
const NARROW = 480;
const LABEL_ROW = 15;

/** `text` in lines of at most `maxWidth` (by `width`), broken at spaces; a word longer than a line stays whole. */
export function wrapWords(text: string, maxWidth: number, width: (t: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const w of text.split(' ')) {
    const next = line ? `${line} ${w}` : w;
    if (line && width(next) > maxWidth) {
      lines.push(line);
      line = w;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/** A y label that is longer than the plot is tall, in two lines broken at the space nearest its middle. */
export function splitLabel(label: string, room: number): string[] {
  if (textWidth(label) <= room) return [label];
  let best = -1;
  for (let i = label.indexOf(' '); i >= 0; i = label.indexOf(' ', i + 1))
    if (best < 0 || Math.abs(i - label.length / 2) < Math.abs(best - label.length / 2)) best = i;
  return best < 0 ? [label] : [label.slice(0, best), label.slice(best + 1)];
}

/**
 * The legend sits below the x-axis so it never hides a point: series (with their slopes) in as many columns
 * as fit, then one row with the reference lines and the floor.
 */
export function legendLayout(model: PlotModel, width: number): { items: LegendItem[]; height: number } {
  const items: LegendItem[] = [];
  const left = MARGIN.left;
  const avail = Math.max(120, width - left - MARGIN.right);
  const seriesText = model.series.map((s) => `${s.label}: ${s.fitText}`);
  const colW = Math.min(avail, Math.max(140, ...seriesText.map((t) => textWidth(t) + 44)));
  const cols = Math.max(1, Math.floor(avail / colW));
  for (const [i, text] of seriesText.entries())
    items.push({
      kind: 'series',
      i,
      text,
      x: left + (i % cols) * colW,
      y: Math.floor(i / cols) * LEGEND_ROW,
      w: colW - 40,
    });
  let rows = Math.ceil(model.series.length / cols);
  const extra: Omit<LegendItem, 'x' | 'y' | 'w'>[] = [];
  if (hasPoints(model))
    for (const [i, p] of model.refSlopes.entries())
      extra.push({ kind: 'ref', i, text: refLabel(p, model.variable) });
  const floorShown = model.floor !== null && finitePos(model.floor) && model.floor > yDomain(model)[0];
  if (floorShown) extra.push({ kind: 'floor', i: 0, text: 'float32 round-off floor' });
  if (hasPoints(model) && model.level && finitePos(model.level.y))
    extra.push({ kind: 'level', i: 0, text: model.level.label });
  let x = left;
  if (extra.length) rows++;
  for (const e of extra) {
    const w = textWidth(e.text) + 40;
    if (x > left && x + w > left + avail) {
      x = left;
      rows++;
    }
    items.push({ ...e, x, y: (rows - 1) * LEGEND_ROW, w: w - 40 });
    x += w + 12;
  }
  return { items, height: rows ? rows * LEGEND_ROW + 6 : 0 };
}

export function layoutPlot(model: PlotModel, width: number, height: number): PlotLayout {
  const legend = legendLayout(model, width);
  const textX = width < NARROW ? 8 : MARGIN.left;
  const title = wrapWords(model.title, width - textX - 8, titleWidth);
  const subtitle = model.subtitle ? wrapWords(model.subtitle, width - textX - 8, smallWidth) : [];
  const top =
    MARGIN.top + TITLE_ROW * Math.max(0, title.length - 1) + SUBTITLE_ROW * Math.max(0, subtitle.length - 1);
  const plot = {
    x: MARGIN.left,
    y: top,
    w: 0,
    h: Math.max(40, height - top - MARGIN.bottom - legend.height),
  };
  const y = scaleLog()
    .domain(yDomain(model))
    .range([plot.y + plot.h, plot.y]);
  // the left margin holds the widest tick label, a gap and the y label's lines: they never overlap
  const widest = Math.max(0, ...yTicks({ y }).major.map((t) => textWidth(tickLabel(t))));
  const yLabel = splitLabel(model.yLabel, plot.h + 20);
  const labelSpace = 10 + LABEL_ROW * yLabel.length;
  plot.x = Math.max(MARGIN.left, Math.ceil(6 + widest + labelSpace));
  plot.w = Math.max(20, width - plot.x - MARGIN.right);
  const allX = [
    ...model.xs,
    ...[...model.series, ...(model.pinned ?? [])].flatMap((s) => s.points.map((p) => p.x)),
  ].filter(finitePos);
  const xlo = allX.length ? Math.min(...allX) : 4;
  const xhi = allX.length ? Math.max(...allX) : 256;
  const xpad = Math.max(1.25, (xhi / xlo) ** 0.03);
  const x = scaleLog()
    .domain([xlo / xpad, xhi * xpad])
    .range([plot.x, plot.x + plot.w]);
  const yLabelX = plot.x - 6 - widest - 10 - LABEL_ROW * (yLabel.length - 0.5);
  return { plot, x, y, title, subtitle, textX, yLabel, yLabelX };
}

/** Reference lines ∝ x^p through the first measured point of the first series that has one. */
export function referenceLines(
  model: PlotModel,
  layout: PlotLayout,
): { p: number; label: string; from: [number, number]; to: [number, number] }[] {
  const anchor = model.series.map((s) => s.points.find((q) => finitePos(q.y))).find(Boolean);
  if (!anchor) return [];
  const [x0, x1] = layout.x.domain();
  return model.refSlopes.map((p) => {
    const f = (x: number) => anchor.y * (x / anchor.x) ** p;
    return { p, label: refLabel(p, model.variable), from: [x0, f(x0)], to: [x1, f(x1)] };
  });
}

export interface Hover {
  series: number;
  point: number;
}

/** The point nearest to (px, py) within `radius` CSS px, or null. */
export function hitTest(
  model: PlotModel,
  layout: PlotLayout,
  px: number,
  py: number,
  radius = 14,
): Hover | null {
  let best: Hover | null = null;
  let bestD = radius * radius;
  for (const [si, s] of model.series.entries())
    for (const [pi, p] of s.points.entries()) {
      if (!finitePos(p.y)) continue;
      const dx = layout.x(p.x) - px;
      const dy = layout.y(p.y) - py;
      const d = dx * dx + dy * dy;
      if (d <= bestD) {
        bestD = d;
        best = { series: si, point: pi };
      }
    }
  return best;
}

export function drawMarker(
  ctx: CanvasRenderingContext2D,
  marker: Marker,
  cx: number,
  cy: number,
  r: number,
  color: string,
  filled = true,
): void {
  ctx.beginPath();
  switch (marker) {
    case 'circle':
      ctx.arc(cx, cy, r, 0, 2 * Math.PI);
      break;
    case 'square':
      ctx.rect(cx - r * 0.85, cy - r * 0.85, 1.7 * r, 1.7 * r);
      break;
    case 'triangle':
      ctx.moveTo(cx, cy - 1.15 * r);
      ctx.lineTo(cx + r, cy + 0.75 * r);
      ctx.lineTo(cx - r, cy + 0.75 * r);
      ctx.closePath();
      break;
    case 'down':
      ctx.moveTo(cx, cy + 1.15 * r);
      ctx.lineTo(cx + r, cy - 0.75 * r);
      ctx.lineTo(cx - r, cy - 0.75 * r);
      ctx.closePath();
      break;
    case 'diamond':
      ctx.moveTo(cx, cy - 1.2 * r);
      ctx.lineTo(cx + r, cy);
      ctx.lineTo(cx, cy + 1.2 * r);
      ctx.lineTo(cx - r, cy);
      ctx.closePath();
      break;
    case 'cross':
      ctx.moveTo(cx - r, cy - r);
      ctx.lineTo(cx + r, cy + r);
      ctx.moveTo(cx + r, cy - r);
      ctx.lineTo(cx - r, cy + r);
      ctx.strokeStyle = color;
      ctx.lineWidth = 2;
      ctx.stroke();
      return;
  }
  if (filled) {
    ctx.fillStyle = color;
    ctx.fill();
    ctx.strokeStyle = pal().halo;
    ctx.lineWidth = 1;
  } else {
    ctx.strokeStyle = color;
    ctx.lineWidth = 2;
  }
  ctx.stroke();
}

function xTicks(model: PlotModel, layout: PlotLayout): { major: number[]; minor: number[] } {
  const planned = [...new Set(model.xs)].sort((a, b) => a - b);
  const all = layout.x.ticks();
  // few planned values (a depth list): label exactly those; otherwise powers of ten
  if (planned.length >= 2 && planned.length <= 12) {
    const minPx = Math.min(...planned.slice(1).map((v, i) => layout.x(v) - layout.x(planned[i])));
    if (minPx >= 26) return { major: planned, minor: all.filter(isDecade) };
  }
  const decades = all.filter(isDecade);
  return decades.length >= 2 ? { major: decades, minor: all } : { major: layout.x.ticks(5), minor: [] };
}

function yTicks(layout: Pick<PlotLayout, 'y'>): { major: number[]; minor: number[] } {
  const all = layout.y.ticks();
  const decades = all.filter(isDecade);
  if (decades.length >= 3) {
    const k = Math.ceil(decades.length / 7);
    return { major: decades.filter((_, i) => i % k === 0), minor: all };
  }
  // a short range: label 1, 2 and 5 × powers of ten too
  const major = all.filter((t) => [1, 2, 5].includes(Math.round(t / 10 ** Math.floor(Math.log10(t) + 1e-9))));
  return major.length >= 2 ? { major, minor: all } : { major: layout.y.ticks(5), minor: [] };
}

/** A log-axis label: 10⁻³, 0.02, 5·10⁻⁴, 2000. */
export function tickLabel(v: number): string {
  if (isDecade(v)) return powerOfTen(v);
  const e = Math.floor(Math.log10(v) + 1e-9);
  if (e >= -2 && e <= 4) return String(Number(v.toPrecision(3)));
  const m = Number((v / 10 ** e).toPrecision(3));
  return `${m}·${powerOfTen(10 ** e)}`;
}

export function drawSweepPlot(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  model: PlotModel,
  hover: Hover | null = null,
): void {
  const layout = layoutPlot(model, width, height);
  const { plot, x, y } = layout;
  ctx.save();
  ctx.fillStyle = pal().bg;
  ctx.fillRect(0, 0, width, height);

  // title and subtitle
  ctx.fillStyle = pal().ink;
  ctx.font = TITLE;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  // from where they were wrapped for (the plot may start further right)
  const { textX } = layout;
  layout.title.forEach((line, i) => {
    ctx.fillText(clipText(ctx, line, width - textX - 8), textX, 17 + i * TITLE_ROW);
  });
  const subTop = 33 + TITLE_ROW * (layout.title.length - 1);
  ctx.fillStyle = pal().muted;
  ctx.font = SMALL;
  layout.subtitle.forEach((line, i) => {
    ctx.fillText(clipText(ctx, line, width - textX - 8), textX, subTop + i * SUBTITLE_ROW);
  });

  // grid
  const xt = xTicks(model, layout);
  const yt = yTicks(layout);
  ctx.lineWidth = 1;
  ctx.strokeStyle = pal().gridMinor;
  ctx.beginPath();
  for (const t of yt.minor) hline(ctx, Math.round(y(t)) + 0.5, plot);
  for (const t of xt.minor) vline(ctx, Math.round(x(t)) + 0.5, plot);
  ctx.stroke();
  ctx.strokeStyle = pal().grid;
  ctx.beginPath();
  for (const t of yt.major) hline(ctx, Math.round(y(t)) + 0.5, plot);
  for (const t of xt.major) vline(ctx, Math.round(x(t)) + 0.5, plot);
  ctx.stroke();

  // clip everything data-like to the plot area
  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.x, plot.y, plot.w, plot.h);
  ctx.clip();

  // round-off floor band
  if (model.floor !== null && finitePos(model.floor) && model.floor > y.domain()[0]) {
    const fy = y(model.floor!);
    ctx.fillStyle = pal().floor;
    ctx.fillRect(plot.x, fy, plot.w, plot.y + plot.h - fy);
    ctx.strokeStyle = pal().floorEdge;
    ctx.setLineDash([2, 3]);
    ctx.beginPath();
    hline(ctx, Math.round(fy) + 0.5, plot);
    ctx.stroke();
    ctx.setLineDash([]);
  }

  // reference lines
  const refs = referenceLines(model, layout);
  ctx.strokeStyle = pal().ref;
  ctx.lineWidth = 1.25;
  refs.forEach((r, i) => {
    ctx.setLineDash(i === 0 ? [6, 4] : [2, 3]);
    ctx.beginPath();
    ctx.moveTo(x(r.from[0]), y(r.from[1]));
    ctx.lineTo(x(r.to[0]), y(r.to[1]));
    ctx.stroke();
  });
  ctx.setLineDash([]);

  // threshold level, and where each series crosses it for good (a vertical tick down to the axis)
  if (model.level && finitePos(model.level.y) && hasPoints(model)) {
    const ly = Math.round(y(model.level.y)) + 0.5;
    ctx.strokeStyle = pal().level;
    ctx.lineWidth = 1.25;
    ctx.setLineDash([8, 3, 2, 3]);
    ctx.beginPath();
    hline(ctx, ly, plot);
    ctx.stroke();
    model.series.forEach((s, si) => {
      if (s.crossing === undefined || !finitePos(s.crossing)) return;
      const cx = Math.round(x(s.crossing)) + 0.5;
      ctx.strokeStyle = seriesColor(si);
      ctx.setLineDash([3, 3]);
      ctx.beginPath();
      ctx.moveTo(cx, ly);
      ctx.lineTo(cx, plot.y + plot.h);
      ctx.stroke();
      ctx.setLineDash([]);
      drawMarker(ctx, 'down', cx, ly - 7, 5, seriesColor(si));
    });
    ctx.setLineDash([]);
  }

  // pinned sweeps: dashed, in the pin's colour, with small open markers
  for (const pin of model.pinned ?? []) {
    const pts = pin.points.filter((p) => finitePos(p.y) && finitePos(p.x));
    ctx.strokeStyle = pin.color;
    ctx.lineWidth = 1.5;
    ctx.setLineDash(pin.dash);
    ctx.beginPath();
    pts.forEach((p, i) => {
      if (i === 0) ctx.moveTo(x(p.x), y(p.y));
      else ctx.lineTo(x(p.x), y(p.y));
    });
    ctx.stroke();
    ctx.setLineDash([]);
    for (const p of pts) {
      ctx.beginPath();
      ctx.arc(x(p.x), y(p.y), 3, 0, 2 * Math.PI);
      ctx.stroke();
    }
  }

  // series: fitted line (thin), polyline, markers
  model.series.forEach((s, si) => {
    const color = seriesColor(si);
    const pts = s.points.filter((p) => finitePos(p.y));
    if (s.fitLine) {
      const { slope, intercept, x0, x1 } = s.fitLine;
      ctx.strokeStyle = color;
      ctx.globalAlpha = 0.35;
      ctx.lineWidth = 4;
      ctx.beginPath();
      ctx.moveTo(x(x0), y(Math.exp(intercept + slope * Math.log(x0))));
      ctx.lineTo(x(x1), y(Math.exp(intercept + slope * Math.log(x1))));
      ctx.stroke();
      ctx.globalAlpha = 1;
    }
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.75;
    ctx.beginPath();
    pts.forEach((p, i) => {
      if (i === 0) ctx.moveTo(x(p.x), y(p.y));
      else ctx.lineTo(x(p.x), y(p.y));
    });
    ctx.stroke();
    for (const p of pts) drawMarker(ctx, seriesMarker(si), x(p.x), y(p.y), 4.5, color);
  });
  if (hover) {
    const s = model.series[hover.series];
    const p = s?.points[hover.point];
    if (p && finitePos(p.y)) {
      ctx.strokeStyle = pal().ink;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.arc(x(p.x), y(p.y), 9, 0, 2 * Math.PI);
      ctx.stroke();
    }
  }
  ctx.restore();

  // frame and ticks
  ctx.strokeStyle = pal().muted;
  ctx.lineWidth = 1;
  ctx.strokeRect(plot.x + 0.5, plot.y + 0.5, plot.w - 1, plot.h - 1);
  // tick marks as one path, then the labels (svgcanvas starts a new element per fillText)
  ctx.beginPath();
  for (const t of xt.major) {
    const px = Math.round(x(t)) + 0.5;
    ctx.moveTo(px, plot.y + plot.h);
    ctx.lineTo(px, plot.y + plot.h + 4);
  }
  for (const t of yt.major) {
    const py = Math.round(y(t)) + 0.5;
    ctx.moveTo(plot.x - 4, py);
    ctx.lineTo(plot.x, py);
  }
  ctx.stroke();
  ctx.fillStyle = pal().muted;
  ctx.font = FONT;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of xt.major)
    ctx.fillText(
      xt.major.length > 12 || t >= 1e5 ? powerOfTen(t) : String(t),
      Math.round(x(t)) + 0.5,
      plot.y + plot.h + 6,
    );
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of yt.major) ctx.fillText(tickLabel(t), plot.x - 6, Math.round(y(t)) + 0.5);

  // axis labels
  ctx.fillStyle = pal().ink;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(model.xLabel, plot.x + plot.w / 2, plot.y + plot.h + 36);
  ctx.save();
  ctx.translate(layout.yLabelX, plot.y + plot.h / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'middle';
  // rotated: a line further down the label is further right on screen
  layout.yLabel.forEach((line, i) => {
    ctx.fillText(clipText(ctx, line, plot.h + 20), 0, i * LABEL_ROW);
  });
  ctx.restore();

  if (!hasPoints(model)) {
    ctx.fillStyle = pal().muted;
    ctx.font = FONT;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(model.empty, plot.x + plot.w / 2, plot.y + plot.h / 2);
  }

  // legend below the axis label: series with their read-outs, then reference lines, the floor and the level
  const legend = legendLayout(model, width);
  const top = plot.y + plot.h + MARGIN.bottom + 4;
  ctx.font = FONT;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  for (const it of legend.items) {
    const cy = top + it.y + LEGEND_ROW / 2;
    const lx = it.x;
    if (it.kind === 'series') {
      const color = seriesColor(it.i);
      ctx.strokeStyle = color;
      ctx.lineWidth = 1.75;
      ctx.beginPath();
      ctx.moveTo(lx, cy);
      ctx.lineTo(lx + 26, cy);
      ctx.stroke();
      drawMarker(ctx, seriesMarker(it.i), lx + 13, cy, 4.5, color);
    } else if (it.kind === 'ref') {
      ctx.strokeStyle = pal().ref;
      ctx.lineWidth = 1.25;
      ctx.setLineDash(it.i === 0 ? [6, 4] : [2, 3]);
      ctx.beginPath();
      ctx.moveTo(lx, cy);
      ctx.lineTo(lx + 26, cy);
      ctx.stroke();
      ctx.setLineDash([]);
    } else if (it.kind === 'level') {
      ctx.strokeStyle = pal().level;
      ctx.lineWidth = 1.25;
      ctx.setLineDash([8, 3, 2, 3]);
      ctx.beginPath();
      ctx.moveTo(lx, cy);
      ctx.lineTo(lx + 26, cy);
      ctx.stroke();
      ctx.setLineDash([]);
    } else {
      ctx.fillStyle = pal().floorEdge;
      ctx.fillRect(lx, cy - 5, 26, 10);
    }
    ctx.fillStyle = pal().ink;
    ctx.fillText(clipText(ctx, it.text, Math.max(40, Math.min(it.w + 6, width - lx - 34))), lx + 34, cy);
  }
  ctx.restore();
}

function hline(ctx: CanvasRenderingContext2D, py: number, plot: PlotLayout['plot']): void {
  ctx.moveTo(plot.x, py);
  ctx.lineTo(plot.x + plot.w, py);
}

function vline(ctx: CanvasRenderingContext2D, px: number, plot: PlotLayout['plot']): void {
  ctx.moveTo(px, plot.y);
  ctx.lineTo(px, plot.y + plot.h);
}

function clipText(ctx: CanvasRenderingContext2D, text: string, maxW: number): string {
  if (ctx.measureText(text).width <= maxW) return text;
  let t = text;
  while (t.length > 4 && ctx.measureText(`${t}…`).width > maxW) t = t.slice(0, -1);
  return `${t}…`;
}

/** The sweep panel's title for the sweep's kind (the depth × width grid is not a sweep over depth alone). */
export function sweepPanelTitle(kind: 'depth' | 'widthDepth'): string {
  return kind === 'widthDepth' ? 'Sweeps over depth × width' : 'Sweeps over depth';
}
