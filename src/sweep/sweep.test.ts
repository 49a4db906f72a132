// Sweeps with the in-process float64 backend: the rates of Sander et al. (Fig. 3c) come out of a small sweep,
// cancellation keeps what was measured, progress arrives in order, plans validate their configs, and each
// metric's series say what they are.
import { describe, expect, it } from 'vitest';
import type { ExperimentConfig } from '../core/config';
import { type DeepPartial, makeConfig } from '../core/testing';
import { CpuBackend } from '../run/cpu-backend';
import { fitPowerLaw, fitSeries, formatFit, formatSlope } from './fit';
import { geometricRange, parseIntList } from './lists';
import { planSweep } from './plan';
import { runSweep } from './run';
import type { SweepOptions, SweepProgress } from './types';

const small = (over: DeepPartial<ExperimentConfig> = {}): ExperimentConfig =>
  makeConfig({
    ...over,
    data: { kind: 'gaussian', inputDim: 2, outputDim: 2, nTrain: 16, nTest: 0, ...over.data },
    model: {
      residual: 'mlp',
      d: 2,
      width: 8,
      activation: 'tanh',
      scheme: 'euler',
      readout: 'trained',
      ...over.model,
    },
    init: { kind: 'smooth', std: 1, stdV: 1, biasStd: 0.5, lengthScale: 0.3, ...over.init },
    train: { loss: 'mse', optimizer: 'gd', lr: 0.05, ...over.train },
  });

const opts = (over: Partial<SweepOptions> = {}): SweepOptions => ({
  kind: 'depth',
  metric: 'gradError',
  depths: [8, 16, 32, 64],
  widths: [4, 16],
  trainSteps: 0,
  precision: 'cpu',
  schemes: ['euler', 'heun'],
  ...over,
});

const cpu = { makeBackend: async (c: ExperimentConfig) => new CpuBackend(c) };

function plan(c: ExperimentConfig, o: SweepOptions) {
  const r = planSweep(c, o);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.plan;
}

function slopes(points: Awaited<ReturnType<typeof runSweep>>['points']) {
  const by = new Map<string, typeof points>();
  for (const p of points) by.set(p.seriesId, [...(by.get(p.seriesId) ?? []), p]);
  return Object.fromEntries([...by].map(([id, ps]) => [id, fitPowerLaw(ps)]));
}

describe('depth sweep of the adjoint gradient error (Sander et al., Fig. 3c)', () => {
  it('Euler ≈ 1/N, Heun steeper, at init and after training', async () => {
    for (const trainSteps of [0, 20]) {
      const run = await runSweep(plan(small(), opts({ trainSteps })), cpu);
      expect(run.cancelled).toBe(false);
      expect(run.points).toHaveLength(8);
      const fits = slopes(run.points);
      console.log(
        `gradError slopes (train ${trainSteps}):`,
        formatSlope(fits.euler),
        '/',
        formatSlope(fits.heun),
      );
      expect(fits.euler.n).toBe(4);
      expect(fits.euler.slope).toBeGreaterThan(-1.15);
      expect(fits.euler.slope).toBeLessThan(-0.85);
      expect(fits.euler.r2).toBeGreaterThan(0.98);
      expect(fits.heun.slope).toBeLessThan(fits.euler.slope - 0.5);
      // and Heun's gradient is better at every depth
      for (const N of [8, 16, 32, 64]) {
        const e = run.points.find((p) => p.seriesId === 'euler' && p.N === N)!;
        const h = run.points.find((p) => p.seriesId === 'heun' && p.N === N)!;
        expect(h.y).toBeLessThan(e.y);
        expect(e.precision).toBe('float64');
      }
    }
  });
});

