// Autosave records: a good record comes back whole; every corrupted, foreign or outdated one is refused with a
// reason (fault injection: 14 kinds of bad record), never half-applied.
import { describe, expect, it } from 'vitest';
import { defaultConfig, type ExperimentConfig } from '../core/config';
import { initWeights } from '../core/params';
import { defaultViews } from '../state/experiment';
import {
  AUTOSAVE_FORMAT,
  AUTOSAVE_VERSION,
  type AutosaveRecord,
  checkRecord,
  evictions,
  experimentKey,
  fitsAutosave,
  legacyExperimentKeys,
  MAX_RECORDS,
} from './record';

function small(): ExperimentConfig {
  const c = defaultConfig();
  Object.assign(c.model, { depth: 4, width: 4 });
  return c;
}

function record(c = small()): AutosaveRecord {
  const w = initWeights(c);
  return {
    format: AUTOSAVE_FORMAT,
    version: AUTOSAVE_VERSION,
    key: experimentKey(c),
    savedAt: 1_700_000_000_000,
    config: c,
    views: defaultViews(),
    step: 12,
    weights: { residual: w.residual, readoutW: w.readoutW, readoutB: w.readoutB },
    history: {
      losses: [
        { step: 1, loss: 0.7, acc: 0.5 },
        { step: 12, loss: 0.4, acc: 0.8 },
        { step: 13, loss: 0.3, acc: 0.9 }, // after the saved step: dropped
      ],
      evals: [{ step: 12, trainLoss: 0.4, testLoss: 0.5, trainAcc: 0.8, testAcc: 0.7 }],
      gradErrors: [{ step: 12, value: 1e-3 }],
    },
    sweep: {
      meta: {
        kind: 'depth',
        metric: 'gradError',
        xLabel: 'depth N',
        yLabel: 'error',
        refSlopes: [-1],
        reference: null,
        trainSteps: 0,
        xs: [4, 8],
        precision: 'float64',
        backendLabel: 'CPU',
        experiment: 'moons',
        notes: [],
      },
      series: [
        {
          info: { id: 'resnet', label: 'ResNet', expected: '-1' },
          points: [
            { seriesId: 'resnet', N: 4, M: 4, x: 4, y: 0.1, floor: 1e-12, precision: 'float64', loss: 0.5 },
            { seriesId: 'resnet', N: 8, M: 4, x: 8, y: 0.05, floor: 1e-12, precision: 'float64', loss: 0.5 },
          ],
        },
      ],
    },
  };
}

