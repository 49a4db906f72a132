// The legend's keys fit the width they are given: columns only as many as the widest label allows, a label wider
// than its room wrapped, rows stacked without overlap (the legend clipped "neural ODE x(s)" in narrow layouts).
import { describe, expect, it } from 'vitest';
import { KEY_LINE, KEY_ROW, KEY_SWATCH, layoutLegendKeys } from './legend';

// 11 px text at 0.62 em a character (as wide as DejaVu Sans, a common system-ui in Linux browsers)
const measure = (s: string) => s.length * 6.8;
const LABELS = [
  'class 0',
  'class 1',
  'ResNet x_n',
  'neural ODE x(s)',
  'input x_0',
  'output x_S',
  'target x²/2 seen through the read-out',
  'crossing',
];

describe('layoutLegendKeys', () => {
  for (const arrangement of ['grid', 'column'] as const)
    for (const width of [60, 104, 114, 150, 240, 334, 374, 700])
      it(`${arrangement}, ${width} px: every label line inside the width, the keys in order without overlap`, () => {
        const l = layoutLegendKeys(LABELS, width, arrangement, measure);
        expect(l.keys).toHaveLength(LABELS.length);
        for (const [i, k] of l.keys.entries()) {
          expect(k.x).toBeGreaterThanOrEqual(0);
          for (const line of k.lines) {
            expect(measure(line), `${LABELS[i]}: "${line}"`).toBeLessThanOrEqual(l.labelRoom);
            expect(k.x + KEY_SWATCH + measure(line), `${LABELS[i]}: "${line}"`).toBeLessThanOrEqual(width);
          }
          // nothing of the label is lost: its lines are its words
          expect(k.lines.join(' ').replace(/\s+/g, '')).toBe(LABELS[i].replace(/\s+/g, ''));
        }
        // rows: keys of one row share y; the next row starts below the tallest label of the one before
        const rows = [...new Set(l.keys.map((k) => k.y))];
        for (let r = 1; r < rows.length; r++) {
          const above = l.keys.filter((k) => k.y === rows[r - 1]);
          const tallest = Math.max(...above.map((k) => k.lines.length));
          expect(rows[r] - rows[r - 1]).toBe(KEY_ROW + (tallest - 1) * KEY_LINE);
        }
        const last = l.keys.filter((k) => k.y === rows.at(-1));
        expect(l.height).toBe(
          rows.at(-1)! - 4 + KEY_ROW + (Math.max(...last.map((k) => k.lines.length)) - 1) * KEY_LINE,
        );
        if (arrangement === 'column') expect(l.columns).toBe(1);
      });

  it('puts short labels side by side under a phone-wide plot, one line each', () => {
    const short = LABELS.filter((l) => !l.startsWith('target'));
    const l = layoutLegendKeys(short, 334, 'grid', measure);
    expect(l.columns).toBe(2);
    expect(l.keys.every((k) => k.lines.length === 1)).toBe(true);
    expect(l.height).toBe(Math.ceil(short.length / 2) * KEY_ROW);
  });

  it('wraps a label longer than a narrow column onto a second line, and only that one', () => {
    const l = layoutLegendKeys(['ResNet x_n', 'neural ODE x(s)'], 104, 'column', measure);
    expect(l.keys[0].lines).toEqual(['ResNet x_n']);
    expect(l.keys[1].lines).toEqual(['neural ODE', 'x(s)']);
    expect(l.height).toBe(2 * KEY_ROW + KEY_LINE);
  });
});
