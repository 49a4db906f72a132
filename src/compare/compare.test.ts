import { describe, expect, it } from 'vitest';
import { makeConfig } from '../core/testing';
import { configDiff, defaultLabel, finalDeltas } from './diff';
import {
  finalNumbers,
  MAX_PINS,
  PIN_CURVE_POINTS,
  PIN_FAN,
  PIN_HEAT_ROWS,
  PIN_LAYERS,
  pinCurves,
  pinRoom,
} from './pin';
import { evenIndices, pinSnapshot } from './pin-snapshot';
import { MAX_PINS_CHARS, pinsJson, pinsTooLarge, readPins } from './pins-json';
import { pinStyle } from './style';
import { pinnedSweeps } from './sweep-overlay';
import { curves, fakeSnapshot, makePin } from './testing';

describe('making a pin', () => {
  it('thins and rounds the curves, and keeps the last values as final numbers', () => {
    const run = { ...curves(3000), step: 3000, loss: 0.5 };
    const c = pinCurves(run);
    expect(c.losses.length).toBeLessThanOrEqual(PIN_CURVE_POINTS);
    expect(c.evals.length).toBeLessThanOrEqual(PIN_CURVE_POINTS);
    expect(c.losses.at(-1)?.step).toBe(3000); // the end survives thinning
    expect(c.evals[0].trainLoss).toBe(0.12346); // 5 significant digits
    expect(c.evals[0].testAcc).toBeNaN();
    const f = finalNumbers(run);
    expect(f).toMatchObject({ step: 3000, loss: 0.5, testLoss: 0.2, gradError: 1e-3, trainAcc: 0.5 });
    expect(f.trainLoss).toBeCloseTo(0.123456789 / 3000);
    expect(f.testAcc).toBeNaN();
    // no losses yet: NaN rather than a made-up 0
    expect(
      finalNumbers({ losses: [], evals: [], gradErrors: [], step: 0, loss: Number.NaN }).trainLoss,
    ).toBeNaN();
  });

  it('keeps a small snapshot: evenly spread layers, the first inputs, the regions and the norm map', () => {
    expect(evenIndices(5, 10)).toEqual([0, 1, 2, 3, 4]);
    expect(evenIndices(101, 5)).toEqual([0, 25, 50, 75, 100]);
    const s = pinSnapshot(fakeSnapshot(256, 40));
    expect(s.mode).toBe('plane');
    expect(s.F).toBe(PIN_FAN);
    expect(s.s.length).toBe(PIN_LAYERS);
    expect(s.s[0]).toBe(0);
    expect(s.s.at(-1)).toBe(1);
    expect(s.xy.length).toBe(PIN_LAYERS * PIN_FAN * 2);
    // the last kept layer is the last layer (x₁ = n = 256), input 3 at x₂ = −3
    const last = (PIN_LAYERS - 1) * PIN_FAN * 2;
    expect([s.xy[last], s.xy[last + 7]]).toEqual([256, -3]);
    expect(s.colors).toHaveLength(PIN_FAN);
    expect(s.grid).toMatchObject({ nx: 3, ny: 2, kind: 'probability' });
    expect(s.grid?.values).toHaveLength(6);
    expect(s.norms?.rows).toBe(PIN_HEAT_ROWS);
    expect(s.norms?.blocks.reduce((a, b) => a + b.count, 0)).toBe(s.norms?.cols);
    expect(s.step).toBe(7);
  });

  it('says when there is no room for another pin', () => {
    expect(pinRoom([])).toBeNull();
    const full = Array.from({ length: MAX_PINS }, (_, i) => makePin({ id: `p${i}` }));
    expect(pinRoom(full)).toMatch(new RegExp(`At most ${MAX_PINS} runs can be pinned: unpin one`));
  });
});

describe('differences', () => {
  it('lists the differing fields with the controls’ labels and option names', () => {
    const a = makeConfig({ model: { depth: 64 } });
    const b = makeConfig({ model: { depth: 16 }, train: { gradMode: 'adjoint' }, seed: 5 });
    const d = configDiff(a, b);
    expect(d.map((x) => x.path)).toEqual(['model.depth', 'train.gradMode', 'seed']);
    expect(d[0]).toEqual({ path: 'model.depth', label: 'Depth (N)', a: '64', b: '16' });
    expect(d[1]).toMatchObject({ label: 'Gradient', a: 'exact backprop', b: 'memory-free adjoint' });
    expect(d[2]).toMatchObject({ label: 'Seed', a: '1', b: '5' });
    expect(configDiff(a, a)).toEqual([]);
  });

  it('leaves out fields that apply to neither config', () => {
    // momentum is read by SGD only: a change of it between two Adam runs does not matter
    const a = makeConfig({ train: { optimizer: 'adam', momentum: 0.9 } });
    const b = makeConfig({ train: { optimizer: 'adam', momentum: 0.5 } });
    expect(configDiff(a, b)).toEqual([]);
  });

  it('names a pin by what sets it apart', () => {
    // makeConfig builds on the link-v2 defaults, so the base is the same
    const base = makeConfig({});
    expect(defaultLabel(makeConfig({ model: { depth: 16 } }), base, 'run 1')).toBe('N = 16');
    expect(defaultLabel(makeConfig({ train: { gradMode: 'adjoint' } }), base, 'run 1')).toBe('adjoint');
    expect(defaultLabel(base, base, 'run 3')).toBe('run 3');
    const many = makeConfig({ model: { depth: 16, d: 3 }, train: { gradMode: 'adjoint' } });
    expect(defaultLabel(many, base, 'x')).toBe('N = 16, d = 3 …');
  });

  it('gives the change of each final number, and the ratio of losses', () => {
    const a = {
      step: 100,
      loss: 1,
      trainLoss: 0.2,
      testLoss: 0.4,
      gradError: Number.NaN,
      trainAcc: 0.8,
      testAcc: Number.NaN,
    };
    const b = { ...a, step: 200, trainLoss: 0.1, trainAcc: 0.9 };
    const d = finalDeltas(a, b);
    expect(d.map((x) => x.name)).toEqual(['Step', 'Train loss', 'Test loss', 'Train accuracy']);
    expect(d[0].delta).toBe('+100');
    expect(d[1].delta).toBe('−0.1 (×0.5)');
    expect(d[2].delta).toBe('±0 (×1)');
    expect(d[3].delta).toBe('+0.1');
  });
});

