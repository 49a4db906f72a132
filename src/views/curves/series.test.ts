import { scaleLog } from 'd3';
import { describe, expect, it } from 'vitest';
import { makePin } from '../../compare/testing';
import { chartLegend, chartScales, logTicks, spacedTicks, tickLabel } from './chart';
import {
  curveData,
  curvesCsv,
  curvesLayout,
  downsampleMinMax,
  nearestByX,
  type Pt,
  STACK_BELOW,
  withPins,
  yExtent,
} from './series';

const line = (n: number, f: (i: number) => number): Pt[] =>
  Array.from({ length: n }, (_, i) => ({ x: i, y: f(i) }));

describe('downsampleMinMax', () => {
  it('leaves short series alone', () => {
    const pts = line(50, (i) => i);
    expect(downsampleMinMax(pts, 100)).toBe(pts);
  });

  it('keeps spikes, the ends and x order while cutting the count', () => {
    const pts = line(10_000, (i) => Math.sin(i / 100));
    pts[5003] = { x: 5003, y: 50 }; // a spike
    pts[7007] = { x: 7007, y: -40 };
    const out = downsampleMinMax(pts, 200);
    expect(out.length).toBeLessThanOrEqual(4 * 200);
    expect(out.length).toBeGreaterThan(200);
    expect(out[0]).toEqual(pts[0]);
    expect(out[out.length - 1]).toEqual(pts[pts.length - 1]);
    expect(out.some((p) => p.y === 50)).toBe(true);
    expect(out.some((p) => p.y === -40)).toBe(true);
    for (let i = 1; i < out.length; i++) expect(out[i].x).toBeGreaterThan(out[i - 1].x);
  });
});

describe('yExtent', () => {
  it('pads linear extents and keeps 0 as a floor for non-negative data', () => {
    const [lo, hi] = yExtent([line(10, (i) => 0.1 + i / 10)], false);
    expect(lo).toBeCloseTo(0.1 - 0.045);
    expect(hi).toBeCloseTo(1.0 + 0.045);
    expect(yExtent([line(10, (i) => i)], false)[0]).toBe(0);
  });

  it('uses only positive finite values on a log axis', () => {
    const pts = [
      { x: 0, y: 0 },
      { x: 1, y: 1e-3 },
      { x: 2, y: Number.NaN },
      { x: 3, y: 10 },
      { x: 4, y: Number.POSITIVE_INFINITY },
    ];
    const [lo, hi] = yExtent([pts], true);
    expect(lo).toBeLessThan(1e-3);
    expect(lo).toBeGreaterThan(1e-4);
    expect(hi).toBeGreaterThan(10);
    expect(hi).toBeLessThan(100);
  });

  it('never returns an empty or degenerate extent', () => {
    expect(yExtent([], false)).toEqual([0, 1]);
    expect(yExtent([[]], true)).toEqual([0.1, 1]);
    const [a, b] = yExtent([[{ x: 0, y: 2 }]], false);
    expect(a).toBeLessThan(2);
    expect(b).toBeGreaterThan(2);
  });
});

describe('nearestByX', () => {
  it('finds the closest point by x', () => {
    const pts = [0, 10, 20, 40].map((x) => ({ x, y: x * 2 }));
    expect(nearestByX(pts, 14)).toEqual({ x: 10, y: 20 });
    expect(nearestByX(pts, 16)).toEqual({ x: 20, y: 40 });
    expect(nearestByX(pts, -5)).toEqual({ x: 0, y: 0 });
    expect(nearestByX(pts, 99)).toEqual({ x: 40, y: 80 });
    expect(nearestByX([], 3)).toBeNull();
  });
});

