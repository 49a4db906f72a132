import { describe, expect, it } from 'vitest';
import { makePin } from '../compare/testing';
import { initWeights, netSpec } from '../core/params';
import { makeConfig } from '../core/testing';
import { MAX_STEP, zeroOptimizerState } from '../core/training-state';
import { defaultViews } from '../state/experiment';
import { exportExperiment, importExperiment } from './experiment-file';

const config = makeConfig({ model: { depth: 6, width: 4 }, seed: 9 });
const weights = initWeights(config, netSpec(config));
const history = {
  losses: [
    { step: 1, loss: 0.7, acc: 0.5 },
    { step: 2, loss: 0.6, acc: Number.NaN },
  ],
  evals: [{ step: 2, trainLoss: 0.6, testLoss: 0.65, trainAcc: 0.5, testAcc: 0.4 }],
  gradErrors: [{ step: 2, value: 0.01 }],
};

describe('experiment files', () => {
  it('export → import gives back the config, views, step, weights and history', () => {
    const views = { ...defaultViews(), speed: 2 };
    const r = importExperiment(exportExperiment(config, views, 2, weights, history));
    if (!r.ok) throw new Error(r.message);
    expect(r.config).toEqual(config);
    expect(r.views).toEqual(views);
    expect(r.step).toBe(2);
    expect(r.weights.residual).toEqual(weights.residual);
    expect(r.weights.readoutW).toEqual(weights.readoutW);
    expect(r.history.losses[1].acc).toBeNaN();
    expect(r.history.evals).toEqual(history.evals);
  });

  it.each([
    ['not json', /not JSON/],
    ['{"format":"something-else"}', /not an ODE Lens experiment file/],
    [
      '{"format":"ode-lens-experiment","formatVersion":7}',
      /unsupported experiment file version 7 \(this app reads versions 1, 2 and 3\)/,
    ],
    // it said "unsupported version 1 (this app reads 1)"
    [
      '{"format":"ode-lens-experiment","formatVersion":"1"}',
      /formatVersion must be a number, not the string "1"/,
    ],
    ['{"format":"ode-lens-experiment"}', /no formatVersion/],
  ])('rejects %s', (text, msg) => {
    const r = importExperiment(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(msg);
  });

  it('rejects an invalid config and weights that do not fit the config', () => {
    const good = JSON.parse(exportExperiment(config, defaultViews(), 0, weights, history));
    const badConfig = { ...good, config: { ...good.config, model: { ...good.config.model, depth: -1 } } };
    const r1 = importExperiment(JSON.stringify(badConfig));
    expect(r1.ok || r1.message).toMatch(/model\.depth: must be an integer/);
    const badWeights = { ...good, weights: { ...good.weights, residual: good.weights.residual.slice(1) } };
    const r2 = importExperiment(JSON.stringify(badWeights));
    expect(r2.ok || r2.message).toMatch(/weights\.residual must be \d+ finite numbers/);
    const nanWeights = { ...good, weights: { ...good.weights, readoutB: [null, 1] } };
    expect(importExperiment(JSON.stringify(nanWeights)).ok).toBe(false);
  });
});

describe('experiment files: validation on open and optimizer state (issue 13)', () => {
  const spec = netSpec(config);
  const adamConfig = makeConfig({ model: { depth: 6, width: 4 }, seed: 9, train: { optimizer: 'adam' } });
  const moments = () => {
    const o = zeroOptimizerState(spec);
    o.residual.m.forEach((_, i) => {
      o.residual.m[i] = 1e-3 * Math.sin(i);
      o.residual.v[i] = 1e-6 * (1 + Math.cos(i));
    });
    o.readoutB.v[1] = 0.25;
    return o;
  };
  const file = (over: Record<string, unknown>, c = adamConfig) => {
    const good = JSON.parse(exportExperiment(c, defaultViews(), 4, weights, history, moments()));
    return JSON.stringify({ ...good, ...over });
  };

  it('Adam moments go out and back in (format version 2 and later)', () => {
    const r = importExperiment(file({}));
    if (!r.ok) throw new Error(r.message);
    expect(JSON.parse(file({})).formatVersion).toBe(3);
    expect(r.opt?.residual.m).toEqual(moments().residual.m);
    expect(r.opt?.residual.v).toEqual(moments().residual.v);
    expect(r.opt?.readoutB.v).toEqual(moments().readoutB.v);
    expect(r.notes).toEqual([]);
  });

  it('SGD writes its velocity only; GD nothing', () => {
    const sgd = makeConfig({ model: { depth: 6, width: 4 }, seed: 9, train: { optimizer: 'sgd' } });
    const f = JSON.parse(exportExperiment(sgd, defaultViews(), 4, weights, history, moments()));
    expect(Object.keys(f.optimizer.residual)).toEqual(['m']);
    const r = importExperiment(JSON.stringify(f));
    if (!r.ok) throw new Error(r.message);
    expect(r.opt?.residual.m).toEqual(moments().residual.m);
    expect(r.opt?.residual.v.every((v) => v === 0)).toBe(true);
    const gdConfig = makeConfig({ model: { depth: 6, width: 4 }, seed: 9, train: { optimizer: 'gd' } });
    const gd = JSON.parse(exportExperiment(gdConfig, defaultViews(), 4, weights, history, moments()));
    expect(gd.optimizer).toEqual({ kind: 'gd', residual: {}, readoutW: {}, readoutB: {} });
  });

  it('version 1 files still open; their moments start from zero, and the import says so', () => {
    const v1 = JSON.parse(file({ formatVersion: 1 }));
    delete v1.optimizer;
    const r = importExperiment(JSON.stringify(v1));
    if (!r.ok) throw new Error(r.message);
    expect(r.opt).toBeUndefined();
    expect(r.notes.join(' ')).toMatch(/no optimizer state: adam's moments start from zero/);
  });

  it.each([
    [
      'a step of 1e300 (the counter froze)',
      { step: 1e300 },
      /step must be an integer from 0 to 1000000000 \(got 1e\+300\)/,
    ],
    ['a negative step', { step: -1 }, /step must be an integer/],
    ['a fractional step', { step: 2.5 }, /step must be an integer/],
    ['a step as a string', { step: '4' }, /step must be an integer.*"4"/],
    ['no step', { step: undefined }, /step must be an integer.*nothing/],
    [
      'moments of the wrong length',
      { optimizer: { kind: 'adam', residual: { m: [1], v: [1] } } },
      /optimizer\.residual\.m must be \d+ finite numbers/,
    ],
    [
      'a negative second moment',
      { optimizer: { ...JSON.parse(file({})).optimizer, readoutB: { m: [0, 0], v: [0, -1] } } },
      /optimizer\.readoutB\.v must not be negative/,
    ],
    [
      'an unknown optimizer kind',
      { optimizer: { kind: 'lion' } },
      /optimizer\.kind must be one of gd, sgd, adam/,
    ],
  ])('rejects %s, changing nothing', (_, over, msg) => {
    const r = importExperiment(file(over));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(msg);
  });

  it('rejects weights written as 1e999 (Infinity once parsed)', () => {
    const text = file({}).replace(/"readoutB":\[[^\]]*\]/, '"readoutB":[1e999,0]');
    const r = importExperiment(text);
    expect(r.ok || r.message).toMatch(/readoutB must be 2 finite numbers/);
  });

  it(`accepts the largest step (${MAX_STEP})`, () => {
    const r = importExperiment(file({ step: MAX_STEP }));
    expect(r.ok && r.step).toBe(MAX_STEP);
  });

  it("another optimizer's moments are left out, and the import says so", () => {
    const sgd = makeConfig({ model: { depth: 6, width: 4 }, seed: 9, train: { optimizer: 'sgd' } });
    const f = JSON.parse(file({}));
    const r = importExperiment(JSON.stringify({ ...f, config: sgd }));
    if (!r.ok) throw new Error(r.message);
    expect(r.opt).toBeUndefined();
    expect(r.notes.join(' ')).toMatch(/optimizer state is adam's but the config trains with sgd/);
  });

  it('bad view options are replaced by their defaults, and each one is named', () => {
    const views = {
      ...defaultViews(),
      speed: 99,
      trajectories: { ...defaultViews().trajectories, fan: 'lots' },
    };
    const r = importExperiment(file({ views: { ...views, heatmap: 7 } }));
    if (!r.ok) throw new Error(r.message);
    expect(r.views).toEqual(defaultViews());
    const text = r.notes.join(' ');
    expect(text).toMatch(/views\.speed = 99 \(.*\) → 1/);
    expect(text).toMatch(/views\.trajectories\.fan = "lots" \(.*\) → 24/);
    expect(text).toMatch(/views\.heatmap = 7 \(not an object\) → the defaults/);
  });

  it('weights beyond float32 open (the float64 engine can run them) and are saved as numbers, never null', () => {
    const big = { ...weights, residual: weights.residual.map((v, i) => (i === 0 ? 1e308 : v)) };
    const text = exportExperiment(config, defaultViews(), 0, big, history);
    expect(text).not.toMatch(/null,|\[null/);
    const r = importExperiment(text);
    expect(r.ok && r.weights.residual[0]).toBe(1e308);
  });

  it('a state a file cannot hold (NaN weights) is refused with the entry named, not written as null', () => {
    const bad = { ...weights, readoutW: weights.readoutW.map((v, i) => (i === 1 ? Number.NaN : v)) };
    expect(() => exportExperiment(config, defaultViews(), 0, bad, history)).toThrow(
      /weights\.readoutW\[1\] is NaN, which a file cannot hold/,
    );
  });
});

describe('experiment files: pinned runs (format version 3, issue 12)', () => {
  const pins = [makePin(), makePin({ id: 'p2', label: 'adjoint', snapshot: null })];
  const withPins = () =>
    JSON.parse(exportExperiment(config, defaultViews(), 2, weights, history, undefined, pins));

  it('carry the pins out and back in', () => {
    const f = withPins();
    expect(f.formatVersion).toBe(3);
    expect(f.pins).toHaveLength(2);
    const r = importExperiment(JSON.stringify(f));
    if (!r.ok) throw new Error(r.message);
    expect(r.pins.map((p) => p.label)).toEqual(['N = 16', 'adjoint']);
    expect(r.pins[0].snapshot).toEqual(pins[0].snapshot);
    expect(r.pins[0].config).toEqual(pins[0].config);
  });

  it('write no pins field when there are none, and open with none', () => {
    const f = JSON.parse(exportExperiment(config, defaultViews(), 2, weights, history));
    expect('pins' in f).toBe(false);
    const r = importExperiment(JSON.stringify(f));
    expect(r.ok && r.pins).toEqual([]);
  });

  it('version 1 and 2 files still open, without pins (a version 2 file never had them)', () => {
    for (const formatVersion of [1, 2]) {
      const r = importExperiment(JSON.stringify({ ...withPins(), formatVersion }));
      if (!r.ok) throw new Error(r.message);
      expect(r.pins).toEqual([]);
      expect(r.config).toEqual(config);
    }
  });

  it('a bad pin rejects the whole file, naming the pin and what is wrong', () => {
    const f = withPins();
    f.pins[1].final.step = -4;
    const r = importExperiment(JSON.stringify(f));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^bad pinned run: pin 2 \("adjoint"\): final\.step/);
    const notList = importExperiment(JSON.stringify({ ...withPins(), pins: 'lots' }));
    expect(notList.ok || notList.message).toBe('bad pinned run: pins must be a list');
  });
});
