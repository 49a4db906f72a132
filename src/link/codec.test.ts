// Links: round trips of random valid experiments, thousands of random and mutated links that must never throw and
// always give a valid config, migration of the first link format, and the messages for rejected fields.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  configObjectSchema,
  defaultConfig,
  type ExperimentConfig,
  parseConfig,
  SCHEMES,
} from '../core/config';
import { defaultConfigV2, V2_CHANGED_DEFAULTS } from '../core/defaults-history';
import { defaultViews, VIEW_IDS, type ViewsState } from '../state/experiment';
import { SWEEP_METRIC_IDS } from '../sweep/metrics';
import { decodeLink, encodeLink, encodeLinkV1, encodeLinkV2, LINK_VERSION } from './codec';
import { viewsSchema } from './views-schema';

type Leaf = z.ZodType & {
  minValue?: number | null;
  maxValue?: number | null;
  isInt?: boolean;
  options?: string[];
};

/** An arbitrary for one config leaf, from its schema: enums, booleans, integers and floats in range. */
function leafArb(schema: Leaf): fc.Arbitrary<unknown> {
  // a field added later has a default for older configs (data.resolution): generate its inner schema's values
  if (schema.def.type === 'default') return leafArb((schema as unknown as z.ZodDefault).unwrap() as Leaf);
  if (schema.options) return fc.constantFrom(...schema.options);
  if (schema.minValue === undefined && schema.maxValue === undefined && !schema.isInt) return fc.boolean();
  const lo = schema.minValue ?? 0;
  const hi = Math.min(schema.maxValue ?? 1e6, 1e6);
  if (schema.isInt) return fc.integer({ min: lo, max: Math.min(hi, lo + 5000) });
  return fc
    .oneof(
      fc
        .double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true })
        .filter((x) => x > (schema.minValue ?? -Infinity) || x === lo),
      fc.constantFrom(lo, hi),
    )
    .map((x) => (x === 0 ? 0 : x)); // −0 and 0 are the same setting (JSON and links write both as 0)
}

const configArb: fc.Arbitrary<ExperimentConfig> = fc
  .record(
    Object.fromEntries(
      (['data', 'model', 'init', 'train'] as const).map((g) => [
        g,
        fc.record(
          Object.fromEntries(
            Object.entries((configObjectSchema.shape[g] as z.ZodObject<Record<string, Leaf>>).shape)
              // data.points (custom data) is a list of rows, not a leaf: src/link/custom-link.test.ts covers it
              .filter(([k]) => !(g === 'data' && k === 'points'))
              .map(([k, s]) => [k, leafArb(s)]),
          ),
        ),
      ]),
    ),
  )
  .chain((groups) =>
    fc.integer({ min: 0, max: 2 ** 32 - 1 }).map((seed) => ({ version: 1, seed, ...groups })),
  )
  .map((c) => parseConfig(c))
  .filter((r) => r.ok)
  .map((r) => (r as { ok: true; config: ExperimentConfig }).config);

const viewsArb: fc.Arbitrary<ViewsState> = fc.record({
  open: fc.uniqueArray(fc.constantFrom('trajectories', 'heatmap', 'curves', 'sweep', 'memory' as const), {
    maxLength: 5,
  }),
  trajectories: fc.record({
    showOde: fc.boolean(),
    highlightCrossings: fc.boolean(),
    particles: fc.boolean(),
    regions: fc.boolean(),
    fan: fc.integer({ min: 2, max: 256 }),
  }),
  heatmap: fc.record({
    mode: fc.constantFrom('entries', 'norms' as const),
    timeMetric: fc.constantFrom('norm', 'increment', 'entry' as const),
    entry: fc.integer({ min: 0, max: 1000 }),
  }),
  curves: fc.record({
    logScale: fc.boolean(),
    showTest: fc.boolean(),
    showAccuracy: fc.boolean(),
    showGradError: fc.boolean(),
  }),
  sweep: fc.record({
    kind: fc.constantFrom('depth', 'widthDepth' as const),
    metric: fc.constantFrom(...SWEEP_METRIC_IDS),
    depths: fc.array(fc.integer({ min: 1, max: 8192 }), { minLength: 1, maxLength: 24 }),
    widths: fc.array(fc.integer({ min: 1, max: 1024 }), { minLength: 1, maxLength: 12 }),
    trainSteps: fc.integer({ min: 0, max: 100_000 }),
    precision: fc.constantFrom('gpu', 'cpu' as const),
    schemes: fc.uniqueArray(fc.constantFrom(...SCHEMES), { minLength: 1, maxLength: SCHEMES.length }),
  }),
  speed: fc.double({ min: 0.25, max: 16, noNaN: true }),
  large: fc.uniqueArray(fc.constantFrom(...VIEW_IDS), { maxLength: 2 }),
  present: fc.boolean(),
  embed: fc.boolean(),
}) as fc.Arbitrary<ViewsState>;

