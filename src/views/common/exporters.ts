// Exports shared by every plot: the same draw function renders to a PNG (canvas) and to an SVG (svgcanvas
// records canvas calls as SVG), and the plot's data goes out as CSV. Views draw through `Draw` so one code
// path serves the screen and both file formats.
import { Context as SvgContext } from 'svgcanvas';

export type Draw = (ctx: CanvasRenderingContext2D, width: number, height: number) => void;

/** Render `draw` at CSS size (width, height) into an SVG document string. */
export function renderSvg(draw: Draw, width: number, height: number): string {
  const ctx = new SvgContext({ width, height }) as unknown as CanvasRenderingContext2D & SvgContext;
  draw(ctx, width, height);
  return ctx.getSerializedSvg(true);
}

/** Render `draw` into a PNG blob at `scale` × the CSS size (2 = crisp on slides). */
export function renderPng(draw: Draw, width: number, height: number, scale = 2): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) return Promise.reject(new Error('no 2D canvas context'));
  ctx.scale(scale, scale);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  draw(ctx, width, height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
  );
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