describe('curves layout and data', () => {
  it('puts loss on top and splits the bottom row', () => {
    const l = curvesLayout(600, 400, { acc: true, grad: true });
    expect(l.loss).toEqual({ x: 0, y: 0, w: 600, h: 232 });
    expect(l.acc!.w + l.grad!.w + 8).toBe(600);
    expect(l.acc!.y).toBe(240);
    expect(curvesLayout(600, 400, { acc: false, grad: true }).grad!.w).toBe(600);
    expect(curvesLayout(600, 400, { acc: false, grad: false }).loss.h).toBe(400);
  });

  it('stacks the three charts on a phone, inside the canvas, without overlaps', () => {
    const w = STACK_BELOW - 100;
    const l = curvesLayout(w, 600, { acc: true, grad: true });
    for (const r of [l.loss, l.acc!, l.grad!]) expect(r.w).toBe(w);
    expect(l.acc!.y).toBeGreaterThanOrEqual(l.loss.y + l.loss.h);
    expect(l.grad!.y).toBeGreaterThanOrEqual(l.acc!.y + l.acc!.h);
    expect(l.grad!.y + l.grad!.h).toBe(600);
    expect(l.loss.h).toBeGreaterThan(l.acc!.h);
  });

  it('keeps every legend entry: beside the subtitle when they fit, else in rows under it', () => {
    const series = ['train batch', 'train', 'test'].map((label) => ({
      id: label,
      label,
      color: '#000',
      width: 1,
      points: [],
    }));
    const spec = {
      series,
      subtitle: '‖g̃ − g‖/‖g‖ on the diagnostic batch',
      xDomain: [0, 1] as [number, number],
    };
    const wide = chartLegend({ x: 0, y: 0, w: 900, h: 300 }, spec);
    expect(wide.extra).toBe(0);
    expect(wide.entries.map((e) => e.label)).toEqual(['train batch', 'train', 'test']);
    expect(new Set(wide.entries.map((e) => e.y)).size).toBe(1);
    const narrow = chartLegend({ x: 0, y: 0, w: 200, h: 300 }, spec);
    expect(narrow.entries).toHaveLength(3);
    expect(narrow.extra).toBeGreaterThan(0);
    // under the subtitle's row, inside the chart's width
    expect(Math.min(...narrow.entries.map((e) => e.y))).toBeGreaterThan(wide.entries[0].y);
    for (const e of narrow.entries) expect(e.x + 20 + 6.1 * e.label.length).toBeLessThanOrEqual(200);
    // the plot moves down by the legend's rows
    const base = { ...spec, yDomain: [0, 1] as [number, number], yLog: false };
    const p0 = chartScales({ x: 0, y: 0, w: 900, h: 300 }, base).plot;
    const p1 = chartScales({ x: 0, y: 0, w: 200, h: 300 }, base).plot;
    expect(p1.y - p0.y).toBe(narrow.extra);
    // one series: no legend
    expect(chartLegend({ x: 0, y: 0, w: 200, h: 300 }, { series: series.slice(0, 1) }).entries).toEqual([]);
  });

  const run = {
    losses: [
      { step: 1, loss: 0.7, acc: 0.5 },
      { step: 2, loss: 0.6, acc: 0.6 },
    ],
    evals: [
      { step: 0, trainLoss: 0.69, testLoss: 0.7, trainAcc: 0.5, testAcc: 0.48 },
      { step: 2, trainLoss: 0.6, testLoss: 0.62, trainAcc: 0.7, testAcc: 0.66 },
    ],
    gradErrors: [
      { step: 0, value: 1e-4 },
      { step: 2, value: 2e-4 },
    ],
  };

  it('builds the series the options ask for', () => {
    const all = curveData(run, {
      showTest: true,
      showAccuracy: true,
      showGradError: true,
      classification: true,
      hasTest: true,
    });
    expect(all.loss.map((s) => s.id)).toEqual(['batch', 'train', 'test']);
    expect(all.acc.map((s) => s.id)).toEqual(['trainAcc', 'testAcc']);
    expect(all.grad[0].points).toEqual([
      { x: 0, y: 1e-4 },
      { x: 2, y: 2e-4 },
    ]);
    expect(all.maxStep).toBe(2);
    const regression = curveData(run, {
      showTest: true,
      showAccuracy: true,
      showGradError: false,
      classification: false,
      hasTest: false,
    });
    expect(regression.loss.map((s) => s.id)).toEqual(['batch', 'train']);
    expect(regression.acc).toEqual([]);
    expect(regression.grad).toEqual([]);
  });

  it('writes one CSV row per step', () => {
    const t = curvesCsv(run);
    expect(t.header[0]).toBe('step');
    expect(t.rows.map((r) => r[0])).toEqual([0, 1, 2]);
    expect(t.rows[0]).toEqual([0, '', '', 0.69, 0.7, 0.5, 0.48, 1e-4]);
    expect(t.rows[1]).toEqual([1, 0.7, 0.5, '', '', '', '', '']);
    expect(t.rows[2]).toEqual([2, 0.6, 0.6, 0.6, 0.62, 0.7, 0.66, 2e-4]);
  });
});