describe('sweep control', () => {
  it('reports progress in order, ending at the total', async () => {
    const seen: SweepProgress[] = [];
    const p = plan(small(), opts({ depths: [4, 8, 16], trainSteps: 10 }));
    await runSweep(p, { ...cpu, trainChunk: 4, onProgress: (q) => seen.push(q) });
    expect(p.tasks).toHaveLength(6);
    for (let i = 1; i < seen.length; i++) expect(seen[i].done).toBeGreaterThanOrEqual(seen[i - 1].done);
    expect(seen[0]).toMatchObject({ done: 0, total: 6, phase: 'build' });
    expect(seen[seen.length - 1]).toMatchObject({ done: 6, total: 6, phase: 'finished' });
    // training progress within a point: 4, 8, 10 (chunks of 4), in order
    const first = seen.filter((q) => q.done === 0 && q.phase === 'train').map((q) => q.trainStep);
    expect(first).toEqual([4, 8, 10]);
    // every task announces itself before it finishes
    for (let i = 0; i < 6; i++) expect(seen.some((q) => q.done === i && q.phase === 'build')).toBe(true);
  });

  it('cancelling between points stops early and keeps the points measured', async () => {
    const ac = new AbortController();
    const got: number[] = [];
    const run = await runSweep(plan(small(), opts()), {
      ...cpu,
      signal: ac.signal,
      onPoint: (p) => {
        got.push(p.N);
        if (got.length === 3) ac.abort();
      },
    });
    expect(run.cancelled).toBe(true);
    expect(run.points).toHaveLength(3);
    expect(run.points.map((p) => p.N)).toEqual([8, 8, 16]);
    for (const p of run.points) expect(p.y).toBeGreaterThan(0);
  });

  it('cancelling during training stops within a chunk and disposes the backend', async () => {
    const ac = new AbortController();
    let disposed = 0;
    let trained = 0;
    const run = await runSweep(plan(small(), opts({ trainSteps: 1000 })), {
      makeBackend: async (c) => {
        const b = new CpuBackend(c);
        const train = b.trainSteps.bind(b);
        b.trainSteps = async (k) => {
          trained += k;
          return train(k);
        };
        b.dispose = () => {
          disposed++;
        };
        return b;
      },
      signal: ac.signal,
      trainChunk: 10,
      onProgress: (q) => {
        if (q.phase === 'train' && q.trainStep >= 30) ac.abort();
      },
    });
    expect(run.cancelled).toBe(true);
    expect(run.points).toHaveLength(0);
    expect(trained).toBe(30);
    expect(disposed).toBe(1);
  });
});

