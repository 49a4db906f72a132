// The sweep plot's pure parts: axis domains, reference lines through the first point, legend placement below
// the axis, hit-testing, labels; and that drawing puts the series' colours where the points are.
import { describe, expect, it } from 'vitest';
import {
  drawSweepPlot,
  emptySweepText,
  hitTest,
  layoutPlot,
  legendLayout,
  type PlotModel,
  powerOfTen,
  referenceLines,
  refLabel,
  splitLabel,
  tickLabel,
  wrapWords,
} from './plot';

const pts = (xs: number[], f: (x: number) => number) => xs.map((x) => ({ x, y: f(x), N: x, M: 8 }));

const model = (over: Partial<PlotModel> = {}): PlotModel => ({
  title: 'Adjoint gradient error vs depth N',
  subtitle: 'test',
  xLabel: 'depth N',
  yLabel: 'relative gradient error',
  xs: [8, 16, 32, 64],
  series: [
    {
      id: 'euler',
      label: 'ResNet (reverse Euler)',
      points: pts([8, 16, 32, 64], (x) => 1 / x),
      fitText: 'slope −1.00',
    },
    {
      id: 'heun',
      label: 'HeunNet (reverse Heun)',
      points: pts([8, 16, 32, 64], (x) => 1 / x ** 3),
      fitText: 'slope −3.00',
    },
  ],
  refSlopes: [-1, -2],
  variable: 'N',
  floor: 1e-6,
  level: null,
  empty: 'nothing yet',
  ...over,
});

describe('sweep plot layout', () => {
  it('spans every point, with the floor when it is near the data', () => {
    const l = layoutPlot(model(), 600, 420);
    const [y0, y1] = l.y.domain();
    expect(y0).toBeLessThan(1e-6);
    expect(y1).toBeGreaterThan(1 / 8);
    const [x0, x1] = l.x.domain();
    expect(x0).toBeLessThan(8);
    expect(x1).toBeGreaterThan(64);
    // larger values are higher on screen
    expect(l.y(1e-2)).toBeLessThan(l.y(1e-4));
  });

  it('draws reference lines through the first measured point', () => {
    const m = model();
    const l = layoutPlot(m, 600, 420);
    const refs = referenceLines(m, l);
    expect(refs.map((r) => r.label)).toEqual(['∝ 1/N', '∝ 1/N²']);
    for (const r of refs) {
      // the line passes through (8, 1/8): y(x) = (1/8)(x/8)^p
      const [xa, ya] = r.from;
      expect(ya).toBeCloseTo((1 / 8) * (xa / 8) ** r.p, 12);
    }
  });

  it('puts the legend below the axis, one row per series and one for the reference lines', () => {
    const narrow = legendLayout(model(), 460);
    expect(narrow.items.filter((i) => i.kind === 'series').map((i) => i.y)).toEqual([0, 18]);
    expect(narrow.items.filter((i) => i.kind !== 'series').every((i) => i.y === 36)).toBe(true);
    expect(narrow.items.some((i) => i.kind === 'floor')).toBe(true);
    const l = layoutPlot(model(), 460, 420);
    expect(l.plot.y + l.plot.h).toBeLessThanOrEqual(420 - narrow.height - 40);
    // no points: no reference lines (they need an anchor) and no floor entry
    const empty = legendLayout(model({ series: [] }), 460);
    expect(empty.items).toHaveLength(0);
  });

  it('wraps a long subtitle on a narrow canvas and moves the plot down for it', () => {
    const subtitle = 'x ↦ x²/2, 300 steps of Adam at initialisation · CPU (float64) · reference N = 4096';
    const wide = layoutPlot(model({ subtitle }), 1000, 420);
    const phone = layoutPlot(model({ subtitle }), 340, 420);
    expect(wide.subtitle).toEqual([subtitle]);
    expect(phone.subtitle.length).toBeGreaterThan(1);
    expect(phone.subtitle.join(' ')).toBe(subtitle);
    expect(phone.plot.y).toBe(wide.plot.y + 16 * (phone.title.length - 1) + 14 * (phone.subtitle.length - 1));
    expect(phone.title.join(' ')).toBe('Adjoint gradient error vs depth N');
    expect(phone.textX).toBeLessThan(wide.textX);
    expect(wrapWords('a bb ccc', 1, (t) => t.length)).toEqual(['a', 'bb', 'ccc']);
  });

  it('keeps the y label clear of the widest tick label, in two lines when it is longer than the plot', () => {
    // a range of under a decade: 1-2-5 labels like 2·10⁻⁵, wider than the decades
    const narrowRange = model({
      series: [{ id: 'a', label: 'a', points: pts([8, 16, 32, 64], (x) => 2e-5 + x * 1e-7), fitText: '' }],
      floor: null,
    });
    const l = layoutPlot(narrowRange, 600, 420);
    const widest = 6.6 * Math.max(...['2·10⁻⁵', '5·10⁻⁵', '10⁻⁵', '10⁻⁴'].map((t) => t.length));
    expect(l.yLabel).toHaveLength(1);
    // the label's line (15 px tall, centred on yLabelX) ends left of the tick labels, inside the canvas
    expect(l.yLabelX + 7.5).toBeLessThanOrEqual(l.plot.x - 6 - widest + 1e-9);
    expect(l.yLabelX - 7.5).toBeGreaterThanOrEqual(0);
    const long = '‖ŷ − ŷ_ref‖ / ‖ŷ_ref‖ (output on a fixed batch)';
    const short = layoutPlot(model({ yLabel: long }), 600, 300);
    expect(short.yLabel).toHaveLength(2);
    expect(short.yLabel.join(' ')).toBe(long);
    expect(short.yLabelX - 7.5).toBeGreaterThanOrEqual(0);
    expect(layoutPlot(model({ yLabel: long }), 600, 600).yLabel).toEqual([long]);
    expect(splitLabel('one two three four', 10)).toEqual(['one two', 'three four']);
  });

  it('a threshold read-out: its level is in view and in the legend, with no reference lines', () => {
    const series = model().series.map((x, i) => ({ ...x, crossing: i ? undefined : 20 }));
    const m = model({ series, refSlopes: [], floor: null, level: { y: 0.5, label: 'level: 0.1 × initial' } });
    const [y0, y1] = layoutPlot(m, 600, 420).y.domain();
    expect(y1).toBeGreaterThan(0.5);
    expect(y0).toBeLessThan(1 / 64 ** 3);
    const items = legendLayout(m, 600).items;
    expect(items.filter((it) => it.kind === 'level').map((it) => it.text)).toEqual(['level: 0.1 × initial']);
    expect(items.some((it) => it.kind === 'ref')).toBe(false);
    // drawing it (the level line and the crossing marker) goes through the same calls without throwing
    const ctx = new Proxy(
      {},
      { get: (_t, k) => (k === 'measureText' ? () => ({ width: 10 }) : () => undefined), set: () => true },
    ) as CanvasRenderingContext2D;
    expect(() => drawSweepPlot(ctx, 600, 420, m)).not.toThrow();
  });

  it('finds the hovered point', () => {
    const m = model();
    const l = layoutPlot(m, 600, 420);
    const h = hitTest(m, l, l.x(16) + 3, l.y(1 / 16 ** 3) - 2);
    expect(h).toEqual({ series: 1, point: 1 });
    expect(hitTest(m, l, l.x(16), l.y(1e-1) - 200)).toBeNull();
  });

  it('labels powers and references', () => {
    expect(powerOfTen(1e-3)).toBe('10⁻³');
    expect(powerOfTen(100)).toBe('100');
    expect(powerOfTen(1e12)).toBe('10¹²');
    expect(refLabel(-0.5, 'LM')).toBe('∝ 1/√(LM)');
    expect(refLabel(-2, 'N')).toBe('∝ 1/N²');
    expect(refLabel(1, 'N')).toBe('∝ N');
    expect(tickLabel(1e-3)).toBe('10⁻³');
    expect(tickLabel(0.02)).toBe('0.02');
    expect(tickLabel(5e-4)).toBe('5·10⁻⁴');
    expect(tickLabel(2000)).toBe('2000');
  });
});