describe('autosave records', () => {
  it('a record saved under the link of link version 2 still comes back; one of another experiment does not', () => {
    const rec = record();
    const [legacy] = legacyExperimentKeys(rec.config);
    expect(legacy.startsWith('v=2')).toBe(true);
    expect(legacy).not.toBe(rec.key);
    const old = { ...structuredClone(rec), key: legacy };
    expect(checkRecord(old, legacy).ok).toBe(true);
    const other = small();
    other.model.depth = 6;
    expect(checkRecord(old, legacyExperimentKeys(other)[0])).toMatchObject({ ok: false });
  });

  it('a good record comes back whole, its curves up to its step and its sweep refitted', () => {
    const rec = record();
    const r = checkRecord(structuredClone(rec), rec.key);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.record.step).toBe(12);
    expect(Array.from(r.record.weights.residual)).toEqual(Array.from(rec.weights.residual));
    expect(r.record.history.losses.map((p) => p.step)).toEqual([1, 12]);
    const fit = r.sweepSeries?.[0].fit;
    expect(fit?.kind === 'powerLaw' && fit.slope).toBeCloseTo(-1, 9);
  });

  it('a trained-loss sweep comes back read out as a crossing depth, also one saved before there was one', () => {
    const rec = record();
    const sweep = rec.sweep!;
    sweep.meta.metric = 'trainedLoss';
    // saved by an older version: a power-law meta, points without the loss at initialisation
    sweep.series[0].points = [
      { seriesId: 'resnet', N: 4, M: 4, x: 4, y: 0.6, floor: 0, precision: 'float64', loss: 0.6 },
      { seriesId: 'resnet', N: 8, M: 4, x: 8, y: 1e-4, floor: 0, precision: 'float64', loss: 1e-4 },
    ];
    const old = checkRecord(structuredClone(rec), rec.key);
    expect(old.ok).toBe(true);
    if (!old.ok) return;
    expect(old.sweepSeries?.[0].fit).toMatchObject({ kind: 'threshold', outcome: 'unknown', n: 2 });
    // saved now: each point carries its loss at initialisation, and the read-out is where it falls below 0.1 ×
    for (const p of sweep.series[0].points) p.initial = 0.7;
    const now = checkRecord(structuredClone(rec), rec.key);
    if (!now.ok) throw new Error('rejected');
    expect(now.record.sweep?.series[0].points[0].initial).toBe(0.7);
    expect(now.sweepSeries?.[0].fit).toMatchObject({
      kind: 'threshold',
      outcome: 'crosses',
      bracket: [4, 8],
    });
  });

  const bad: [string, (r: Record<string, unknown>) => void, RegExp][] = [
    [
      'not an object',
      (r) => {
        for (const k of Object.keys(r)) delete r[k];
      },
      /not an autosave record/,
    ],
    ['another format', (r) => (r.format = 'ode-lens-experiment'), /not an autosave record/],
    [
      'a newer version',
      (r) => (r.version = 2),
      /another version of the app \(record version 2, this app reads 1\)/,
    ],
    ['a version as a string', (r) => (r.version = '1'), /another version/],
    [
      'an invalid config',
      (r) => ((r.config as ExperimentConfig).model.depth = 0),
      /config is invalid .*model\.depth/,
    ],
    ['another experiment', (r) => ((r.config as ExperimentConfig).seed = 99), /another experiment/],
    [
      'weights as a plain array',
      (r) => ((r.weights as { residual: unknown }).residual = [1, 2]),
      /finite numbers/,
    ],
    [
      'weights of the wrong length',
      (r) => ((r.weights as { residual: unknown }).residual = new Float64Array(3)),
      /finite numbers/,
    ],
    [
      'a NaN weight',
      (r) => ((r.weights as { residual: Float64Array }).residual[0] = Number.NaN),
      /finite numbers/,
    ],
    [
      'an infinite read-out',
      (r) => ((r.weights as { readoutB: Float64Array }).readoutB[0] = Number.POSITIVE_INFINITY),
      /read-out/,
    ],
    ['no weights', (r) => delete r.weights, /finite numbers/],
    ['a negative step', (r) => (r.step = -1), /step -1 is not a step count/],
    ['a step of 1e300', (r) => (r.step = 1e300), /is not a step count/],
    ['a fractional step', (r) => (r.step = 1.5), /is not a step count/],
  ];
  it.each(bad)('refuses a record with %s', (_name, corrupt, message) => {
    const rec = structuredClone(record()) as unknown as Record<string, unknown>;
    corrupt(rec);
    const r = checkRecord(rec, experimentKey(small()));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it('a broken sweep or history is dropped, the weights still come back', () => {
    const rec = structuredClone(record()) as unknown as Record<string, unknown>;
    (rec.sweep as { meta: Record<string, unknown> }).meta.metric = 'nonsense';
    (rec.history as Record<string, unknown>).losses = 'garbage';
    const r = checkRecord(rec, experimentKey(small()));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.record.sweep).toBeNull();
    expect(r.record.history.losses).toEqual([]);
    expect(r.record.history.evals).toHaveLength(1);
  });

  it('view options do not change the key; the config does', () => {
    const a = small();
    const b = small();
    b.train.lr = 0.123;
    expect(experimentKey(a)).toBe(experimentKey(small()));
    expect(experimentKey(a)).not.toBe(experimentKey(b));
  });

  it('is bounded: at most MAX_RECORDS experiments, the oldest go; huge nets are not autosaved', () => {
    const saved = Array.from({ length: 7 }, (_, i) => ({ key: `k${i}`, savedAt: i }));
    const gone = evictions(saved, 'k0');
    expect(gone).toEqual(['k3', 'k2', 'k1']);
    expect(saved.length - gone.length).toBe(MAX_RECORDS);
    const huge = defaultConfig();
    Object.assign(huge.model, { depth: 8192, width: 1024, d: 64 });
    expect(fitsAutosave(huge)).toBe(false);
    expect(fitsAutosave(small())).toBe(true);
  });
});