describe('chart ticks', () => {
  it('labels ticks briefly', () => {
    expect(tickLabel(1e-4)).toBe('1e-4');
    expect(tickLabel(0.02)).toBe('0.02');
    expect(tickLabel(0.1 + 0.2)).toBe('0.3');
    expect(tickLabel(150)).toBe('150');
    expect(tickLabel(2e5)).toBe('2e+5');
  });
  it('puts log ticks at powers of ten, else at 1-2-5 multiples', () => {
    const wide = scaleLog().domain([1e-4, 2]).range([300, 0]);
    expect(logTicks(wide, 16)).toEqual([1e-4, 1e-3, 0.01, 0.1, 1]);
    const narrow = scaleLog().domain([0.015, 0.3]).range([100, 0]);
    const t = logTicks(narrow, 16);
    expect(t).toEqual([0.02, 0.05, 0.1, 0.2]);
  });

  it('drops ticks closer than the minimum spacing', () => {
    const px = (v: number) => v * 10;
    expect(spacedTicks([0, 1, 2, 3, 4, 5, 6], px, 25)).toEqual([0, 3, 6]);
    expect(spacedTicks([], px, 25)).toEqual([]);
  });
});

describe('pinned runs on the curves', () => {
  it('adds each pin’s train loss, accuracy and gradient error in its own colour and dash, and widens the steps', () => {
    const opts = {
      showTest: true,
      showAccuracy: true,
      showGradError: true,
      classification: true,
      hasTest: true,
    };
    const current = curveData(
      {
        losses: [],
        evals: [{ step: 5, trainLoss: 1, testLoss: 1, trainAcc: 0.5, testAcc: 0.5 }],
        gradErrors: [],
      },
      opts,
    );
    const a = makePin({ id: 'a', label: 'N = 16' });
    const b = makePin({ id: 'b', label: 'adjoint' });
    const out = withPins(current, [a, b], opts);
    const pinned = out.loss.filter((s) => s.id.startsWith('pin-'));
    expect(pinned.map((s) => s.label)).toEqual(['N = 16 (pinned)', 'adjoint (pinned)']);
    expect(pinned[0].color).not.toBe(pinned[1].color);
    expect(pinned[0].dash).not.toEqual(pinned[1].dash);
    expect(pinned[0].points).toHaveLength(a.curves.evals.length);
    expect(out.acc).toHaveLength(current.acc.length + 2);
    expect(out.grad).toHaveLength(current.grad.length + 2);
    expect(out.maxStep).toBe(9); // the pins' evaluations go to step 9
    expect(withPins(current, [], opts)).toBe(current);
    const noAcc = withPins(current, [a], { ...opts, showAccuracy: false, showGradError: false });
    expect(noAcc.acc).toEqual(current.acc);
    expect(noAcc.grad).toEqual(current.grad);
  });
});