function expectValid(d: ReturnType<typeof decodeLink>) {
  const r = parseConfig(d.config);
  if (!r.ok) throw new Error(`decoded an invalid config: ${JSON.stringify(r.errors)}`);
  expect(viewsSchema.safeParse(d.views).success).toBe(true);
}

describe('link round trips', () => {
  it('defaults encode to just the version', () => {
    expect(encodeLink(defaultConfig(), defaultViews())).toBe(`v=${LINK_VERSION}`);
    expect(viewsSchema.safeParse(defaultViews()).success).toBe(true);
  });

  it('random valid experiments survive encode → decode exactly, with nothing rejected', () => {
    fc.assert(
      fc.property(configArb, viewsArb, (config, views) => {
        const d = decodeLink(`#${encodeLink(config, views)}`);
        expect(d.rejected).toEqual([]);
        expect(d.config).toEqual(config);
        expect(d.views).toEqual(views);
      }),
      { numRuns: 300 },
    );
  });

  it('a whole URL, a query string and a bare hash all decode', () => {
    const c = { ...defaultConfig(), seed: 77 };
    const h = encodeLink(c, defaultViews());
    for (const s of [`https://example.org/app/#${h}`, `?${h}`, h, `#${h}`])
      expect(decodeLink(s).config.seed).toBe(77);
  });
});

describe('migration', () => {
  it('version-1 links (base64 JSON) open as the same experiment', () => {
    fc.assert(
      fc.property(configArb, viewsArb, (config, views) => {
        const d = decodeLink(`#${encodeLinkV1(config, views)}`);
        expect(d.version).toBe(1);
        expect(d.rejected).toEqual([]);
        expect(d.config).toEqual(config);
        expect(d.views).toEqual(views);
      }),
      { numRuns: 100 },
    );
  });

  it('version-2 links keep the v2 default of every field whose default changed in v3', () => {
    const changed = Object.keys(V2_CHANGED_DEFAULTS);
    expect(changed.length).toBeGreaterThan(0);
    // the table holds only fields whose default did change, each with its old value
    for (const path of changed) {
      const [g, k] = path.split('.');
      const now = (defaultConfig() as unknown as Record<string, Record<string, unknown>>)[g][k];
      expect(now, path).not.toEqual(V2_CHANGED_DEFAULTS[path]);
    }
    expect(decodeLink('#v=2').config).toEqual(defaultConfigV2());
    expect(decodeLink('#v=2').rejected).toEqual([]);
    expect(decodeLink(`#v=${LINK_VERSION}`).config).toEqual(defaultConfig());
    // a v2 link that sets a changed field keeps its value; the others get their v2 default
    const d = decodeLink('#v=2&train.lr=0.3&model.depth=8');
    expect(d.config.train.lr).toBe(0.3);
    expect(d.config.model.depth).toBe(8);
    expect(d.config.train.weightDecay).toBe(V2_CHANGED_DEFAULTS['train.weightDecay']);
    expect(d.config.train.steps).toBe(V2_CHANGED_DEFAULTS['train.steps']);
    // a refused value falls back to the v2 default, as it did in v2, with the reason
    const bad = decodeLink('#v=2&train.lr=abc');
    expect(bad.config.train.lr).toBe(V2_CHANGED_DEFAULTS['train.lr']);
    expect(bad.rejected).toEqual([
      expect.objectContaining({
        field: 'train.lr',
        reason: expect.stringContaining('using the default 0.02'),
      }),
    ]);
    // the old encoder and the new one describe the same experiment
    const c = { ...defaultConfig(), model: { ...defaultConfig().model, depth: 48 } };
    for (const link of [encodeLinkV2(c, defaultViews()), encodeLink(c, defaultViews())])
      expect(decodeLink(`#${link}`).config, link).toEqual(c);
    expect(encodeLinkV2(defaultConfigV2(), defaultViews())).toBe('v=2');
  });

  it('a link without a version is hand-written and read as version 2', () => {
    const d = decodeLink('#model.depth=8');
    expect(d.version).toBe(2);
    expect(d.config).toEqual({ ...defaultConfigV2(), model: { ...defaultConfigV2().model, depth: 8 } });
  });

  it('a broken version-1 payload falls back to the defaults with a reason', () => {
    const d = decodeLink('#v=1&c=%%%not-base64');
    // the defaults of its time: a version-1 (or 2) link left out what equalled them (src/core/defaults-history.ts)
    expect(d.config).toEqual(defaultConfigV2());
    expect(d.rejected[0]).toMatchObject({ field: 'c', reason: expect.stringContaining('base64') });
  });
});

