// Drawing the trajectory plot: one static draw (regions, trajectories, ODE overlay, crossings, targets, axes,
// legend) shared by the screen and the PNG/SVG exports, plus a light overlay redrawn every animation frame
// (particles flowing through depth, the hovered trajectory).
import { color as d3color, type ScaleLinear, scaleLinear } from 'd3';
import { diverging } from '../common/colors';
import { formatNumber } from '../common/format';
import {
  axisBottom,
  axisLeft,
  colorBar,
  FONT_LABEL,
  FONT_TICK,
  FONT_TITLE,
  isBitmapContext,
  pal,
  type Rect,
} from '../common/plotKit';
import { textWidth } from '../common/textWidth';
import { KEY_LINE, KEY_SWATCH, layoutLegendKeys } from './legend';
import { formatPercent, type TrajModel } from './model';

export interface TrajOptions {
  showOde: boolean;
  highlightCrossings: boolean;
  regions: boolean;
  step: number;
}

export interface TrajGeom {
  width: number;
  height: number;
  plot: Rect;
  legend: Rect;
  /** Narrow canvas (a phone): the legend sits under the plot and the verdict under the title. */
  below: boolean;
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
}

const REGION_ALPHA = 0.42;

/** Below this canvas width the legend goes under the plot: beside it, it would leave the plot ~150 px wide. */
export const LEGEND_BELOW_WIDTH = 560;
/** Room a colour bar takes under the plot: its title above, the bar, a gap (and its column's width). */
const BAR_BLOCK = 34 + 56 + 8;
const BAR_COL = 140;

const ODE_LABEL = 'neural ODE x(s)';

/** The width of a legend label (the same measure in the geometry and the drawing). */
const labelWidth = (text: string) => textWidth(text, FONT_TICK);

/**
 * The labels of the legend's keys, in order. With `opts`, those shown; without, every one the model's options
 * might turn on, so that the geometry, which hit-testing shares, does not depend on the toggles.
 */
export function legendLabels(model: TrajModel, opts?: TrajOptions): string[] {
  const labels = model.legend.kind === 'classes' ? model.legend.entries.map((e) => e.label) : [];
  labels.push('ResNet x_n');
  if (model.odeXy && (!opts || opts.showOde)) labels.push(ODE_LABEL);
  if (model.mode !== 'line') labels.push('input x_0', 'output x_S');
  if (model.targets?.some((t) => Number.isFinite(t.y))) labels.push(model.targetNote);
  if (model.crossings && model.crossings.count > 0 && (!opts || opts.highlightCrossings))
    labels.push('crossing');
  return labels;
}

/** The legend's keys and colour bars the model can show. */
export function legendCounts(model: TrajModel): { keys: number; bars: number } {
  const bars = (model.legend.kind === 'continuous' ? 1 : 0) + (model.grid ? 1 : 0);
  return { keys: legendLabels(model).length, bars };
}

/** Height of the legend laid out under the plot in `w` px: the keys' rows, then the colour bars side by side. */
export function legendBelowHeight(model: TrajModel, w: number): number {
  const { bars } = legendCounts(model);
  return layoutLegendKeys(legendLabels(model), w, 'grid', labelWidth).height + (bars ? BAR_BLOCK : 0) + 6;
}

/**
 * The legend's width beside the plot: about a fifth of the canvas, or wider (up to a quarter) when that puts
 * every label on one line; otherwise the long labels wrap (layoutLegendKeys).
 */
function legendBesideWidth(model: TrajModel, width: number): number {
  const base = Math.min(150, Math.max(104, width * 0.19));
  const widest = legendLabels(model).reduce((m, l) => Math.max(m, labelWidth(l)), 0);
  const want = KEY_SWATCH + widest + 2;
  return Math.round(want <= width * 0.25 ? Math.max(base, want) : base);
}

