// The Compare view's pictures: a pinned run and the current one side by side (or stacked on narrow screens),
// each figure drawn for both with the same axes and the same colour scale, so that what differs is the runs.
// Rows: the trajectories (the fan in the phase plane, or x against s in 1-D), the decision regions over the input
// plane, and the per-unit weight norms over depth. CanvasRenderingContext2D calls only (SVG export records them).
import { rgb, scaleLinear } from 'd3';
import type { PinSnapshot } from '../../compare/pin';
import { classColors, diverging, sequential } from '../common/colors';
import { formatNumber } from '../common/format';
import {
  axisBottom,
  axisLeft,
  drawCells,
  FONT_LABEL,
  FONT_TITLE,
  pal,
  type Rect,
  uniformEdges,
} from '../common/plotKit';
import { paddedExtent } from '../trajectories/model';

export interface Side {
  /** 'pinned: N = 16', 'current run'. */
  title: string;
  snap: PinSnapshot | null;
  /** Colour of the run in the other views (a swatch by the title). */
  color: string;
}

export type Figure = 'trajectories' | 'regions' | 'norms';

/** The figures both sides can show (a figure neither side has is left out). */
export function figuresOf(a: PinSnapshot | null, b: PinSnapshot | null): Figure[] {
  const out: Figure[] = [];
  if (a || b) out.push('trajectories');
  if (a?.grid || b?.grid) out.push('regions');
  if (a?.norms || b?.norms) out.push('norms');
  return out;
}

/** Two panels per figure: side by side when wide enough, else one above the other. */
export function compareLayout(width: number, height: number, figures: number): { a: Rect; b: Rect }[] {
  const stacked = width < 560;
  const gap = 12;
  const rows = Math.max(1, figures) * (stacked ? 2 : 1);
  const rowH = (height - gap * (rows - 1)) / rows;
  const colW = stacked ? width : (width - gap) / 2;
  return Array.from({ length: figures }, (_, f) => {
    const r = stacked ? 2 * f : f;
    const a = { x: 0, y: r * (rowH + gap), w: colW, h: rowH };
    const b = stacked
      ? { x: 0, y: (r + 1) * (rowH + gap), w: colW, h: rowH }
      : { x: colW + gap, y: r * (rowH + gap), w: colW, h: rowH };
    return { a, b };
  });
}

const PAD = { left: 52, right: 14, top: 30, bottom: 40 };

function plotRect(r: Rect): Rect {
  return {
    x: r.x + PAD.left,
    y: r.y + PAD.top,
    w: Math.max(20, r.w - PAD.left - PAD.right),
    h: Math.max(20, r.h - PAD.top - PAD.bottom),
  };
}

function title(ctx: CanvasRenderingContext2D, r: Rect, text: string, color: string) {
  ctx.save();
  ctx.fillStyle = color;
  ctx.fillRect(r.x + 4, r.y + 6, 10, 10);
  ctx.font = FONT_TITLE;
  ctx.fillStyle = pal().ink;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  ctx.fillText(text, r.x + 20, r.y + 5, r.w - 24);
  ctx.restore();
}

function empty(ctx: CanvasRenderingContext2D, r: Rect, text: string) {
  ctx.save();
  ctx.font = FONT_LABEL;
  ctx.fillStyle = pal().muted;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, r.x + r.w / 2, r.y + r.h / 2, r.w - 8);
  ctx.restore();
}

/** One extent over both sides' values (pairs [x, y] at `offset` 0 or 1). */
function sharedExtent(sides: (PinSnapshot | null)[], pick: (s: PinSnapshot) => Iterable<number>) {
  const all: number[] = [];
  for (const s of sides) if (s) for (const v of pick(s)) if (Number.isFinite(v)) all.push(v);
  return paddedExtent(all);
}

function* every(a: readonly number[], offset: number): Iterable<number> {
  for (let i = offset; i < a.length; i += 2) yield a[i];
}

