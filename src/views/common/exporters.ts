// Exports shared by every plot: the same draw function renders to a PNG (canvas) and to an SVG (svgcanvas
// records canvas calls as SVG), and the plot's data goes out as CSV. Views draw through `Draw` so one code
// path serves the screen and both file formats. The caption strip and the file's background take the current
// theme's plot colours (theme.css --plot-*), as the plot itself does: a dark-theme export is dark throughout.
import { Context as SvgContext } from 'svgcanvas';
import type { Palette } from '../../app/theme-logic';
import { plotPalette } from '../../state/theme';
import { type Caption, captionText, wrapText } from './caption';
import { addPngText } from './png-text';

export type Draw = (ctx: CanvasRenderingContext2D, width: number, height: number) => void;

/** Caption type: 12 px text, a bold title line; the link in the muted colour. */
const CAPTION_FONT = '12px system-ui, -apple-system, "Segoe UI", sans-serif';
const CAPTION_TITLE_FONT = `600 ${CAPTION_FONT}`;
const LINE = 16;
const PAD = 8;
/** Lines per part at most (a custom-points link can run to thousands of characters: the metadata keeps it). */
const MAX_LINES = { title: 1, settings: 3, note: 2, link: 3 };

export type CaptionPart = 'title' | 'settings' | 'note' | 'link';

export interface CaptionLine {
  text: string;
  font: string;
  part: CaptionPart;
}

/** The strip's colours: its background, the hairline above it, and the text of each part. */
export interface CaptionColors {
  bg: string;
  rule: string;
  text: Record<CaptionPart, string>;
}

/** The caption's colours in a theme: the plot's own background, frame, ink and muted text (theme.css). */
export function captionColors(p: Palette): CaptionColors {
  return { bg: p.bg, rule: p.frame, text: { title: p.ink, settings: p.ink, note: p.ink, link: p.muted } };
}

export interface CaptionLayout {
  lines: CaptionLine[];
  /** CSS px the strip takes under the plot. */
  height: number;
}

/** The caption's lines wrapped to `width` (CSS px) with `measure`, and the strip's height. */
export function layoutCaption(
  caption: Caption,
  width: number,
  measure: (text: string, font: string) => number,
): CaptionLayout {
  const inner = Math.max(40, width - 2 * PAD);
  const lines = (['title', 'settings', 'note', 'link'] as const).flatMap((part) => {
    const font = part === 'title' ? CAPTION_TITLE_FONT : CAPTION_FONT;
    return wrapText(caption[part] ?? '', inner, (s) => measure(s, font), MAX_LINES[part]).map(
      (text): CaptionLine => ({ text, font, part }),
    );
  });
  return { lines, height: lines.length * LINE + 2 * PAD };
}

/** The caption strip at y (CSS px): the background, a hairline above, the lines. */
export function drawCaption(
  ctx: CanvasRenderingContext2D,
  layout: CaptionLayout,
  y: number,
  width: number,
  colors: CaptionColors,
) {
  ctx.save();
  ctx.fillStyle = colors.bg;
  ctx.fillRect(0, y, width, layout.height);
  ctx.fillStyle = colors.rule;
  ctx.fillRect(0, y, width, 1);
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  layout.lines.forEach((l, i) => {
    ctx.font = l.font;
    ctx.fillStyle = colors.text[l.part];
    ctx.fillText(l.text, PAD, y + PAD + i * LINE + 2);
  });
  ctx.restore();
}

function measureWith(ctx: CanvasRenderingContext2D) {
  return (text: string, font: string) => {
    ctx.font = font;
    return ctx.measureText(text).width;
  };
}

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** `svg` with <title> and <desc> as the root's first children (screen readers, file browsers, search). */
export function withSvgTitle(svg: string, title: string, desc: string): string {
  const open = svg.search(/<svg[\s>]/);
  const end = open < 0 ? -1 : svg.indexOf('>', open);
  if (end < 0) return svg;
  const meta = `<title>${escapeXml(title)}</title><desc>${escapeXml(desc)}</desc>`;
  return svg.slice(0, end + 1) + meta + svg.slice(end + 1);
}

