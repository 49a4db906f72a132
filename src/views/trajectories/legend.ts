// Where the trajectory legend's keys go: a swatch and its label each, in columns as wide as the widest label
// (as many as fit the legend's width) or in one column, and a label wider than its room wrapped onto more lines,
// so that no label runs past the legend (and off the canvas) in a narrow layout. Pure: the caller passes the
// text measure, so the geometry (hit-testing) and the drawing lay the keys out alike.
import { wrapText } from '../common/caption';

/** Height of a row of keys with one line each, and of each further line of a wrapped label. */
export const KEY_ROW = 17;
export const KEY_LINE = 13;
/** The swatch's room before the label, and the gap between columns. */
export const KEY_SWATCH = 24;
const KEY_GAP = 12;

export interface LegendKeyPlace {
  /** Left of the swatch's room and middle of the first line, relative to the legend's top left. */
  x: number;
  y: number;
  /** The label, wrapped: every line at most `labelRoom` wide. */
  lines: string[];
}

export interface LegendKeysLayout {
  keys: LegendKeyPlace[];
  /** The room a label line has (px), right of its swatch. */
  labelRoom: number;
  columns: number;
  /** Height the keys take (px), their rows stacked. */
  height: number;
}

/**
 * Lay out keys with `labels` in a legend `width` px wide: `grid` puts as many columns side by side as the widest
 * label allows (under a plot), `column` one key a row (beside a plot). The first line's middle is 4 px below
 * the legend's top (the keys sit close under the axis label).
 */
export function layoutLegendKeys(
  labels: readonly string[],
  width: number,
  arrangement: 'grid' | 'column',
  measure: (text: string) => number,
): LegendKeysLayout {
  const widest = labels.reduce((m, l) => Math.max(m, measure(l)), 0);
  const fit = Math.floor((width + KEY_GAP) / (KEY_SWATCH + widest + KEY_GAP));
  const columns = arrangement === 'column' ? 1 : Math.max(1, Math.min(labels.length, fit));
  const step = width / columns;
  const labelRoom = Math.max(1, (columns > 1 ? step - KEY_GAP : width) - KEY_SWATCH);
  const keys: LegendKeyPlace[] = [];
  let top = 0;
  for (let first = 0; first < labels.length; first += columns) {
    let lines = 1;
    for (let c = 0; c < columns && first + c < labels.length; c++) {
      const wrapped = wrapText(labels[first + c], labelRoom, measure);
      lines = Math.max(lines, wrapped.length);
      keys.push({ x: c * step, y: top + 4, lines: wrapped.length ? wrapped : [''] });
    }
    top += KEY_ROW + (lines - 1) * KEY_LINE;
  }
  return { keys, labelRoom, columns, height: top };
}