function drawTrajectories(
  ctx: CanvasRenderingContext2D,
  r: Rect,
  side: Side,
  x: ReturnType<typeof scaleLinear<number, number>>,
  y: ReturnType<typeof scaleLinear<number, number>>,
) {
  title(ctx, r, side.title, side.color);
  const s = side.snap;
  const p = plotRect(r);
  if (!s) return empty(ctx, p, 'No snapshot kept');
  const line = s.mode === 'line';
  axisBottom(ctx, x, p.y + p.h, { count: 5, label: line ? 'depth s = n/N' : 'x₁', grid: p.h });
  axisLeft(ctx, y, p.x, { count: 5, label: line ? 'x' : 'x₂', grid: p.w });
  ctx.save();
  ctx.beginPath();
  ctx.rect(p.x, p.y, p.w, p.h);
  ctx.clip();
  ctx.lineWidth = 1.3;
  const L = s.s.length;
  for (let i = 0; i < s.F; i++) {
    ctx.strokeStyle = s.colors[i];
    ctx.beginPath();
    for (let n = 0; n < L; n++) {
      const k = 2 * (n * s.F + i);
      const px = x(s.xy[k]);
      const py = y(s.xy[k + 1]);
      if (n === 0) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    }
    ctx.stroke();
  }
  ctx.restore();
  ctx.strokeStyle = pal().frame;
  ctx.strokeRect(p.x + 0.5, p.y + 0.5, p.w - 1, p.h - 1);
  if (s.d > 2) {
    ctx.font = FONT_LABEL;
    ctx.fillStyle = pal().muted;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'top';
    ctx.fillText(`first 2 of ${s.d} coordinates`, p.x + p.w - 4, p.y + 4);
  }
}

function setRgb(px: Uint8ClampedArray, i: number, color: string) {
  const c = rgb(color);
  px[i] = c.r;
  px[i + 1] = c.g;
  px[i + 2] = c.b;
  px[i + 3] = 255;
}

function gridColor(kind: 'probability' | 'class' | 'value', v: number, range: number): string {
  if (!Number.isFinite(v)) return '#e8eaed';
  if (kind === 'probability') return diverging(2 * v - 1);
  if (kind === 'class') return classColors[Math.round(v) % classColors.length];
  return diverging(v / (range || 1));
}

function drawRegions(
  ctx: CanvasRenderingContext2D,
  r: Rect,
  side: Side,
  x: ReturnType<typeof scaleLinear<number, number>>,
  y: ReturnType<typeof scaleLinear<number, number>>,
  range: number,
) {
  title(ctx, r, side.title, side.color);
  const p = plotRect(r);
  const g = side.snap?.grid;
  if (!g) return empty(ctx, p, 'No decision regions (inputs are not 2-D)');
  axisBottom(ctx, x, p.y + p.h, { count: 5, label: 'input x₁' });
  axisLeft(ctx, y, p.x, { count: 5, label: 'input x₂' });
  // the grid's own box inside the shared axes
  const box = { x: x(g.x0), y: y(g.y1), w: x(g.x1) - x(g.x0), h: y(g.y0) - y(g.y1) };
  drawCells(ctx, box, uniformEdges(g.nx), uniformEdges(g.ny), (row, col, px, i) =>
    // row 0 is the top of the box: the grid's last row (largest x₂)
    setRgb(px, i, gridColor(g.kind, g.values[(g.ny - 1 - row) * g.nx + col], range)),
  );
  ctx.strokeStyle = pal().frame;
  ctx.strokeRect(p.x + 0.5, p.y + 0.5, p.w - 1, p.h - 1);
}

