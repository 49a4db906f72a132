// A small line chart drawn with CanvasRenderingContext2D calls only (so svgcanvas can record it for SVG
// export): frame, grid, ticks and labels from d3 scales, series (min/max-downsampled to the pixel width),
// legend, and an optional hover guide.
import { format, type ScaleContinuousNumeric, scaleLinear, scaleLog } from 'd3';
import { FONT_BOLD, FONT_TICK, pal } from '../common/plotKit';
import { downsampleMinMax, drawable, type Rect, type Series } from './series';

export const FONT = FONT_TICK;
export const TITLE_FONT = FONT_BOLD;
const MARGIN = { left: 50, right: 12, top: 34, bottom: 26 };

export interface ChartSpec {
  title: string;
  /** A muted line under the title (e.g. what exactly is measured). */
  subtitle?: string;
  series: Series[];
  xDomain: [number, number];
  yDomain: [number, number];
  yLog: boolean;
  /** Shown when no series has a point. */
  empty: string;
}

export interface ChartScales {
  plot: Rect;
  x: ScaleContinuousNumeric<number, number>;
  y: ScaleContinuousNumeric<number, number>;
}

/** A legend entry: its swatch starts at x, its text 20 px further; y is the text's baseline. */
export interface LegendEntry {
  label: string;
  x: number;
  y: number;
}

const LEGEND_ROW = 14;
/** Rough text width at 11px: the legend is laid out without a context, so hit-testing shares the plot's box. */
const textWidth = (t: string) => 6.1 * t.length;
const entryWidth = (label: string) => 20 + textWidth(label) + 12;

/**
 * Where the legend goes: right-aligned on the subtitle's row when it fits there (as on a wide screen), else in
 * rows of its own under the subtitle, left to right (a phone), with `extra` the height those rows add above
 * the plot. Nothing is left out.
 */
export function chartLegend(
  rect: Rect,
  spec: Pick<ChartSpec, 'series' | 'subtitle'>,
): { entries: LegendEntry[]; extra: number } {
  if (spec.series.length < 2) return { entries: [], extra: 0 };
  const ly = rect.y + 27;
  const used = spec.subtitle ? textWidth(spec.subtitle) + 8 : 0;
  const total = spec.series.reduce((a, s) => a + entryWidth(s.label), 0);
  const right = rect.x + MARGIN.left + Math.max(10, rect.w - MARGIN.left - MARGIN.right);
  if (total - 12 <= right - (rect.x + 4) - used) {
    let x = right - total + 12;
    return {
      entries: spec.series.map((s) => {
        const e = { label: s.label, x, y: ly };
        x += entryWidth(s.label);
        return e;
      }),
      extra: 0,
    };
  }
  const entries: LegendEntry[] = [];
  let [x, row] = [rect.x + 4, spec.subtitle ? 1 : 0];
  for (const s of spec.series) {
    const w = entryWidth(s.label);
    if (x > rect.x + 4 && x + w - 12 > rect.x + rect.w - 4) {
      x = rect.x + 4;
      row++;
    }
    entries.push({ label: s.label, x, y: ly + row * LEGEND_ROW });
    x += w;
  }
  // rows past the first one (the subtitle's, or the legend's own when there is no subtitle)
  return { entries, extra: row * LEGEND_ROW };
}

export function chartScales(
  rect: Rect,
  spec: Pick<ChartSpec, 'xDomain' | 'yDomain' | 'yLog' | 'series' | 'subtitle'>,
): ChartScales {
  const top = MARGIN.top + chartLegend(rect, spec).extra;
  const plot = {
    x: rect.x + MARGIN.left,
    y: rect.y + top,
    w: Math.max(10, rect.w - MARGIN.left - MARGIN.right),
    h: Math.max(10, rect.h - top - MARGIN.bottom),
  };
  const x = scaleLinear()
    .domain(spec.xDomain)
    .range([plot.x, plot.x + plot.w]);
  const y = (spec.yLog ? scaleLog() : scaleLinear()).domain(spec.yDomain).range([plot.y + plot.h, plot.y]);
  return { plot, x, y };
}

/** Keep ticks at least `minPx` apart on screen (labels must not overlap). */
export function spacedTicks(ticks: number[], toPx: (v: number) => number, minPx: number): number[] {
  const out: number[] = [];
  for (const t of ticks)
    if (!out.length || Math.abs(toPx(t) - toPx(out[out.length - 1])) >= minPx) out.push(t);
  return out;
}

/** Ticks of a log axis: powers of ten when there are at least two, else 1-2-5 multiples; never crowded. */
export function logTicks(y: ScaleContinuousNumeric<number, number>, minPx: number): number[] {
  const all = y.ticks();
  const isPow = (t: number) => Math.abs(Math.log10(t) - Math.round(Math.log10(t))) < 1e-9;
  const decades = all.filter(isPow);
  if (decades.length >= 2) return spacedTicks(decades, y, minPx);
  const mantissa = (t: number) => t / 10 ** Math.floor(Math.log10(t) + 1e-9);
  const nice = all.filter((t) => {
    const m = mantissa(t);
    return Math.abs(m - Math.round(m)) < 1e-6 && [1, 2, 5].includes(Math.round(m));
  });
  return spacedTicks(nice.length >= 2 ? nice : all, y, minPx);
}

