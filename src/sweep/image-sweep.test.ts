// A CPU sweep of image data: it refuses with a clear message while the file is not provisioned (nothing measured),
// and runs on the bytes once they are held (as the sweep worker does with the page's copy).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExperimentConfig } from '../core/config';
import { makeConfig } from '../core/testing';
import { FASHION_MNIST } from '../data/fashion-mnist';
import { bytesReader, forgetImages, provideImages } from '../data/provision';
import { CpuBackend } from '../run/cpu-backend';
import { planSweep } from './plan';
import { runSweep } from './run';
import type { SweepPoint } from './types';

const images = makeConfig({
  data: { kind: 'fashion-mnist', resolution: 14, nTrain: 64, nTest: 32 },
  model: { d: 8, width: 8, depth: 4, embedding: 'random', innerScale: '1/sqrt(d)' },
  init: { kind: 'iid', stdV: 0.2 },
  train: { loss: 'xent', batchSize: 16 },
});

const plan = () => {
  const r = planSweep(images, {
    kind: 'depth',
    metric: 'gradError',
    depths: [4, 8],
    widths: [8],
    trainSteps: 3,
    precision: 'cpu',
    schemes: ['euler'],
  });
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.plan;
};

const cpu = { makeBackend: async (c: ExperimentConfig) => new CpuBackend(c) };

afterEach(() => forgetImages());

describe('CPU sweep of Fashion-MNIST', () => {
  it('refuses clearly without the provisioned bytes, measuring nothing', async () => {
    const got: SweepPoint[] = [];
    await expect(runSweep(plan(), { ...cpu, onPoint: (p) => got.push(p) })).rejects.toThrow(
      /Fashion-MNIST 14×14 is not loaded yet: it must be provisioned before a run is built/,
    );
    expect(got).toHaveLength(0);
  });

  it('runs on the provisioned bytes: every point measured and finite', async () => {
    const bytes = new Uint8Array(
      readFileSync(resolve(__dirname, '../../public', FASHION_MNIST.files[14].path)),
    );
    await provideImages(14, bytesReader(bytes));
    const run = await runSweep(plan(), cpu);
    expect(run.cancelled).toBe(false);
    const pts = run.points.filter((p) => !p.note);
    expect(pts.length).toBe(run.points.length);
    expect(pts.length).toBeGreaterThanOrEqual(2);
    for (const p of pts) expect(Number.isFinite(p.y) && p.y > 0).toBe(true);
  });
});
