// A small line chart drawn with CanvasRenderingContext2D calls only (so svgcanvas can record it for SVG
// export): frame, grid, ticks and labels from d3 scales, series (min/max-downsampled to the pixel width),
// legend, and an optional hover guide.
import { format, type ScaleContinuousNumeric, scaleLinear, scaleLog } from 'd3';
import { downsampleMinMax, drawable, type Rect, type Series } from './series';

export const FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
export const TITLE_FONT = '600 12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const AXIS = '#5f6670';
const GRID = '#e9ebee';
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

export function chartScales(rect: Rect, spec: Pick<ChartSpec, 'xDomain' | 'yDomain' | 'yLog'>): ChartScales {
  const plot = {
    x: rect.x + MARGIN.left,
    y: rect.y + MARGIN.top,
    w: Math.max(10, rect.w - MARGIN.left - MARGIN.right),
    h: Math.max(10, rect.h - MARGIN.top - MARGIN.bottom),
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
  ctx.fillStyle = '#1d1f23';
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(fitText(ctx, spec.title, rect.w - 8), rect.x + 4, rect.y + 13);

  // subtitle (left) and legend (right-aligned) under the title; legend entries that do not fit are left out
  ctx.font = FONT;
  const ly = rect.y + 27;
  let used = rect.x + 4;
  if (spec.subtitle) {
    const sub = fitText(ctx, spec.subtitle, rect.w - 8);
    ctx.fillStyle = AXIS;
    ctx.fillText(sub, rect.x + 4, ly);
    used += ctx.measureText(sub).width + 8;
  }
  let lx = plot.x + plot.w;
  const legend = spec.series.length > 1 ? [...spec.series].reverse() : [];
  for (const s of legend) {
    const tw = ctx.measureText(s.label).width;
    if (lx - tw - 32 < used) break;
    lx -= tw;
    ctx.fillStyle = AXIS;
    ctx.textAlign = 'left';
    ctx.fillText(s.label, lx, ly);
    lx -= 20;
    ctx.strokeStyle = s.color;
    ctx.lineWidth = Math.max(2, s.width);
    ctx.setLineDash(s.dash ?? []);
    ctx.beginPath();
    ctx.moveTo(lx, ly - 4);
    ctx.lineTo(lx + 16, ly - 4);
    ctx.stroke();
    ctx.setLineDash([]);
    lx -= 12;
  }

  // grid and y ticks
  const yTicks = spec.yLog
    ? logTicks(y, 16)
    : spacedTicks(y.ticks(Math.max(2, Math.floor(plot.h / 40))), y, 16);
  ctx.lineWidth = 1;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of yTicks) {
    const py = Math.round(y(t)) + 0.5;
    ctx.strokeStyle = GRID;
    ctx.beginPath();
    ctx.moveTo(plot.x, py);
    ctx.lineTo(plot.x + plot.w, py);
    ctx.stroke();
    ctx.fillStyle = AXIS;
    ctx.fillText(tickLabel(t), plot.x - 5, py);
  }
  // x ticks
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of x.ticks(Math.max(2, Math.floor(plot.w / 70)))) {
    if (!Number.isInteger(t)) continue;
    const px = Math.round(x(t)) + 0.5;
    ctx.strokeStyle = AXIS;
    ctx.beginPath();
    ctx.moveTo(px, plot.y + plot.h);
    ctx.lineTo(px, plot.y + plot.h + 4);
    ctx.stroke();
    ctx.fillStyle = AXIS;
    ctx.fillText(stepFormat(t), px, plot.y + plot.h + 6);
  }
  // frame
  ctx.strokeStyle = '#c4c8cd';
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
    ctx.strokeStyle = 'rgba(29, 31, 35, 0.45)';
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
    ctx.fillStyle = AXIS;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(spec.empty, plot.x + plot.w / 2, plot.y + plot.h / 2);
  }
  ctx.restore();
}
