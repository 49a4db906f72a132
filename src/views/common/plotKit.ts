// Canvas plotting pieces shared by the trajectory and heatmap views: axes from d3 scales, colour bars, and
// raster images of cell grids. Only CanvasRenderingContext2D calls (svgcanvas records them for SVG export);
// images go through an off-screen canvas, which svgcanvas embeds as a PNG.
import { rgb, type ScaleLinear } from 'd3';
import { plotPalette } from '../../state/theme';
import { rasterCells } from './cellRaster';

/** The palette of the current theme (what every canvas view draws with). */
export const pal = plotPalette;

export const FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
export const FONT_TICK = `11px ${FAMILY}`;
export const FONT_LABEL = `12px ${FAMILY}`;
export const FONT_TITLE = `600 12.5px ${FAMILY}`;
export const FONT_BOLD = `600 12px ${FAMILY}`;

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export const inside = (r: Rect, px: number, py: number) =>
  px >= r.x && px <= r.x + r.w && py >= r.y && py <= r.y + r.h;

/** A real on-screen/off-screen canvas (not svgcanvas's recorder). */
export function isBitmapContext(ctx: CanvasRenderingContext2D): boolean {
  return typeof CanvasRenderingContext2D !== 'undefined' && ctx instanceof CanvasRenderingContext2D;
}

export interface AxisOptions {
  ticks?: number[];
  count?: number;
  format?: (v: number) => string;
  label?: string;
  /** Draw grid lines across the plot of this length (px). */
  grid?: number;
}

/** Bottom axis at pixel row `y` for a horizontal scale. */
export function axisBottom(
  ctx: CanvasRenderingContext2D,
  x: ScaleLinear<number, number>,
  y: number,
  o: AxisOptions,
) {
  const ticks = o.ticks ?? x.ticks(o.count ?? 6);
  const fmt = o.format ?? x.tickFormat(o.count ?? 6);
  const [r0, r1] = x.range();
  ctx.save();
  if (o.grid) {
    ctx.strokeStyle = pal().grid;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (const t of ticks) {
      const px = Math.round(x(t)) + 0.5;
      ctx.moveTo(px, y);
      ctx.lineTo(px, y - o.grid);
    }
    ctx.stroke();
  }
  ctx.strokeStyle = pal().frame;
  ctx.beginPath();
  ctx.moveTo(Math.min(r0, r1), y + 0.5);
  ctx.lineTo(Math.max(r0, r1), y + 0.5);
  for (const t of ticks) {
    const px = Math.round(x(t)) + 0.5;
    ctx.moveTo(px, y);
    ctx.lineTo(px, y + 4);
  }
  ctx.stroke();
  ctx.fillStyle = pal().muted;
  ctx.font = FONT_TICK;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of ticks) ctx.fillText(fmt(t), x(t), y + 6);
  if (o.label) {
    ctx.font = FONT_LABEL;
    ctx.fillStyle = pal().ink;
    ctx.fillText(o.label, (r0 + r1) / 2, y + 21);
  }
  ctx.restore();
}

/** Left axis at pixel column `x` for a vertical scale; the label is written vertically. */
export function axisLeft(
  ctx: CanvasRenderingContext2D,
  y: ScaleLinear<number, number>,
  x: number,
  o: AxisOptions,
) {
  const ticks = o.ticks ?? y.ticks(o.count ?? 5);
  const fmt = o.format ?? y.tickFormat(o.count ?? 5);
  const [r0, r1] = y.range();
  ctx.save();
  if (o.grid) {
    ctx.strokeStyle = pal().grid;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (const t of ticks) {
      const py = Math.round(y(t)) + 0.5;
      ctx.moveTo(x, py);
      ctx.lineTo(x + o.grid, py);
    }
    ctx.stroke();
  }
  ctx.strokeStyle = pal().frame;
  ctx.beginPath();
  ctx.moveTo(x - 0.5, Math.min(r0, r1));
  ctx.lineTo(x - 0.5, Math.max(r0, r1));
  for (const t of ticks) {
    const py = Math.round(y(t)) + 0.5;
    ctx.moveTo(x, py);
    ctx.lineTo(x - 4, py);
  }
  ctx.stroke();
  ctx.fillStyle = pal().muted;
  ctx.font = FONT_TICK;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  let widest = 0;
  for (const t of ticks) {
    const s = fmt(t);
    widest = Math.max(widest, ctx.measureText(s).width);
    ctx.fillText(s, x - 6, y(t));
  }
  if (o.label) {
    ctx.font = FONT_LABEL;
    ctx.fillStyle = pal().ink;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.translate(x - 10 - widest, (r0 + r1) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText(o.label, 0, 0);
  }
  ctx.restore();
}

/**
 * A vertical colour bar in `r` (bottom = t 0, top = t 1), drawn as thin bands so SVG exports keep it as
 * vector shapes, with tick labels on its right and a title above, wrapped to `titleWidth`.
 */
export function colorBar(
  ctx: CanvasRenderingContext2D,
  r: Rect,
  color: (t: number) => string,
  ticks: { t: number; label: string }[],
  title: string,
  titleWidth = 150,
): void {
  const bands = Math.max(16, Math.min(96, Math.round(r.h / 2)));
  ctx.save();
  for (let k = 0; k < bands; k++) {
    const y0 = r.y + r.h - ((k + 1) * r.h) / bands;
    ctx.fillStyle = color((k + 0.5) / bands);
    ctx.fillRect(r.x, y0, r.w, r.h / bands + 0.6);
  }
  ctx.strokeStyle = pal().frame;
  ctx.lineWidth = 1;
  ctx.strokeRect(r.x + 0.5, r.y + 0.5, r.w - 1, r.h - 1);
  ctx.fillStyle = pal().muted;
  ctx.font = FONT_TICK;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  // tick marks as one path, then the labels (svgcanvas cannot mix text into a path being built)
  ctx.beginPath();
  for (const { t } of ticks) {
    const y = Math.round(r.y + r.h - t * r.h) + 0.5;
    ctx.moveTo(r.x + r.w, y);
    ctx.lineTo(r.x + r.w + 3, y);
  }
  ctx.strokeStyle = pal().frame;
  ctx.stroke();
  for (const { t, label } of ticks) ctx.fillText(label, r.x + r.w + 5, r.y + r.h - t * r.h);
  if (title) {
    ctx.font = FONT_LABEL;
    ctx.fillStyle = pal().ink;
    ctx.textBaseline = 'bottom';
    wrapText(ctx, title, r.x, r.y - 5, titleWidth, 14, true);
  }
  ctx.restore();
}

/** Fill text wrapped at word boundaries to `maxWidth`; `upward` stacks lines above (x, y). Returns line count. */
export function wrapText(
  ctx: CanvasRenderingContext2D,
  text: string,
  x: number,
  y: number,
  maxWidth: number,
  lineHeight: number,
  upward = false,
): number {
  const words = text.split(' ');
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    const next = line ? `${line} ${w}` : w;
    if (line && ctx.measureText(next).width > maxWidth) {
      lines.push(line);
      line = w;
    } else line = next;
  }
  if (line) lines.push(line);
  lines.forEach((l, k) => {
    const dy = upward ? -(lines.length - 1 - k) * lineHeight : k * lineHeight;
    ctx.fillText(l, x, y + dy);
  });
  return lines.length;
}

