// Text widths for layouts computed outside a draw call (a plot's geometry, which hit-testing shares with the
// drawing, so both must agree): one off-screen canvas measures them in the page's real fonts; where there is no
// canvas (unit tests under Node) an estimate a little wider than common sans-serif text stands in.

let probe: CanvasRenderingContext2D | null | undefined;

/** Rough width: 0.62 em a character (DejaVu Sans, the widest common system-ui fallback, averages ~0.58). */
export function estimateWidth(text: string, font: string): number {
  const px = Number(/(\d+(?:\.\d+)?)px/.exec(font)?.[1] ?? 12);
  return [...text].length * px * 0.62;
}

/** The width of `text` in the CSS `font`, in the font's px. */
export function textWidth(text: string, font: string): number {
  if (probe === undefined)
    probe = typeof document !== 'undefined' ? document.createElement('canvas').getContext('2d') : null;
  if (!probe) return estimateWidth(text, font);
  probe.font = font;
  return probe.measureText(text).width;
}
