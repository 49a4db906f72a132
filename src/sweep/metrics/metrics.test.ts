// The metric registry: every metric is a module with its labels and a fit policy; the lists the app keeps (the
// link schema, the menu, autosave's check) are this registry; ids are the ones links and files already use.
import { describe, expect, it } from 'vitest';
import { makeConfig } from '../../core/testing';
import { viewsSchema } from '../../link/views-schema';
import { SCHEME_IDS } from '../../schemes';
import { defaultViews } from '../../state/experiment';
import { planSweep } from '../plan';
import { schemeFacts } from '../schemes';
import { isSweepMetricId, metricsFor, SWEEP_METRIC_IDS, SWEEP_METRICS, sweepMetric } from '.';

describe('sweep metric registry', () => {
  it('keeps the ids of links, files and CSV headers, in the link schema’s order', () => {
    expect(SWEEP_METRIC_IDS).toEqual([
      'gradError',
      'reconError',
      'odeDistance',
      'smoothness',
      'deepReference',
      'meanOde',
      'trainedLoss',
    ]);
    expect(new Set(SWEEP_METRIC_IDS).size).toBe(SWEEP_METRIC_IDS.length);
    const metric = viewsSchema.shape.sweep.shape.metric;
    for (const id of SWEEP_METRIC_IDS) expect(metric.safeParse(id).success).toBe(true);
    expect(metric.safeParse('nonsense').success).toBe(false);
    expect(isSweepMetricId('trainedLoss')).toBe(true);
    expect(isSweepMetricId('constructor')).toBe(false);
  });

  it('every metric has labels, a measure, a fit policy and an expected rate for every scheme', () => {
    const ctx = {
      config: makeConfig({}),
      opts: defaultViews().sweep,
      init: 'smooth' as const,
      counterExample: false,
      smooth: true,
      trainSteps: 0,
    };
    for (const m of SWEEP_METRICS) {
      expect(sweepMetric(m.id)).toBe(m);
      for (const text of [m.label, m.title, m.plotTitle, m.yLabel, m.short])
        expect(text.length).toBeGreaterThan(3);
      expect(typeof m.measure).toBe('function');
      expect(['powerLaw', 'threshold']).toContain(m.fit.kind);
      for (const s of SCHEME_IDS.map(schemeFacts)) {
        expect(m.seriesLabel(s, ctx)).toContain(s.netName);
        expect(m.expected(ctx, s).length).toBeGreaterThan(0);
      }
      // a threshold metric needs the value its level is a fraction of
      if (m.fit.kind === 'threshold') expect(m.atInit).toBeTypeOf('function');
    }
    expect(sweepMetric('trainedLoss').fit.kind).toBe('threshold');
    expect(SWEEP_METRICS.filter((m) => m.fit.kind === 'threshold').map((m) => m.id)).toEqual(['trainedLoss']);
    expect(() => sweepMetric('nope' as 'gradError')).toThrow(/unknown sweep metric/);
  });

  it('the menu of each kind of sweep, and a plan for every depth metric', () => {
    expect(metricsFor('widthDepth').map((m) => m.id)).toEqual(['meanOde']);
    const depth = metricsFor('depth').map((m) => m.id);
    expect(depth).toEqual([
      'gradError',
      'reconError',
      'odeDistance',
      'smoothness',
      'deepReference',
      'trainedLoss',
    ]);
    for (const metric of depth) {
      const r = planSweep(makeConfig({}), { ...defaultViews().sweep, metric, depths: [4, 8], trainSteps: 1 });
      expect(r.ok, metric).toBe(true);
      if (r.ok) {
        expect(r.plan.metric).toBe(metric);
        expect(r.plan.yLabel).toBe(sweepMetric(metric).yLabel);
      }
    }
  });
});