/**
 * Render `draw` at CSS size (width, height) into an SVG document string, with the caption under it in the
 * current theme's colours.
 */
export function renderSvg(draw: Draw, width: number, height: number, caption?: Caption): string {
  if (!caption) {
    const ctx = new SvgContext({ width, height }) as unknown as CanvasRenderingContext2D & SvgContext;
    draw(ctx, width, height);
    return ctx.getSerializedSvg(true);
  }
  const probe = document.createElement('canvas').getContext('2d');
  const layout = layoutCaption(caption, width, probe ? measureWith(probe) : (t) => t.length * 7);
  const total = height + layout.height;
  const ctx = new SvgContext({ width, height: total }) as unknown as CanvasRenderingContext2D & SvgContext;
  draw(ctx, width, height);
  drawCaption(ctx, layout, height, width, captionColors(plotPalette()));
  return withSvgTitle(ctx.getSerializedSvg(true), caption.title, captionText(caption));
}

/**
 * Draw one frame into `canvas`: the theme's plot background, the plot at CSS size (width, height) × `scale`, the
 * caption strip under it in the theme's colours (the current theme's unless `colors` is given). `captionHeight`:
 * the strip's height instead of the caption's own (a recording keeps its first frame's size; a caption that
 * grows is cut). Returns the strip's height. The canvas is resized only when its size
 * changes (a recording reuses one canvas).
 */
export function renderFrame(
  canvas: HTMLCanvasElement,
  draw: Draw,
  width: number,
  height: number,
  scale: number,
  caption?: Caption,
  captionHeight?: number,
  colors: CaptionColors = captionColors(plotPalette()),
): number {
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas context');
  const layout = caption ? layoutCaption(caption, width, measureWith(ctx)) : null;
  const strip = layout ? (captionHeight ?? layout.height) : 0;
  const total = height + strip;
  const w = Math.round(width * scale);
  const h = Math.round(total * scale);
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  ctx.fillStyle = colors.bg;
  ctx.fillRect(0, 0, width, total);
  ctx.save();
  // the plot draws in its own box: nothing it draws spills into the caption
  ctx.beginPath();
  ctx.rect(0, 0, width, height);
  ctx.clip();
  draw(ctx, width, height);
  ctx.restore();
  if (layout) {
    ctx.save();
    ctx.beginPath();
    ctx.rect(0, height, width, strip);
    ctx.clip();
    drawCaption(ctx, layout, height, width, colors);
    ctx.restore();
  }
  return strip;
}

/**
 * Render `draw` into a PNG blob at `scale` × the CSS size (2 = crisp on slides), with the caption drawn under
 * it and carried as text metadata (Title, Description, Source: the link).
 */
export async function renderPng(
  draw: Draw,
  width: number,
  height: number,
  scale = 2,
  caption?: Caption,
): Promise<Blob> {
  const canvas = document.createElement('canvas');
  renderFrame(canvas, draw, width, height, scale, caption);
  const blob = await new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
  );
  if (!caption) return blob;
  const bytes = addPngText(new Uint8Array(await blob.arrayBuffer()), [
    ['Title', caption.title],
    ['Description', captionText(caption)],
    ['Source', caption.link.replace(/^ODE Lens: /, '')],
    ['Software', 'ODE Lens'],
  ]);
  return new Blob([bytes as BlobPart], { type: 'image/png' });
}

/** CSV text from a header and rows; numbers keep full precision, strings are quoted when needed. */
export function toCsv(header: string[], rows: (string | number)[][]): string {
  const cell = (v: string | number) => {
    if (typeof v === 'number')
      return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
    return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  };
  return `${[header, ...rows].map((r) => r.map(cell).join(',')).join('\n')}\n`;
}

/** Save a blob or text as a file. */
export function download(data: Blob | string, filename: string, type = 'text/plain'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
