// The Fashion-MNIST epoch row: its cases are valid configs of the whole training subset with ⌈n/B⌉ steps, and
// timing one (tiny) epoch on the float64 engine trains every step and reports a finite rate.
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { provisionFromDisk } from '../src/cli/images';
import { IMAGE_TRAIN_MAX } from '../src/core/config';
import { forgetImages } from '../src/data/provision';
import { CpuBackend } from '../src/run/cpu-backend';
import { EPOCH_DEFAULT, epochLine, fmnistEpochCase, timeEpoch } from './epoch';

afterAll(() => forgetImages());

describe('Fashion-MNIST epoch row', () => {
  it('one epoch of the whole training subset, in the given size and gradient mode', () => {
    const c = fmnistEpochCase(EPOCH_DEFAULT, 'adjoint');
    expect(IMAGE_TRAIN_MAX).toBe(10_000);
    expect(c.steps).toBe(157); // ⌈10000 / 64⌉
    expect(c.samples).toBe(157 * 64);
    expect(c.config.data).toMatchObject({ kind: 'fashion-mnist', resolution: 14, nTrain: 10_000, nTest: 0 });
    expect(c.config.model).toMatchObject({ depth: 16, d: 32, width: 32, embedding: 'random' });
    expect(c.config.train).toMatchObject({ gradMode: 'adjoint', batchSize: 64, loss: 'xent' });
    expect(c.label).toBe('Fashion-MNIST 14×14 epoch (10000 images) · N=16 d=32 M=32 B=64 · adjoint');
    expect(fmnistEpochCase({ ...EPOCH_DEFAULT, B: 1000 }, 'exact').steps).toBe(10);
  });

  it('times an epoch on a backend: every step trained, a finite rate and loss', async () => {
    const c = fmnistEpochCase({ resolution: 14, N: 2, d: 4, M: 4, B: 1000 }, 'exact');
    await provisionFromDisk(c.config, resolve(__dirname, '../public'));
    const b = new CpuBackend(c.config);
    const t = await timeEpoch(b, c);
    expect(b.step).toBe(2 + c.steps);
    expect(t.ms).toBeGreaterThan(0);
    expect(t.samplesPerS).toBeCloseTo((10_000 / t.ms) * 1000, 6);
    expect(Number.isFinite(t.loss)).toBe(true);
    expect(epochLine(c, 'CPU float64', t)).toMatch(
      /· CPU float64: [\d.]+ s\/epoch \(10 steps, [\d.]+ ms\/step\), [\d,]+ samples\/s, loss [\d.]+$/,
    );
    expect(epochLine(c, 'WebGPU', 'failed: x')).toMatch(/· WebGPU: failed: x$/);
  }, 60_000);
});