describe('other metrics', () => {
  it('smoothness: bounded in N for smooth init, grows for i.i.d.', async () => {
    const o = opts({ metric: 'smoothness', depths: [16, 32, 64, 128] });
    const smooth = slopes((await runSweep(plan(small(), o), cpu)).points).euler;
    const iid = slopes((await runSweep(plan(small({ init: { kind: 'iid' } }), o), cpu)).points).euler;
    expect(Math.abs(smooth.slope)).toBeLessThan(0.1);
    expect(iid.slope).toBeGreaterThan(0.7);
  });

  it('distance to the interpolated ODE ≈ 1/N (Euler, smooth weights)', async () => {
    const run = await runSweep(
      plan(small(), opts({ metric: 'odeDistance', depths: [16, 32, 64, 128] })),
      cpu,
    );
    const f = slopes(run.points).euler;
    expect(f.slope).toBeGreaterThan(-1.15);
    expect(f.slope).toBeLessThan(-0.85);
  });

  it('distance to a 4× deeper reference halves when N doubles (trained the same steps)', async () => {
    const p = plan(small(), opts({ metric: 'deepReference', depths: [8, 16, 32], trainSteps: 10 }));
    expect(p.reference).toEqual({ N: 128, M: 8 });
    expect(p.tasks[0].role).toBe('reference');
    const run = await runSweep(p, cpu);
    expect(run.points).toHaveLength(3);
    const f = slopes(run.points).euler;
    expect(f.slope).toBeGreaterThan(-1.3);
    expect(f.slope).toBeLessThan(-0.8);
  });

  it('trained loss: ResNet and HeunNet series, the full training loss after the steps, a note at 0 steps', async () => {
    const c = small({ train: { gradMode: 'exact', lr: 0.1 } });
    const p = plan(c, opts({ metric: 'trainedLoss', depths: [4, 8], trainSteps: 20 }));
    expect(p.series.map((s) => s.id)).toEqual(['euler', 'heun']);
    // labelled by what they are for this metric: a scheme trained with a gradient, no reverse pass measured
    expect(p.series.map((s) => s.label)).toEqual([
      'ResNet (Euler, exact gradients)',
      'HeunNet (Heun, exact gradients)',
    ]);
    expect(p.refSlopes).toEqual([]);
    const run = await runSweep(p, cpu);
    expect(run.points).toHaveLength(4);
    for (const q of run.points) {
      // the same number as training the variant directly and evaluating it (evaluating first changes nothing)
      const config = p.tasks.find((t) => t.N === q.N && t.seriesId === q.seriesId)!.config;
      const b = new CpuBackend(config);
      await b.trainSteps(20);
      expect(q.y).toBe((await b.evaluate()).trainLoss);
      // and the value at initialisation, which sets the threshold's level
      expect(q.initial).toBe((await new CpuBackend(config).evaluate()).trainLoss);
    }
    const init = (await new CpuBackend(c).evaluate()).trainLoss;
    expect(Math.max(...run.points.map((q) => q.y))).toBeLessThan(init);
    // read out as a threshold (a level from the loss at initialisation), never as a slope
    const fit = fitSeries(
      'trainedLoss',
      run.points.filter((q) => q.seriesId === 'euler'),
    );
    expect(fit.kind).toBe('threshold');
    if (fit.kind === 'threshold') expect(fit.level).toBeGreaterThan(0);
    expect(formatFit('trainedLoss', fit)).not.toMatch(/slope/);
    expect(plan(c, opts({ metric: 'trainedLoss' })).notes.join()).toMatch(/loss at initialisation/);
  });

  it('series labels say what each metric measures: the reverse pass only where it is measured', () => {
    const label = (metric: SweepOptions['metric']) =>
      plan(small(), opts({ metric, depths: [4, 8] })).series.map((s) => s.label);
    expect(label('gradError')).toEqual(['ResNet (reverse Euler)', 'HeunNet (reverse Heun)']);
    expect(label('reconError')).toEqual(['ResNet (reverse Euler)', 'HeunNet (reverse Heun)']);
    expect(label('odeDistance')).toEqual(['ResNet (Euler)']);
    expect(label('smoothness')).toEqual(['ResNet (Euler)']);
    expect(label('deepReference')).toEqual(['ResNet (Euler)']);
    const heun = plan(small({ model: { scheme: 'heun' } }), opts({ metric: 'odeDistance', depths: [4, 8] }));
    expect(heun.series.map((s) => [s.id, s.label])).toEqual([['heun', 'HeunNet (Heun)']]);
  });

  it('mean-ODE grid: one series per width, x = L·M, error falls with L·M', async () => {
    const c = small({ model: { scale: 'alpha/(N*M)', alpha: 4 }, init: { kind: 'iid' } });
    const p = plan(c, opts({ kind: 'widthDepth', depths: [4, 16], widths: [2, 8] }));
    expect(p.metric).toBe('meanOde');
    expect(p.reference).toEqual({ N: 64, M: 32 });
    expect(p.series.map((s) => s.id)).toEqual(['M2', 'M8']);
    const run = await runSweep(p, cpu);
    expect(run.points.map((q) => q.x)).toEqual([8, 32, 32, 128]);
    const all = fitPowerLaw(run.points);
    expect(all.slope).toBeLessThan(-0.2);
  });
});