/** Colour lookup table: 256 RGB triples of an interpolator on [0, 1]. */
export function colorTable(interp: (t: number) => string, n = 256): Uint8ClampedArray {
  const out = new Uint8ClampedArray(n * 3);
  for (let k = 0; k < n; k++) {
    const c = rgb(interp(k / (n - 1)));
    out[3 * k] = c.r;
    out[3 * k + 1] = c.g;
    out[3 * k + 2] = c.b;
  }
  return out;
}

/** Evenly spaced edges 0, 1/n, …, 1 (fractions of a side). */
export function uniformEdges(n: number): Float64Array {
  return Float64Array.from({ length: n + 1 }, (_, k) => k / n);
}

export { cellAt } from './cellRaster';

/**
 * Draw a grid of cells into `r`: column c spans the fractions [xEdges[c], xEdges[c+1]] of the width, row k
 * [yEdges[k], yEdges[k+1]] of the height (top down). `fill(row, col, px, i)` writes RGBA at px[i..i+3].
 * Small grids bound for SVG become rectangles (crisp vectors); everything else is rasterised at the
 * context's resolution (fast, no seams between cells, nearest cell when cells are thinner than a pixel).
 */
export function drawCells(
  ctx: CanvasRenderingContext2D,
  r: Rect,
  xEdges: ArrayLike<number>,
  yEdges: ArrayLike<number>,
  fill: (row: number, col: number, px: Uint8ClampedArray, i: number) => void,
): void {
  const cols = xEdges.length - 1;
  const rows = yEdges.length - 1;
  if (r.w < 1 || r.h < 1 || rows <= 0 || cols <= 0) return;
  if (!isBitmapContext(ctx) && rows * cols <= 6000) {
    const px = new Uint8ClampedArray(4);
    for (let c = 0; c < cols; c++)
      for (let k = 0; k < rows; k++) {
        const x0 = r.x + xEdges[c] * r.w;
        const x1 = r.x + xEdges[c + 1] * r.w;
        const y0 = r.y + yEdges[k] * r.h;
        const y1 = r.y + yEdges[k + 1] * r.h;
        px[3] = 0;
        fill(k, c, px, 0);
        if (px[3] === 0 || !(x1 > x0) || !(y1 > y0)) continue;
        ctx.fillStyle = `rgba(${px[0]},${px[1]},${px[2]},${(px[3] / 255).toFixed(3)})`;
        // a hair of overlap hides anti-aliasing seams between neighbours
        ctx.fillRect(x0, y0, x1 - x0 + 0.3, y1 - y0 + 0.3);
      }
    return;
  }
  const t = typeof ctx.getTransform === 'function' ? ctx.getTransform() : null;
  const scale = Math.min(3, Math.max(1, t ? Math.hypot(t.a, t.b) : 1));
  const W = Math.max(1, Math.round(r.w * scale));
  const H = Math.max(1, Math.round(r.h * scale));
  const canvas = document.createElement('canvas');
  canvas.width = W;
  canvas.height = H;
  const off = canvas.getContext('2d');
  if (!off) return;
  const img = off.createImageData(W, H);
  rasterCells(W, H, xEdges, yEdges, fill, img.data);
  off.putImageData(img, 0, 0);
  ctx.save();
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(canvas, r.x, r.y, r.w, r.h);
  ctx.restore();
}