describe('sweep plot drawing', () => {
  it('draws markers in the series colours at the points', () => {
    const calls: { fill: string; x: number; y: number }[] = [];
    let fill = '';
    let last: [number, number] = [0, 0];
    const ctx = new Proxy(
      {},
      {
        get(_t, key) {
          if (key === 'measureText') return (t: string) => ({ width: 6 * t.length });
          if (key === 'arc') return (x: number, y: number) => (last = [x, y]);
          if (key === 'fill') return () => calls.push({ fill, x: last[0], y: last[1] });
          return () => undefined;
        },
        set(_t, key, v) {
          if (key === 'fillStyle') fill = v;
          return true;
        },
      },
    ) as CanvasRenderingContext2D;
    const m = model();
    drawSweepPlot(ctx, 600, 420, m);
    const l = layoutPlot(m, 600, 420);
    const blue = calls.filter((c) => c.fill === '#4e79a7');
    // four circles on the Euler points (+ the legend swatch)
    for (const p of m.series[0].points)
      expect(blue.some((c) => Math.abs(c.x - l.x(p.x)) < 1e-9 && Math.abs(c.y - l.y(p.y)) < 1e-9)).toBe(true);
  });
});

describe('the empty plot text', () => {
  const series = (...ys: number[]) => [{ points: ys.map((y) => ({ y })) }];
  it('waits while the sweep runs', () => {
    expect(emptySweepText(true, [])).toBe('Waiting for the first point…');
    expect(emptySweepText(true, series(0))).toBe('Waiting for a value above 0…');
  });
  it('does not say "waiting" once the sweep ended with nothing log axes can show', () => {
    // e.g. the adjoint gradient error of a net started with V = 0: exactly 0 at every depth
    const done = emptySweepText(false, [...series(0, 0, 0), ...series(Number.NaN, 0, 0)]);
    expect(done).not.toMatch(/waiting/i);
    expect(done).toMatch(/0 or failed/);
    expect(emptySweepText(false, series())).toBe('No point was measured.');
  });
});