export function trajGeometry(width: number, height: number, model: TrajModel): TrajGeom {
  const below = width < LEGEND_BELOW_WIDTH;
  const legendW = below ? width - 16 : legendBesideWidth(model, width);
  const legendH = below ? legendBelowHeight(model, legendW) : 0;
  // narrow: the crossing verdict takes a second title line
  const plot: Rect = { x: 62, y: below ? 50 : 34, w: 0, h: 0 };
  plot.w = Math.max(40, width - plot.x - (below ? 12 : legendW + 18));
  plot.h = Math.max(40, height - plot.y - 46 - legendH);
  let [x0, x1] = model.xDomain;
  let [y0, y1] = model.yDomain;
  if (model.equalAspect) {
    // same length per unit on both axes: grow the tighter domain around its centre
    const k = Math.min(plot.w / (x1 - x0), plot.h / (y1 - y0));
    const cx = (x0 + x1) / 2;
    const cy = (y0 + y1) / 2;
    [x0, x1] = [cx - plot.w / k / 2, cx + plot.w / k / 2];
    [y0, y1] = [cy - plot.h / k / 2, cy + plot.h / k / 2];
  }
  return {
    width,
    height,
    plot,
    legend: below
      ? { x: 8, y: plot.y + plot.h + 44, w: legendW, h: legendH }
      : { x: plot.x + plot.w + 16, y: plot.y, w: legendW, h: plot.h },
    below,
    x: scaleLinear()
      .domain([x0, x1])
      .range([plot.x, plot.x + plot.w]),
    y: scaleLinear()
      .domain([y0, y1])
      .range([plot.y + plot.h, plot.y]),
  };
}

/** Screen coordinates of plot coordinates [k][2]. */
export function toScreen(g: TrajGeom, xy: Float64Array): Float64Array {
  // the scales are linear: one multiply-add per coordinate (a d3 scale call per point cost ~100 ms at depth 2048)
  const [ax, bx] = affine(g.x);
  const [ay, by] = affine(g.y);
  const out = new Float64Array(xy.length);
  for (let p = 0; p < xy.length; p += 2) {
    out[p] = ax * xy[p] + bx;
    out[p + 1] = ay * xy[p + 1] + by;
  }
  return out;
}

/** Slope and offset of a linear scale (exact for scaleLinear without clamping). */
function affine(s: ScaleLinear<number, number>): [number, number] {
  const [d0, d1] = s.domain();
  const [r0, r1] = s.range();
  const a = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return [a, d1 === d0 ? (r0 + r1) / 2 : r0 - a * d0];
}

/** Short status of the crossing check, used on screen and in exports. */
export function crossingText(model: TrajModel): { text: string; bad: boolean } {
  const c = model.crossings;
  if (!c) return { text: `crossings checked only for d ≤ 2 (d = ${model.d})`, bad: false };
  if (c.count === 0) return { text: 'no crossings', bad: false };
  return {
    text: `${c.count} crossing${c.count === 1 ? '' : 's'} (${c.pairs} pair${c.pairs === 1 ? '' : 's'}): not an ODE flow`,
    bad: true,
  };
}

function clipTo(ctx: CanvasRenderingContext2D, r: Rect) {
  ctx.beginPath();
  ctx.rect(r.x, r.y, r.w, r.h);
  ctx.clip();
}

/**
 * One trajectory as a path of screen points. Points within half a pixel of the last one drawn are skipped (the
 * last point of a run always drawn): a deep net has thousands of layers per line, and rasterising them all is
 * what made a redraw take hundreds of milliseconds, for no visible difference.
 */
function polyline(ctx: CanvasRenderingContext2D, s: Float64Array, L: number, F: number, i: number) {
  ctx.beginPath();
  let pen = false;
  let [lx, ly] = [0, 0];
  let skipped = false;
  for (let n = 0; n < L; n++) {
    const x = s[2 * (n * F + i)];
    const y = s[2 * (n * F + i) + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      if (pen && skipped) ctx.lineTo(s[2 * ((n - 1) * F + i)], s[2 * ((n - 1) * F + i) + 1]);
      pen = false;
      continue;
    }
    if (pen && Math.abs(x - lx) < 0.5 && Math.abs(y - ly) < 0.5 && n < L - 1) {
      skipped = true;
      continue;
    }
    if (pen) ctx.lineTo(x, y);
    else ctx.moveTo(x, y);
    [lx, ly] = [x, y];
    pen = true;
    skipped = false;
  }
  ctx.stroke();
}

function darker(c: string, k: number): string {
  return d3color(c)?.darker(k).formatRgb() ?? c;
}