/** Axis label: short, no trailing zeros (1e-4, 0.02, 150, 2e+5). */
export function tickLabel(v: number): string {
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return Number(v.toPrecision(3)).toExponential();
  return String(Number(v.toPrecision(4)));
}

/** `text` cut with an ellipsis to fit `maxWidth` in the current font. */
export function fitText(ctx: CanvasRenderingContext2D, text: string, maxWidth: number): string {
  if (ctx.measureText(text).width <= maxWidth) return text;
  let s = text;
  while (s.length > 1 && ctx.measureText(`${s}…`).width > maxWidth) s = s.slice(0, -1);
  return `${s.trimEnd()}…`;
}

const stepFormat = format('~s');

export function drawChart(ctx: CanvasRenderingContext2D, rect: Rect, spec: ChartSpec, hoverX?: number): void {
  const { plot, x, y } = chartScales(rect, spec);
  ctx.save();
  // title
  ctx.font = TITLE_FONT;
  ctx.fillStyle = pal().ink;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(fitText(ctx, spec.title, rect.w - 8), rect.x + 4, rect.y + 13);

  // subtitle under the title, and the legend (chartLegend: beside the subtitle, or in rows under it)
  ctx.font = FONT;
  if (spec.subtitle) {
    ctx.fillStyle = pal().muted;
    ctx.fillText(fitText(ctx, spec.subtitle, rect.w - 8), rect.x + 4, rect.y + 27);
  }
  const { entries } = chartLegend(rect, spec);
  entries.forEach((e, i) => {
    const s = spec.series[i];
    ctx.fillStyle = pal().muted;
    ctx.textAlign = 'left';
    ctx.fillText(e.label, e.x + 20, e.y);
    ctx.strokeStyle = s.color;
    ctx.lineWidth = Math.max(2, s.width);
    ctx.setLineDash(s.dash ?? []);
    ctx.beginPath();
    ctx.moveTo(e.x, e.y - 4);
    ctx.lineTo(e.x + 16, e.y - 4);
    ctx.stroke();
    ctx.setLineDash([]);
  });

  // grid and y ticks
  const yTicks = spec.yLog
    ? logTicks(y, 16)
    : spacedTicks(y.ticks(Math.max(2, Math.floor(plot.h / 40))), y, 16);
  ctx.lineWidth = 1;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of yTicks) {
    const py = Math.round(y(t)) + 0.5;
    ctx.strokeStyle = pal().grid;
    ctx.beginPath();
    ctx.moveTo(plot.x, py);
    ctx.lineTo(plot.x + plot.w, py);
    ctx.stroke();
    ctx.fillStyle = pal().muted;
    ctx.fillText(tickLabel(t), plot.x - 5, py);
  }
  // x ticks
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of x.ticks(Math.max(2, Math.floor(plot.w / 70)))) {
    if (!Number.isInteger(t)) continue;
    const px = Math.round(x(t)) + 0.5;
    ctx.strokeStyle = pal().muted;
    ctx.beginPath();
    ctx.moveTo(px, plot.y + plot.h);
    ctx.lineTo(px, plot.y + plot.h + 4);
    ctx.stroke();
    ctx.fillStyle = pal().muted;
    ctx.fillText(stepFormat(t), px, plot.y + plot.h + 6);
  }
  // frame
  ctx.strokeStyle = pal().frame;
  ctx.strokeRect(plot.x + 0.5, plot.y + 0.5, plot.w - 1, plot.h - 1);

  // series, clipped to the plot
  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.x, plot.y, plot.w, plot.h);
  ctx.clip();
  let any = false;
  for (const s of spec.series) {
    const pts = downsampleMinMax(drawable(s.points, spec.yLog), Math.ceil(plot.w));
    if (!pts.length) continue;
    any = true;
    ctx.strokeStyle = s.color;
    ctx.lineWidth = s.width;
    ctx.lineJoin = 'round';
    ctx.setLineDash(s.dash ?? []);
    ctx.beginPath();
    pts.forEach((p, i) => {
      if (i === 0) ctx.moveTo(x(p.x), y(p.y));
      else ctx.lineTo(x(p.x), y(p.y));
    });
    ctx.stroke();
    ctx.setLineDash([]);
    if (s.dots || pts.length === 1) {
      ctx.fillStyle = s.color;
      for (const p of pts) {
        ctx.beginPath();
        ctx.arc(x(p.x), y(p.y), 2.5, 0, 2 * Math.PI);
        ctx.fill();
      }
    }
  }
  if (hoverX !== undefined && hoverX >= spec.xDomain[0] && hoverX <= spec.xDomain[1]) {
    const px = Math.round(x(hoverX)) + 0.5;
    ctx.strokeStyle = pal().muted;
    ctx.lineWidth = 1;
    ctx.setLineDash([3, 3]);
    ctx.beginPath();
    ctx.moveTo(px, plot.y);
    ctx.lineTo(px, plot.y + plot.h);
    ctx.stroke();
    ctx.setLineDash([]);
  }
  ctx.restore();

  if (!any) {
    ctx.fillStyle = pal().muted;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(spec.empty, plot.x + plot.w / 2, plot.y + plot.h / 2);
  }
  ctx.restore();
}
