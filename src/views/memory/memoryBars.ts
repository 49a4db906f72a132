// The memory meter's numbers and its bar drawing (one Draw for screen, PNG and SVG).
import type { GradMode } from '../../core/config';
import type { BackendMemory } from '../../run/backend';
import { formatBytes } from '../common/format';
import { FONT_BOLD, FONT_LABEL, pal } from '../common/plotKit';

export interface MemoryBar {
  mode: GradMode;
  label: string;
  detail: string;
  bytes: number;
  current: boolean;
}

/** The two bars, exact first, from the backend's report for the run's current mode. */
export function memoryBars(m: BackendMemory, mode: GradMode): MemoryBar[] {
  const exact = mode === 'exact' ? m.activationBytes : m.activationBytesOtherMode;
  const adjoint = mode === 'adjoint' ? m.activationBytes : m.activationBytesOtherMode;
  return [
    {
      mode: 'exact',
      label: 'Exact backprop',
      detail: 'stores every state x₀ … x_N',
      bytes: exact,
      current: mode === 'exact',
    },
    {
      mode: 'adjoint',
      label: 'Memory-free adjoint',
      detail: 'rebuilds the states backwards',
      bytes: adjoint,
      current: mode === 'adjoint',
    },
  ];
}

/** "exact needs 33× the adjoint's memory" and the like. */
export function ratioText(bars: MemoryBar[]): string {
  const [exact, adjoint] = bars;
  if (!(exact.bytes > 0 && adjoint.bytes > 0)) return '';
  const r = exact.bytes / adjoint.bytes;
  if (r >= 1.05)
    return `exact backprop needs ${r >= 10 ? Math.round(r) : r.toFixed(1)}× the adjoint's memory`;
  if (r <= 0.95) return `the adjoint needs ${(1 / r).toFixed(1)}× exact backprop's memory at this size`;
  return 'both modes need about the same memory at this size';
}

const TAG = '  ◀ training now';

/**
 * The muted rest of a bar's label line (" — what it stores  ◀ training now") in `maxWidth` px: on a narrow
 * canvas the description is cut with an ellipsis first, so the tag that says which mode trains stays whole.
 */
export function labelTail(
  measure: (text: string) => number,
  maxWidth: number,
  detail: string,
  current: boolean,
): string {
  const tag = current ? TAG : '';
  const full = ` — ${detail}${tag}`;
  if (measure(full) <= maxWidth) return full;
  for (let k = detail.length - 1; k > 0; k--) {
    const cut = ` — ${detail.slice(0, k).trimEnd()}…${tag}`;
    if (measure(cut) <= maxWidth) return cut;
  }
  return measure(tag) <= maxWidth ? tag : '';
}

const FONT = FONT_LABEL;
const BOLD = FONT_BOLD;
/** The two modes' colours in the current theme (theme.css --plot-exact, --plot-adjoint). */
export const memoryColors = () => ({ exact: pal().exact, adjoint: pal().adjoint });

export function drawMemory(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  bars: MemoryBar[],
): void {
  ctx.fillStyle = pal().bg;
  ctx.fillRect(0, 0, width, height);
  const max = Math.max(1, ...bars.map((b) => b.bytes));
  const left = 8;
  const right = 8;
  const rowH = Math.min(52, (height - 8) / bars.length);
  const barH = Math.max(10, rowH - 30);
  bars.forEach((b, i) => {
    const y = 4 + i * rowH;
    // label line: name (bold), what it stores, "training now" tag
    ctx.textBaseline = 'alphabetic';
    ctx.textAlign = 'left';
    ctx.font = BOLD;
    ctx.fillStyle = pal().ink;
    ctx.fillText(b.label, left, y + 13);
    const w1 = ctx.measureText(b.label).width;
    ctx.font = FONT;
    ctx.fillStyle = pal().muted;
    const tail = labelTail((t) => ctx.measureText(t).width, width - left - right - w1, b.detail, b.current);
    ctx.fillText(tail, left + w1, y + 13);
    // bar track and bar
    const trackW = width - left - right - 76;
    const by = y + 20;
    ctx.fillStyle = pal().empty;
    ctx.fillRect(left, by, trackW, barH);
    const color = memoryColors()[b.mode];
    ctx.globalAlpha = b.current ? 1 : 0.45;
    ctx.fillStyle = color;
    ctx.fillRect(left, by, Math.max(2, (trackW * b.bytes) / max), barH);
    ctx.globalAlpha = 1;
    if (b.current) {
      ctx.strokeStyle = pal().ink;
      ctx.lineWidth = 1.5;
      ctx.strokeRect(left + 0.75, by + 0.75, Math.max(2, (trackW * b.bytes) / max) - 1.5, barH - 1.5);
    }
    ctx.font = BOLD;
    ctx.fillStyle = pal().ink;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    ctx.fillText(formatBytes(b.bytes), width - right, by + barH / 2);
  });
}