function drawRegions(ctx: CanvasRenderingContext2D, g: TrajGeom, model: TrajModel) {
  const grid = model.grid;
  if (!grid) return;
  const { nx, ny, values } = grid;
  let scale = 1;
  const probability = model.gridIsProbability;
  if (!probability) for (const v of values) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
  const colorOf = (v: number) => (probability ? diverging(2 * v - 1) : diverging(v / scale));
  // draw in input coordinates: screen = scales ∘ E, so the image lands where x_0 = E x lies
  const E = model.gridMap;
  const ax = g.x(1) - g.x(0);
  const ay = g.y(1) - g.y(0);
  ctx.save();
  clipTo(ctx, g.plot);
  ctx.transform(ax * E[0], ay * E[2], ax * E[1], ay * E[3], g.x(0), g.y(0));
  // row 0 of the image is the grid's first row (y0): the flip of the y scale puts it at the bottom
  const r = { x: grid.x0, y: grid.y0, w: grid.x1 - grid.x0, h: grid.y1 - grid.y0 };
  ctx.globalAlpha = REGION_ALPHA;
  if (isBitmapContext(ctx)) {
    // a smooth field: draw the grid at its own resolution and let the canvas interpolate
    const c = document.createElement('canvas');
    c.width = nx;
    c.height = ny;
    const off = c.getContext('2d');
    if (off) {
      const img = off.createImageData(nx, ny);
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++) {
          const rgb = d3color(colorOf(values[j * nx + i]))?.rgb();
          const o = 4 * (j * nx + i);
          img.data[o] = rgb?.r ?? 255;
          img.data[o + 1] = rgb?.g ?? 255;
          img.data[o + 2] = rgb?.b ?? 255;
          img.data[o + 3] = Number.isFinite(values[j * nx + i]) ? 255 : 0;
        }
      off.putImageData(img, 0, 0);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(c, r.x, r.y, r.w, r.h);
    }
  } else {
    // SVG: one rectangle per cell (GRID² at most, src/run/snapshot.ts), slightly overlapping to hide seams
    const cw = r.w / nx;
    const ch = r.h / ny;
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const v = values[j * nx + i];
        if (!Number.isFinite(v)) continue;
        ctx.fillStyle = colorOf(v);
        ctx.fillRect(r.x + i * cw, r.y + j * ch, cw * 1.02, ch * 1.02);
      }
  }
  ctx.restore();
}