describe('plans and lists', () => {
  it('validates every point before running', () => {
    const r = planSweep(small({ model: { convention: 'code' } }), opts({ depths: [1, 8] }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join()).toMatch(/N = 1: model\.depth/);
    const m = planSweep(small(), opts({ metric: 'meanOde' }));
    expect(m.ok).toBe(false);
    const lin = planSweep(small({ model: { residual: 'linear' } }), opts({ kind: 'widthDepth' }));
    expect(lin.ok).toBe(false);
    expect(planSweep(small(), opts({ depths: [8] })).ok).toBe(false);
  });

  it('views.sweep.schemes picks the series of a comparison; other metrics measure the config’s scheme', () => {
    const only = plan(small(), opts({ schemes: ['heun'], depths: [4, 8] }));
    expect(only.series.map((s) => s.id)).toEqual(['heun']);
    expect(only.tasks.map((t) => t.config.model.scheme)).toEqual(['heun', 'heun']);
    const ode = plan(small(), opts({ metric: 'odeDistance', schemes: ['heun'], depths: [4, 8] }));
    expect(ode.series.map((s) => s.id)).toEqual(['euler']);
    expect(planSweep(small(), opts({ schemes: [] })).ok).toBe(false);
  });

  it('compares any registered schemes, with each one’s expected slope from the registry (midpoint, RK4)', async () => {
    const p = plan(small(), opts({ schemes: ['euler', 'midpoint', 'rk4'], depths: [16, 32, 64] }));
    expect(p.series.map((s) => [s.label, s.expected])).toEqual([
      ['ResNet (reverse Euler)', '≈ −1'],
      ['MidpointNet (reverse midpoint)', '≈ −3 (smooth weights)'],
      ['RK4Net (reverse RK4)', '≈ −5 (smooth weights)'],
    ]);
    const iid = plan(small({ init: { kind: 'iid' } }), opts({ metric: 'reconError', schemes: ['rk4'] }));
    expect(iid.series[0].expected).toBe('flatter than −5 (i.i.d. weights)');
    const ode = plan(small({ model: { scheme: 'rk4' } }), opts({ metric: 'odeDistance' }));
    expect(ode.series[0].expected).toBe('≈ −4 (smooth weights)');
    const deep = plan(
      small({ model: { scheme: 'midpoint' } }),
      opts({ metric: 'deepReference', depths: [8, 16] }),
    );
    expect(deep.series[0].expected).toBe('≈ −2');
    // and the sweep runs: the measured slopes are in the expected order (the rates themselves:
    // schemes/rates.test.ts, on finer depths)
    const run = await runSweep(p, cpu);
    const s = slopes(run.points);
    expect(s.euler.slope).toBeGreaterThan(-1.3);
    expect(s.midpoint.slope).toBeLessThan(-2.5);
    expect(s.rk4.slope).toBeLessThan(-4);
  });

  it('parses depth lists and builds geometric ranges', () => {
    expect(parseIntList('4, 8 16,32', 1, 8192)).toEqual({ ok: true, values: [4, 8, 16, 32] });
    expect(parseIntList('32, 4, 4', 1, 8192)).toEqual({ ok: true, values: [4, 32] });
    expect(parseIntList('4, x', 1, 8192).ok).toBe(false);
    expect(parseIntList('4, 9000', 1, 8192).ok).toBe(false);
    expect(parseIntList('  ', 1, 8192).ok).toBe(false);
    expect(geometricRange(4, 256, 2)).toEqual([4, 8, 16, 32, 64, 128, 256]);
    expect(geometricRange(4, 100, 4)).toEqual([4, 16, 64]);
  });

  it('fits only points clearly above the round-off floor', () => {
    const pt = (x: number, y: number) => ({
      seriesId: 's',
      N: x,
      M: 1,
      x,
      y,
      floor: 1e-6,
      precision: 'float32' as const,
      loss: 0,
    });
    const f = fitPowerLaw([pt(8, 1e-2), pt(16, 5e-3), pt(32, 2.5e-3), pt(64, 2e-6), pt(128, Number.NaN)]);
    expect(f.n).toBe(3);
    expect(f.excluded).toBe(2);
    expect(f.slope).toBeCloseTo(-1, 6);
    expect(formatSlope(f)).toBe('slope −1.00 (r² 1.000)');
  });
});
