// The sweep store: points land in their series (sorted by x) and refit it; the pooled fit spans all series.
import { describe, expect, it } from 'vitest';
import { makeConfig } from '../core/testing';
import { planSweep } from '../sweep/plan';
import type { SweepPoint } from '../sweep/types';
import { addSweepPoint, beginSweep, endSweep, sweepSecondsLeft, taskCost, useSweep } from './sweep';

const point = (seriesId: string, N: number, y: number): SweepPoint => ({
  seriesId,
  N,
  M: 8,
  x: N,
  y,
  floor: 1e-6,
  precision: 'float32',
  loss: 0.5,
});

describe('sweep store', () => {
  it('collects points per series and keeps the fits current', () => {
    const r = planSweep(makeConfig({}), {
      kind: 'depth',
      metric: 'gradError',
      depths: [8, 16, 32],
      widths: [4],
      trainSteps: 0,
      precision: 'gpu',
      schemes: ['euler', 'heun'],
    });
    if (!r.ok) throw new Error(r.errors.join());
    beginSweep(r.plan, { precision: 'float32', backendLabel: 'test', experiment: 'test', notes: ['a note'] });
    let s = useSweep.getState();
    expect(s.status).toBe('running');
    expect(s.progress).toMatchObject({ done: 0, total: 6 });
    expect(s.series.map((x) => x.id)).toEqual(['euler', 'heun']);
    expect(s.meta?.xs).toEqual([8, 16, 32]);
    expect(s.meta?.notes).toContain('a note');

    addSweepPoint(point('euler', 16, 0.05));
    addSweepPoint(point('euler', 8, 0.1));
    addSweepPoint(point('heun', 8, 1e-3));
    s = useSweep.getState();
    expect(s.series[0].points.map((p) => p.N)).toEqual([8, 16]);
    expect(s.series[0].fit).toMatchObject({ kind: 'powerLaw', n: 2 });
    expect(s.series[0].fit.kind === 'powerLaw' && s.series[0].fit.slope).toBeCloseTo(-1, 9);
    expect(s.series[1].fit.n).toBe(1);
    expect(s.pooled?.n).toBe(3);

    endSweep('cancelled');
    s = useSweep.getState();
    expect(s.status).toBe('cancelled');
    expect(s.series[0].points).toHaveLength(2);
    expect(s.finishedAt).toBeGreaterThanOrEqual(s.startedAt);
  });
});

describe('sweep time left', () => {
  it('weights the networks left by N·B·M', () => {
    const r = planSweep(makeConfig({}), {
      kind: 'depth',
      metric: 'gradError',
      depths: [8, 16, 32],
      widths: [4],
      trainSteps: 10,
      precision: 'gpu',
      schemes: ['euler', 'heun'],
    });
    if (!r.ok) throw new Error(r.errors.join());
    const costs = r.plan.tasks.map(taskCost);
    expect(costs.length).toBeGreaterThanOrEqual(3);
    // costs grow with N
    const byN = r.plan.tasks.map((t, i) => [t.N, costs[i]] as const).sort((a, b) => a[0] - b[0]);
    expect(byN[0][1] * 2).toBeCloseTo(byN.find(([n]) => n === 2 * byN[0][0])?.[1] ?? Number.NaN);
    const p = (done: number, phase: 'build' | 'train' = 'build', trainStep = 0) => ({
      done,
      total: costs.length,
      task: null,
      phase,
      trainStep,
      trainTotal: 10,
    });
    expect(sweepSecondsLeft(costs, p(0), 1000)).toBeNaN();
    const total = costs.reduce((a, c) => a + c, 0);
    // one network done in 2 s: the rest takes 2 s × (their cost / its cost)
    expect(sweepSecondsLeft(costs, p(1), 2000)).toBeCloseTo((2 * (total - costs[0])) / costs[0]);
    // halfway through training the second one counts 0.8 × half of it as done
    const done = costs[0] + 0.4 * costs[1];
    expect(sweepSecondsLeft(costs, p(1, 'train', 5), 3000)).toBeCloseTo((3 * (total - done)) / done);
    expect(sweepSecondsLeft(costs, p(costs.length), 5000)).toBe(0);
  });
});