/** The whole static figure. `model` null draws the frame with `message`. */
export function drawTrajectories(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  model: TrajModel | null,
  opts: TrajOptions,
  message = 'No run yet',
): void {
  ctx.save();
  ctx.fillStyle = pal().bg;
  ctx.fillRect(0, 0, width, height);
  if (!model) {
    ctx.fillStyle = pal().muted;
    ctx.font = FONT_LABEL;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(message, width / 2, height / 2);
    ctx.restore();
    return;
  }
  const g = trajGeometry(width, height, model);
  const { plot } = g;
  const { L, F } = model;

  if (opts.regions && model.grid) drawRegions(ctx, g, model);

  // axes with grid lines (under the data)
  axisBottom(ctx, g.x, plot.y + plot.h, {
    count: Math.max(3, Math.round(plot.w / 80)),
    label: model.xLabel,
    grid: opts.regions && model.grid ? 0 : plot.h,
  });
  axisLeft(ctx, g.y, plot.x, {
    count: Math.max(3, Math.round(plot.h / 50)),
    label: model.yLabel,
    grid: opts.regions && model.grid ? 0 : plot.w,
  });

  const screen = toScreen(g, model.xy);
  const faded = opts.highlightCrossings && !!model.crossings && model.crossings.count > 0;
  const width1 = F <= 32 ? 1.6 : F <= 80 ? 1.2 : 0.9;

  ctx.save();
  clipTo(ctx, plot);
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  // ResNet trajectories; with crossings highlighted, the ones that never cross step back
  for (let i = 0; i < F; i++) {
    const involved = !faded || model.crossings!.involved[i] === 1;
    ctx.globalAlpha = involved ? 0.92 : 0.28;
    ctx.strokeStyle = model.colors[i];
    ctx.lineWidth = width1;
    polyline(ctx, screen, L, F, i);
  }
  // the interpolated neural ODE, dashed, a shade darker so it reads over its ResNet twin
  if (opts.showOde && model.odeXy) {
    const ode = toScreen(g, model.odeXy);
    ctx.setLineDash([5, 4]);
    ctx.globalAlpha = 0.8;
    ctx.lineWidth = Math.max(0.9, width1 - 0.5);
    for (let i = 0; i < F; i++) {
      ctx.strokeStyle = darker(model.colors[i], 1.4);
      polyline(ctx, ode, L, F, i);
    }
    ctx.setLineDash([]);
  }
  ctx.globalAlpha = 1;

  // data points: inputs x_0 (filled) and outputs x_S (rings) in the plane modes
  if (model.mode !== 'line') {
    const r0 = F > 100 ? 2.6 : 3.4;
    for (let i = 0; i < F; i++) {
      const x = screen[2 * i];
      const y = screen[2 * i + 1];
      ctx.beginPath();
      ctx.arc(x, y, r0, 0, 2 * Math.PI);
      ctx.fillStyle = model.colors[i];
      ctx.fill();
      ctx.strokeStyle = pal().halo;
      ctx.lineWidth = 1;
      ctx.stroke();
      const e = 2 * ((L - 1) * F + i);
      ctx.beginPath();
      ctx.arc(screen[e], screen[e + 1], r0 - 0.6, 0, 2 * Math.PI);
      ctx.strokeStyle = darker(model.colors[i], 0.8);
      ctx.lineWidth = 1.4;
      ctx.stroke();
    }
  }

  // 1-D targets at the last layer
  if (model.targets) {
    for (const t of model.targets) {
      if (!Number.isFinite(t.y)) continue;
      const x = g.x(t.x);
      const y = g.y(t.y);
      ctx.beginPath();
      ctx.moveTo(x, y - 4.5);
      ctx.lineTo(x + 4.5, y);
      ctx.lineTo(x, y + 4.5);
      ctx.lineTo(x - 4.5, y);
      ctx.closePath();
      ctx.fillStyle = t.color;
      ctx.fill();
      ctx.strokeStyle = pal().ink;
      ctx.lineWidth = 0.8;
      ctx.stroke();
    }
  }

  // crossing points
  if (opts.highlightCrossings && model.crossingXy.length) {
    const max = Math.min(model.crossingXy.length / 2, 1500);
    for (let k = 0; k < max; k++) {
      const x = g.x(model.crossingXy[2 * k]);
      const y = g.y(model.crossingXy[2 * k + 1]);
      ctx.beginPath();
      ctx.arc(x, y, 3.6, 0, 2 * Math.PI);
      ctx.strokeStyle = pal().halo;
      ctx.lineWidth = 3;
      ctx.stroke();
      ctx.strokeStyle = pal().cross;
      ctx.lineWidth = 1.6;
      ctx.stroke();
    }
  }
  ctx.restore();

  // frame
  ctx.strokeStyle = pal().frame;
  ctx.lineWidth = 1;
  ctx.strokeRect(plot.x + 0.5, plot.y + 0.5, plot.w - 1, plot.h - 1);

  // title line: what is drawn and the verdict of the crossing check
  ctx.textBaseline = 'alphabetic';
  ctx.textAlign = 'left';
  ctx.font = FONT_TITLE;
  ctx.fillStyle = pal().ink;
  ctx.fillText(trajTitle(model, opts.step), plot.x, 20);
  const verdict = crossingText(model);
  ctx.font = FONT_LABEL;
  ctx.textAlign = g.below ? 'left' : 'right';
  ctx.fillStyle = model.crossings ? (verdict.bad ? pal().cross : pal().ok) : pal().muted;
  if (g.below) ctx.fillText(verdict.text, plot.x, 38);
  else ctx.fillText(verdict.text, plot.x + plot.w, 20);

  drawLegend(ctx, g, model, opts);
  ctx.restore();
}