function drawNorms(ctx: CanvasRenderingContext2D, r: Rect, side: Side, max: number) {
  title(ctx, r, side.title, side.color);
  const p = plotRect(r);
  const m = side.snap?.norms;
  if (!m) return empty(ctx, p, 'No weight map kept');
  drawCells(ctx, p, uniformEdges(m.cols), uniformEdges(m.rows), (row, col, px, i) => {
    const v = m.values[row * m.cols + col];
    setRgb(px, i, Number.isFinite(v) ? sequential(v / (max || 1)) : '#e8eaed');
  });
  const s = scaleLinear()
    .domain([0, 1])
    .range([p.y, p.y + p.h]);
  axisLeft(ctx, s, p.x, { ticks: [0, 0.5, 1], format: (v) => String(v), label: 'depth s' });
  ctx.save();
  ctx.font = FONT_LABEL;
  ctx.fillStyle = pal().ink;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  let at = p.x;
  for (const b of m.blocks) {
    const w = (b.count / m.cols) * p.w;
    ctx.fillText(b.label, at + w / 2, p.y + p.h + 6, Math.max(10, w - 2));
    at += w;
  }
  ctx.fillStyle = pal().muted;
  ctx.fillText(`colour: 0 … ${formatNumber(max)} (both)`, p.x + p.w / 2, p.y + p.h + 22, p.w);
  ctx.restore();
  ctx.strokeStyle = pal().frame;
  ctx.strokeRect(p.x + 0.5, p.y + 0.5, p.w - 1, p.h - 1);
}

/** Draw every figure for both sides with shared axes and colour scales. */
export function drawCompare(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  a: Side,
  b: Side,
): void {
  ctx.save();
  ctx.fillStyle = pal().bg;
  ctx.fillRect(0, 0, width, height);
  const figures = figuresOf(a.snap, b.snap);
  if (!figures.length) {
    empty(ctx, { x: 0, y: 0, w: width, h: height }, 'Neither run has a snapshot yet: train a few steps');
    ctx.restore();
    return;
  }
  const layout = compareLayout(width, height, figures.length);
  const sides = [a.snap, b.snap];
  figures.forEach((f, k) => {
    const { a: ra, b: rb } = layout[k];
    if (f === 'trajectories') {
      // one pair of axes for both (when both are the same kind of plot; else each its own)
      const same = !a.snap || !b.snap || a.snap.mode === b.snap.mode;
      for (const [side, r] of [
        [a, ra],
        [b, rb],
      ] as const) {
        const list = same ? sides : [side.snap];
        const p = plotRect(r);
        drawTrajectories(
          ctx,
          r,
          side,
          scaleLinear()
            .domain(sharedExtent(list, (s) => every(s.xy, 0)))
            .range([p.x, p.x + p.w]),
          scaleLinear()
            .domain(sharedExtent(list, (s) => every(s.xy, 1)))
            .range([p.y + p.h, p.y]),
        );
      }
    } else if (f === 'regions') {
      const grids = [a.snap?.grid, b.snap?.grid].filter((g) => !!g);
      const xs: [number, number] = [Math.min(...grids.map((g) => g.x0)), Math.max(...grids.map((g) => g.x1))];
      const ys: [number, number] = [Math.min(...grids.map((g) => g.y0)), Math.max(...grids.map((g) => g.y1))];
      let range = 0;
      for (const g of grids)
        if (g.kind === 'value')
          for (const v of g.values) if (Number.isFinite(v)) range = Math.max(range, Math.abs(v));
      for (const [side, r] of [
        [a, ra],
        [b, rb],
      ] as const) {
        const p = plotRect(r);
        drawRegions(
          ctx,
          r,
          side,
          scaleLinear()
            .domain(xs)
            .range([p.x, p.x + p.w]),
          scaleLinear()
            .domain(ys)
            .range([p.y + p.h, p.y]),
          range,
        );
      }
    } else {
      let max = 0;
      for (const s of sides)
        if (s?.norms) for (const v of s.norms.values) if (Number.isFinite(v)) max = Math.max(max, v);
      drawNorms(ctx, ra, a, max);
      drawNorms(ctx, rb, b, max);
    }
  });
  ctx.restore();
}
