import { describe, expect, it } from 'vitest';
import {
  configObjectSchema,
  dataInputDim,
  dataOutputDim,
  defaultConfig,
  depthLayout,
  type ExperimentConfig,
  formatErrors,
  isClassification,
  MAX_DEPTH,
  MAX_DIM,
  parseConfig,
  residualScale,
  SCHEMA_VERSION,
} from './config';

function withField(path: string, value: unknown): unknown {
  const c = structuredClone(defaultConfig()) as Record<string, unknown>;
  const keys = path.split('.');
  let o = c as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) o = o[k] as Record<string, unknown>;
  o[keys[keys.length - 1]] = value;
  return c;
}

function errorsFor(input: unknown) {
  const r = parseConfig(input);
  if (r.ok) throw new Error('expected the config to be rejected');
  return r.errors;
}

describe('config', () => {
  it('defaults are valid and carry the schema version', () => {
    const r = parseConfig(defaultConfig());
    expect(r.ok).toBe(true);
    expect(defaultConfig().version).toBe(SCHEMA_VERSION);
  });

  it('every leaf field rejects an out-of-range or wrong-typed value with a message naming the field and range', () => {
    const shape = configObjectSchema.shape;
    const leaves: string[] = ['version', 'seed'];
    for (const group of ['data', 'model', 'init', 'train'] as const)
      for (const k of Object.keys(shape[group].shape)) leaves.push(`${group}.${k}`);
    expect(leaves.length).toBeGreaterThan(35);
    for (const field of leaves) {
      const current = field
        .split('.')
        .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], defaultConfig());
      // a value of the wrong type is always invalid
      const bad = typeof current === 'string' ? 12345 : 'nonsense';
      const errs = errorsFor(withField(field, bad));
      const mine = errs.filter((e) => e.field === field);
      expect(mine.length, `${field}: ${formatErrors(errs)}`).toBeGreaterThan(0);
      const msg = mine[0].message;
      if (typeof current === 'number' && field !== 'version') expect(msg, field).toMatch(/in [[(].*,.*\]/);
      if (typeof current === 'string') expect(msg, field).toMatch(/must be one of '/);
      if (typeof current === 'boolean') expect(msg, field).toMatch(/true or false/);
    }
  });

  it('names the allowed range and the rejected value for numbers', () => {
    const errs = errorsFor(withField('model.depth', 0));
    expect(errs).toEqual([
      { field: 'model.depth', message: `must be an integer in [1, ${MAX_DEPTH}] (got 0)` },
    ]);
    const e2 = errorsFor(withField('train.lr', -1));
    expect(e2[0].field).toBe('train.lr');
    expect(e2[0].message).toContain('(0, 1000000]');
    expect(errorsFor(withField('model.width', 2.5))[0].message).toContain('integer');
    expect(errorsFor(withField('train.lr', Number.NaN))[0].field).toBe('train.lr');
    expect(errorsFor(withField('data.noise', Number.POSITIVE_INFINITY))[0].field).toBe('data.noise');
  });

  it('rejects a missing group and a wrong version', () => {
    const c = structuredClone(defaultConfig()) as Partial<ExperimentConfig>;
    delete c.model;
    expect(errorsFor(c).some((e) => e.field === 'model')).toBe(true);
    expect(errorsFor(withField('version', 99))[0]).toEqual({
      field: 'version',
      message: 'must be 1 (got 99)',
    });
    expect(errorsFor(null)[0].field).toBe('(config)');
  });

  it('cross-field rules point at the field to change', () => {
    const sq = { ...defaultConfig(), data: { ...defaultConfig().data, kind: 'square', lo: -1, hi: 1 } };
    expect(errorsFor({ ...sq, train: { ...sq.train, loss: 'mse' } })[0]).toMatchObject({
      field: 'data.lo',
      message: expect.stringMatching(/one-signed/),
    });
    const lin = defaultConfig();
    lin.model.residual = 'linear';
    lin.model.scale = 'alpha/(N*M)';
    expect(errorsFor(lin).map((e) => e.field)).toContain('model.scale');
    const xent = defaultConfig();
    xent.data.kind = 'gaussian';
    expect(errorsFor(xent).map((e) => e.field)).toContain('train.loss');
    const pad = defaultConfig();
    pad.model.d = 1;
    expect(errorsFor(pad).map((e) => e.field)).toEqual(expect.arrayContaining(['model.embedding']));
    const proj = defaultConfig();
    proj.model.readout = 'project';
    proj.model.d = 1;
    proj.model.embedding = 'random';
    expect(errorsFor(proj).map((e) => e.field)).toContain('model.readout');
    const huge = defaultConfig();
    huge.model.depth = MAX_DEPTH;
    huge.model.width = 1024;
    huge.model.d = 256;
    expect(errorsFor(huge).map((e) => e.field)).toContain('model.depth');
  });

  it('depth layout follows the two conventions', () => {
    const L = (scheme: 'euler' | 'heun', convention: 'paper' | 'code') =>
      depthLayout({ depth: 10, scheme, convention });
    expect(L('euler', 'paper')).toEqual({ steps: 10, paramSets: 11, usedSets: 10 });
    expect(L('heun', 'paper')).toEqual({ steps: 10, paramSets: 11, usedSets: 11 });
    expect(L('euler', 'code')).toEqual({ steps: 9, paramSets: 10, usedSets: 9 });
    expect(L('heun', 'code')).toEqual({ steps: 9, paramSets: 10, usedSets: 10 });
  });

  it('residual scales', () => {
    const m = { depth: 16, alpha: 3, width: 4, d: 9 };
    expect(residualScale({ ...m, scale: '1/N' })).toBe(1 / 16);
    expect(residualScale({ ...m, scale: '1' })).toBe(1);
    expect(residualScale({ ...m, scale: '1/sqrt(N)' })).toBe(1 / 4);
    expect(residualScale({ ...m, scale: 'alpha/N' })).toBe(3 / 16);
    expect(residualScale({ ...m, scale: 'alpha/(N*M)' })).toBe(3 / 64);
    expect(residualScale({ ...m, scale: 'sqrt(d)/(N*M)' })).toBe(3 / 64);
  });

  describe('fashion-mnist', () => {
    const fm = () => {
      const c = defaultConfig();
      c.data.kind = 'fashion-mnist';
      c.data.nTrain = 1000;
      c.data.nTest = 200;
      c.model.d = 32;
      c.model.embedding = 'random';
      return c;
    };

    it('is a 10-class classification on 196 or 784 inputs while d stays small', () => {
      const c = fm();
      expect(parseConfig(c).ok).toBe(true);
      expect([dataInputDim(c), dataOutputDim(c), isClassification(c)]).toEqual([196, 10, true]);
      c.data.resolution = 28;
      expect(parseConfig(c).ok).toBe(true);
      expect(dataInputDim(c)).toBe(784); // above MAX_DIM: the embedding is host-side, the kernels see d
      expect(dataInputDim(c)).toBeGreaterThan(MAX_DIM);
    });

    it('rejects a resolution the files do not have, naming the two sizes', () => {
      const c = fm();
      c.data.resolution = 20 as 14;
      expect(errorsFor(c)).toEqual([
        { field: 'data.resolution', message: 'must be 14 or 28 (images of 14×14 or 28×28 pixels; got 20)' },
      ]);
      expect(errorsFor(withField('data.resolution', 100))[0].message).toBe(
        'must be an integer in [14, 28] (got 100)',
      );
    });

    it('rejects subsets larger than the file holds, saying how many there are', () => {
      const c = fm();
      c.data.nTrain = 20_000;
      c.data.nTest = 5000;
      expect(errorsFor(c)).toEqual([
        {
          field: 'data.nTrain',
          message:
            'Fashion-MNIST has 10,000 training images here (1000 per class): use at most that many (got 20000)',
        },
        {
          field: 'data.nTest',
          message:
            'Fashion-MNIST has 2,000 test images here (200 per class): use at most that many (got 5000)',
        },
      ]);
    });

    it("refuses the 'pad' embedding below the image's dimension, pointing to 'random'", () => {
      const c = fm();
      c.model.embedding = 'pad';
      expect(errorsFor(c)).toEqual([
        {
          field: 'model.embedding',
          message:
            "'pad' needs model.d ≥ the data dimension 196; use 'random' (a fixed projection to d) or raise d",
        },
      ]);
    });

    it('reads an older config without data.resolution as 14', () => {
      const c = defaultConfig() as unknown as { data: Record<string, unknown> };
      delete c.data.resolution;
      const r = parseConfig(c);
      expect(r.ok && r.config.data.resolution).toBe(14);
    });
  });
});