function drawLegend(ctx: CanvasRenderingContext2D, g: TrajGeom, model: TrajModel, opts: TrajOptions) {
  const { legend: r } = g;
  ctx.save();
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  const lineKey = (dash: number[], stroke: string) => (x: number, yy: number) => {
    ctx.setLineDash(dash);
    ctx.strokeStyle = stroke;
    ctx.lineWidth = 1.8;
    ctx.beginPath();
    ctx.moveTo(x - 8, yy);
    ctx.lineTo(x + 9, yy);
    ctx.stroke();
    ctx.setLineDash([]);
  };
  // each label's swatch (legendLabels lists the labels in this order)
  const swatches: ((x: number, y: number) => void)[] = [];
  if (model.legend.kind === 'classes')
    for (const e of model.legend.entries)
      swatches.push((x, yy) => {
        ctx.fillStyle = e.color;
        ctx.fillRect(x - 6, yy - 5, 12, 10);
      });
  swatches.push(lineKey([], pal().line));
  if (opts.showOde && model.odeXy) swatches.push(lineKey([5, 4], pal().ink));
  if (model.mode !== 'line')
    swatches.push(
      (x, yy) => {
        ctx.beginPath();
        ctx.arc(x, yy, 3.4, 0, 2 * Math.PI);
        ctx.fillStyle = pal().line;
        ctx.fill();
      },
      (x, yy) => {
        ctx.beginPath();
        ctx.arc(x, yy, 3, 0, 2 * Math.PI);
        ctx.strokeStyle = pal().line;
        ctx.lineWidth = 1.4;
        ctx.stroke();
      },
    );
  if (model.targets?.some((t) => Number.isFinite(t.y)))
    swatches.push((x, yy) => {
      ctx.beginPath();
      ctx.moveTo(x, yy - 4.5);
      ctx.lineTo(x + 4.5, yy);
      ctx.lineTo(x, yy + 4.5);
      ctx.lineTo(x - 4.5, yy);
      ctx.closePath();
      ctx.fillStyle = pal().ref;
      ctx.fill();
      ctx.strokeStyle = pal().ink;
      ctx.lineWidth = 0.8;
      ctx.stroke();
    });
  if (opts.highlightCrossings && model.crossings && model.crossings.count > 0)
    swatches.push((x, yy) => {
      ctx.beginPath();
      ctx.arc(x, yy, 3.6, 0, 2 * Math.PI);
      ctx.strokeStyle = pal().cross;
      ctx.lineWidth = 1.6;
      ctx.stroke();
    });
  // under the plot the keys fill columns row by row; beside it, one column; long labels wrap
  const layout = layoutLegendKeys(legendLabels(model, opts), r.w, g.below ? 'grid' : 'column', labelWidth);
  layout.keys.forEach((k, i) => {
    const x0 = r.x + k.x;
    const y0 = r.y + k.y;
    swatches[i]?.(x0 + 9, y0);
    ctx.font = FONT_TICK;
    ctx.fillStyle = pal().ink;
    for (const [j, line] of k.lines.entries()) ctx.fillText(line, x0 + KEY_SWATCH, y0 + j * KEY_LINE);
  });
  let y = r.y + 4 + layout.height;

  // colour bars: the input colouring, then the decision regions
  const bars: { color: (t: number) => string; ticks: { t: number; label: string }[]; title: string }[] = [];
  if (model.legend.kind === 'continuous') {
    const { lo, hi, title, color, integer } = model.legend;
    const mid = integer ? Math.round((lo + hi) / 2) : (lo + hi) / 2;
    bars.push({
      color,
      title,
      ticks: [
        { t: 0, label: formatNumber(lo) },
        { t: (mid - lo) / (hi - lo || 1), label: formatNumber(mid) },
        { t: 1, label: formatNumber(hi) },
      ],
    });
  }
  if (opts.regions && model.grid) {
    const probability = model.gridIsProbability;
    let scale = 1;
    if (!probability)
      for (const v of model.grid.values) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
    bars.push({
      color: (t) => blendBg(diverging(2 * t - 1), REGION_ALPHA),
      title: probability ? 'regions: P(class 1)' : 'regions: output',
      ticks: probability
        ? [
            { t: 0, label: '0' },
            { t: 0.5, label: '0.5' },
            { t: 1, label: '1' },
          ]
        : [
            { t: 0, label: formatNumber(-scale) },
            { t: 0.5, label: '0' },
            { t: 1, label: formatNumber(scale) },
          ],
    });
  }
  if (g.below) {
    // side by side under the keys, each in a column of its own (its title wraps within it)
    const barTop = y + 34 - 4;
    bars.forEach((b, i) => {
      colorBar(
        ctx,
        { x: r.x + 4 + i * BAR_COL, y: barTop, w: 12, h: BAR_BLOCK - 42 },
        b.color,
        b.ticks,
        b.title,
        BAR_COL - 12,
      );
    });
    ctx.restore();
    return;
  }
  const room = r.y + r.h - y - 10;
  const barH = Math.min(110, (room - bars.length * 40) / Math.max(1, bars.length));
  for (const b of bars) {
    if (barH < 24) break;
    y += 34;
    colorBar(ctx, { x: r.x + 4, y, w: 12, h: barH }, b.color, b.ticks, b.title, r.w - 4);
    y += barH + 8;
  }
  ctx.restore();
}