describe('pins as JSON', () => {
  it('go out and back in, NaN as null and back', () => {
    const pins = [makePin(), makePin({ id: 'p2', label: 'adjoint', snapshot: null })];
    const text = pinsJson(pins);
    expect(text).toContain('"testAcc":null');
    const r = readPins(JSON.parse(text));
    if (!r.ok) throw new Error(r.message);
    expect(r.pins).toHaveLength(2);
    expect(r.pins[0].config).toEqual(pins[0].config);
    expect(r.pins[0].snapshot).toEqual(pins[0].snapshot);
    expect(r.pins[0].curves.evals[0].testAcc).toBeNaN();
    expect(r.pins[1].snapshot).toBeNull();
  });

  const good = () => JSON.parse(pinsJson([makePin()]));
  it.each([
    ['not a list', () => ({}), /pins must be a list/],
    [
      'too many',
      () => Array.from({ length: MAX_PINS + 1 }, (_, i) => ({ ...good()[0], id: `p${i}` })),
      /at most 6/,
    ],
    ['no id', () => [{ ...good()[0], id: undefined }], /pin 1 \("N = 16"\): id/],
    [
      'a bad config',
      () => {
        const p = good()[0];
        return [{ ...p, config: { ...p.config, model: { ...p.config.model, depth: -3 } } }];
      },
      /pin 1 \("N = 16"\): invalid config: model\.depth: must be an integer in \[1, 8192\] \(got -3\)$/,
    ],
    ['a step as text', () => [{ ...good()[0], final: { ...good()[0].final, step: 'ten' } }], /final\.step/],
    [
      'trajectories of the wrong length',
      () => [{ ...good()[0], snapshot: { ...good()[0].snapshot, xy: [1, 2, 3] } }],
      /xy must have 2 numbers per layer and input/,
    ],
    [
      'a grid of the wrong size',
      () => {
        const p = good()[0];
        return [{ ...p, snapshot: { ...p.snapshot, grid: { ...p.snapshot.grid, nx: 5 } } }];
      },
      /grid\.values must have nx·ny entries/,
    ],
    ['the same id twice', () => [good()[0], good()[0]], /pin 2.*id is used twice/],
  ])('rejects %s with a message', (_, raw, msg) => {
    const r = readPins(raw());
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(msg);
  });

  it('says when pins would not fit the space kept for them', () => {
    expect(pinsTooLarge([makePin()])).toBeNull();
    const huge = makePin({
      curves: {
        ...makePin().curves,
        gradErrors: Array.from({ length: 90_000 }, (_, i) => ({ step: i, value: 0.123456 })),
      },
    });
    expect(pinsJson([huge]).length).toBeGreaterThan(MAX_PINS_CHARS);
    expect(pinsTooLarge([huge])).toMatch(/more than the 1\.5 MB kept for them: unpin one first/);
  });
});

describe('pinned sweeps', () => {
  const sweep = (metric: string, series: number) => ({
    kind: 'depth',
    metric,
    xLabel: 'depth N',
    yLabel: 'error',
    series: Array.from({ length: series }, (_, i) => ({
      id: `s${i}`,
      label: `series ${i}`,
      points: [
        { x: 4, y: 0.1 },
        { x: 8, y: 0.05 },
      ],
    })),
  });
  it('overlays only the sweeps of the same metric and kind, in each pin’s colour', () => {
    const pins = [
      makePin({ id: 'a', label: 'A', sweep: sweep('gradError', 1) }),
      makePin({ id: 'b', label: 'B' }),
      makePin({ id: 'c', label: 'C', sweep: sweep('gradError', 2) }),
      makePin({ id: 'd', label: 'D', sweep: sweep('reconstruction', 1) }),
    ];
    const lines = pinnedSweeps(pins, 'gradError', 'depth');
    expect(lines.map((l) => l.label)).toEqual(['A', 'C: series 0', 'C: series 1']);
    expect(lines[0].color).toBe(pinStyle(0).color);
    expect(lines[1].color).toBe(pinStyle(2).color);
    expect(pinnedSweeps(pins, 'gradError', 'widthDepth')).toEqual([]);
  });
});
