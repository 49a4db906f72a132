// The 'custom' dataset: the user's own 2-D points in the config, validated row by row, split by the seed.
import { describe, expect, it } from 'vitest';
import {
  type CustomPoint,
  defaultConfig,
  type ExperimentConfig,
  MAX_CUSTOM_POINTS,
  parseConfig,
} from './config';
import { makeDataset } from './data';

function custom(points: unknown, nTrain = 6, nTest = 2): unknown {
  const c = defaultConfig();
  return { ...c, data: { ...c.data, kind: 'custom', points, nTrain, nTest } };
}

const pts = (n: number): CustomPoint[] =>
  Array.from({ length: n }, (_, i) => [i / 20, -i / 20, (i % 2) as 0 | 1]);

function errors(input: unknown) {
  const r = parseConfig(input);
  if (r.ok) throw new Error('expected the config to be rejected');
  return r.errors;
}

describe('custom data in the config', () => {
  it('accepts valid points and keeps them', () => {
    const r = parseConfig(custom(pts(8)));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.config.data.points).toEqual(pts(8));
  });

  it('the defaults carry no points (old links and files are unchanged)', () => {
    expect('points' in defaultConfig().data).toBe(false);
    const r = parseConfig(defaultConfig());
    expect(r.ok && 'points' in r.config.data).toBe(false);
  });

  it('names the bad row (1-based) and the column', () => {
    const bad = pts(8) as unknown[][];
    bad[4] = [0.1, Number.NaN, 1];
    expect(errors(custom(bad))).toEqual([
      {
        field: 'data.points',
        message: expect.stringMatching(/^row 5 \(x2\): must be a number in \[-100, 100\]/),
      },
    ]);
    bad[4] = [0.1, 0.2, 2];
    expect(errors(custom(bad))[0].message).toMatch(/^row 5 \(class\): the class must be 0 or 1 \(got 2\)/);
    bad[4] = [1e9, 0.2, 1];
    expect(errors(custom(bad))[0].message).toMatch(/^row 5 \(x1\): .*got 1000000000/);
    bad[4] = [1, 2];
    expect(errors(custom(bad))[0].message).toMatch(/^row 5/);
  });

  it('bounds the number of points', () => {
    const many = pts(MAX_CUSTOM_POINTS + 1);
    const e = errors(custom(many, 10, 10));
    expect(
      e.some((x) => x.message.includes(`at most ${MAX_CUSTOM_POINTS} points (got ${MAX_CUSTOM_POINTS + 1})`)),
    ).toBe(true);
    expect(parseConfig(custom(pts(MAX_CUSTOM_POINTS), 10, 10)).ok).toBe(true);
  });

  it('needs points, and at least nTrain + nTest of them', () => {
    expect(errors(custom(undefined))[0]).toEqual({
      field: 'data.points',
      message: expect.stringContaining('custom data needs at least 2 points (has 0)'),
    });
    expect(errors(custom(pts(8), 7, 2))[0]).toEqual({
      field: 'data.nTrain',
      message: 'training + test samples (7 + 2) exceed the 8 custom points',
    });
  });

  it('is classification: xent is allowed', () => {
    const r = parseConfig(custom(pts(8)));
    expect(r.ok && r.config.train.loss).toBe('xent');
  });
});

describe('custom data set', () => {
  const config = (seed: number, n = 40, nTrain = 30, nTest = 10) => {
    const r = parseConfig({ ...(custom(pts(n), nTrain, nTest) as ExperimentConfig), seed });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return r.config;
  };
  const rows = (s: { n: number; x: Float64Array; labels: Int32Array | null }) =>
    Array.from({ length: s.n }, (_, i) => [s.x[2 * i], s.x[2 * i + 1], s.labels?.[i]]);

  it('splits the points exactly (no noise), every point once, deterministic for a seed', () => {
    const ds = makeDataset(config(3));
    expect(ds.inputDim).toBe(2);
    expect(ds.outputDim).toBe(2);
    expect(ds.classification).toBe(true);
    expect(ds.train.n).toBe(30);
    expect(ds.test.n).toBe(10);
    const all = [...rows(ds.train), ...rows(ds.test)].map((r) => r.join());
    expect(all.sort()).toEqual(
      pts(40)
        .map((r) => r.join())
        .sort(),
    );
    // one-hot targets agree with the labels
    for (let i = 0; i < ds.train.n; i++) expect(ds.train.y[2 * i + ds.train.labels![i]]).toBe(1);
    expect(rows(makeDataset(config(3)).train)).toEqual(rows(ds.train));
  });

  it('another seed gives another split; the order is shuffled', () => {
    const a = rows(makeDataset(config(3)).train).map((r) => r.join());
    const b = rows(makeDataset(config(4)).train).map((r) => r.join());
    expect(a).not.toEqual(b);
    expect(a).not.toEqual(pts(30).map((r) => r.join()));
  });

  it('uses only nTrain + nTest of the points when fewer are asked for', () => {
    const ds = makeDataset(config(1, 40, 8, 4));
    expect([ds.train.n, ds.test.n]).toEqual([8, 4]);
  });
});