/** A colour as it looks drawn at `alpha` over the plot's background (legends of translucent layers). */
function blendBg(c: string, alpha: number): string {
  const rgb = d3color(c)?.rgb();
  const bg = d3color(pal().bg)?.rgb();
  if (!rgb || !bg) return c;
  const m = (v: number, b: number) => Math.round(b + alpha * (v - b));
  return `rgb(${m(rgb.r, bg.r)},${m(rgb.g, bg.g)},${m(rgb.b, bg.b)})`;
}

export interface OverlayState {
  /** Fraction of depth the particles are at, or null for no particles. */
  phase: number | null;
  hover: { i: number; u: number } | null;
}

/** Particles and the hovered trajectory over the static figure (transparent background). */
export function drawOverlay(
  ctx: CanvasRenderingContext2D,
  g: TrajGeom,
  model: TrajModel,
  screen: Float64Array,
  state: OverlayState,
): void {
  const { L, F } = model;
  ctx.save();
  clipTo(ctx, { x: g.plot.x - 6, y: g.plot.y - 6, w: g.plot.w + 12, h: g.plot.h + 12 });
  const at = (i: number, u: number): [number, number] => {
    const c = Math.min(Math.max(u, 0), L - 1);
    const n = Math.min(Math.floor(c), Math.max(0, L - 2));
    const t = L > 1 ? c - n : 0;
    const a = 2 * (n * F + i);
    const b = 2 * (Math.min(n + 1, L - 1) * F + i);
    return [screen[a] + t * (screen[b] - screen[a]), screen[a + 1] + t * (screen[b + 1] - screen[a + 1])];
  };
  if (state.hover) {
    const { i, u } = state.hover;
    ctx.lineJoin = 'round';
    ctx.strokeStyle = pal().halo;
    ctx.lineWidth = 5;
    polyline(ctx, screen, L, F, i);
    ctx.strokeStyle = darker(model.colors[i], 0.6);
    ctx.lineWidth = 2.6;
    polyline(ctx, screen, L, F, i);
    const [x, y] = at(i, u);
    ctx.beginPath();
    ctx.arc(x, y, 4.5, 0, 2 * Math.PI);
    ctx.fillStyle = pal().halo;
    ctx.fill();
    ctx.strokeStyle = pal().ink;
    ctx.lineWidth = 1.5;
    ctx.stroke();
  }
  if (state.phase !== null && L > 1) {
    const u = state.phase * (L - 1);
    // particles: a dark ring tells them apart from the data points (white ring)
    const r = F > 100 ? 2.2 : 2.9;
    for (let i = 0; i < F; i++) {
      const [x, y] = at(i, u);
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      ctx.beginPath();
      ctx.arc(x, y, r, 0, 2 * Math.PI);
      ctx.fillStyle = model.colors[i];
      ctx.fill();
      ctx.strokeStyle = pal().ink;
      ctx.lineWidth = 1.1;
      ctx.stroke();
    }
  }
  ctx.restore();
}

/** The plot's title line: what is drawn and the training step of the snapshot it shows (also its aria-label). */
export function trajTitle(model: TrajModel, step: number): string {
  return model.mode === 'line'
    ? `x_n over depth · step ${step}`
    : model.mode === 'plane'
      ? `Phase plane · step ${step}`
      : `PCA of ${model.d} dims, ${formatPercent(model.pca?.explained ?? 0)} variance · step ${step}`;
}