describe('hostile, malformed and mutated links', () => {
  it('thousands of random strings never throw and always give a valid experiment', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400, unit: 'binary' }), (s) => {
        expectValid(decodeLink(s));
      }),
      { numRuns: 2000 },
    );
  });

  it('thousands of mutated valid links never throw and always give a valid experiment', () => {
    const keys = [
      ...Object.entries(configObjectSchema.shape).flatMap(([g, s]) =>
        g === 'version' || g === 'seed' ? [g] : Object.keys((s as z.ZodObject).shape).map((k) => `${g}.${k}`),
      ),
      'views.open',
      'views.sweep.depths',
      'views.trajectories.fan',
      'v',
      '__proto__',
      'constructor.prototype',
    ];
    const valueArb = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.double().map(String),
      fc.integer().map(String),
      fc.constantFrom(
        'NaN',
        'Infinity',
        '-1',
        '1e999',
        '0',
        '1',
        'true',
        '<script>alert(1)</script>',
        'linear',
        'heun',
        '',
      ),
    );
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('pair' as const), key: fc.constantFrom(...keys), value: valueArb }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
      fc.record({
        kind: fc.constant('char' as const),
        at: fc.nat(),
        ch: fc.string({ minLength: 1, maxLength: 1 }),
      }),
    );
    fc.assert(
      fc.property(configArb, fc.array(mutation, { minLength: 1, maxLength: 6 }), (config, muts) => {
        let link = encodeLink(config, defaultViews());
        for (const m of muts) {
          if (m.kind === 'pair') link += `&${encodeURIComponent(m.key)}=${encodeURIComponent(m.value)}`;
          else if (m.kind === 'cut') link = link.slice(0, m.at % (link.length + 1));
          else {
            const i = m.at % (link.length + 1);
            link = link.slice(0, i) + m.ch + link.slice(i + 1);
          }
        }
        const d = decodeLink(link);
        expectValid(d);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 3000 },
    );
  });

  it('rejects bad fields with a reason, keeps the valid ones, defaults the rest', () => {
    const d = decodeLink(
      '#v=2&model.depth=0&model.width=12&data.kind=<script>&train.lr=abc&bogus=1&__proto__=x&views.open=trajectories,nope&seed=5',
    );
    expectValid(d);
    expect(d.config.model.width).toBe(12);
    expect(d.config.seed).toBe(5);
    expect(d.config.model.depth).toBe(defaultConfig().model.depth);
    expect(d.config.data.kind).toBe(defaultConfig().data.kind);
    const by = Object.fromEntries(d.rejected.map((r) => [r.field, r.reason]));
    expect(by['model.depth']).toMatch(/integer in \[1, 8192\].*default 32/);
    expect(by['data.kind']).toMatch(/must be one of/);
    expect(by['train.lr']).toMatch(/not a number/);
    expect(by.bogus).toMatch(/unknown field/);
    expect(d.rejected.find((r) => r.field === '__proto__')?.reason).toMatch(/unknown field/);
    expect(by['views.open']).toBeDefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('cross-field conflicts revert the offending field', () => {
    // a linear residual cannot use the width-dependent scale: the scale falls back to its default
    const d = decodeLink('#model.residual=linear&model.scale=alpha%2F(N*M)&model.depth=20');
    expectValid(d);
    expect(d.config.model.residual).toBe('linear');
    expect(d.config.model.scale).toBe('1/N');
    expect(d.config.model.depth).toBe(20);
    expect(d.rejected.map((r) => r.field)).toEqual(['model.scale']);
    // d = 1 conflicts with the default 2-D moons padding: the link's own field is reverted
    const e = decodeLink('#model.d=1');
    expectValid(e);
    expect(e.rejected.length).toBeGreaterThan(0);
  });

  it('unknown versions and over-long links are reported', () => {
    expect(decodeLink('#v=99&seed=3').rejected[0]).toMatchObject({ field: 'v' });
    const long = decodeLink(`#seed=3&x=${'a'.repeat(20000)}`);
    expectValid(long);
    expect(long.config.seed).toBe(3);
    expect(long.rejected.some((r) => r.field === '(link)')).toBe(true);
  });
});
