// The headless experiment on the WebGPU backend (Node/Dawn): deterministic, and its probe matches the reference.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatherRows } from '../core/batches';
import { computeGradients } from '../core/gradients';
import { makeConfig, relErr } from '../core/testing';
import { acquireNodeDevice, releaseNodeDevice } from '../engine/node-device';
import { encodeLink } from '../link/codec';
import { GpuBackend } from '../run/gpu-backend';
import { defaultViews } from '../state/experiment';
import { runExperiment, runProbe, type StructuredSet } from './experiment';

let device: GPUDevice;
beforeAll(async () => {
  device = (await acquireNodeDevice()).device;
});
afterAll(async () => {
  await releaseNodeDevice();
});

const config = makeConfig({
  data: { kind: 'gaussian', inputDim: 3, outputDim: 2, nTrain: 24, nTest: 8 },
  model: { d: 3, width: 6, depth: 20, scheme: 'euler' },
  train: { loss: 'mse', batchSize: 8, gradMode: 'adjoint' },
});

const flat = (sets: StructuredSet[]) =>
  sets.flatMap((s) =>
    'W' in s ? [...s.W.flat(), ...(s.b ?? []), ...s.V.flat()] : [...s.theta.flat(), ...(s.b ?? [])],
  );

async function run() {
  const b = await GpuBackend.create(device, config);
  try {
    const { result, weights } = await runExperiment(b, config, encodeLink(config, defaultViews()), {
      steps: 10,
      evalEvery: 5,
    });
    const probe = await runProbe(b, weights);
    return { result, probe, weights, data: b.data, spec: b.spec };
  } finally {
    b.dispose();
  }
}

describe('headless experiment on WebGPU', () => {
  it('is deterministic and its probe gradients match the float64 reference within 1e-4', async () => {
    const a = await run();
    const again = await run();
    expect(JSON.stringify(again.result)).toBe(JSON.stringify(a.result));
    expect(JSON.stringify(again.probe)).toBe(JSON.stringify(a.probe));
    const idx = Int32Array.from(a.probe.indices);
    const x = gatherRows(a.data.train.x, a.data.inputDim, idx);
    const y = gatherRows(a.data.train.y, a.data.outputDim, idx);
    const ex = computeGradients(a.spec, a.weights, x, y, idx.length, 'mse', 'exact');
    const ad = computeGradients(a.spec, a.weights, x, y, idx.length, 'mse', 'adjoint');
    expect(relErr(flat(a.probe.gradients.exact), ex.grad)).toBeLessThan(1e-4);
    expect(relErr(flat(a.probe.gradients.adjoint), ad.grad)).toBeLessThan(1e-4);
    expect(Math.abs(a.probe.loss - ex.loss) / ex.loss).toBeLessThan(1e-4);
    expect(relErr(a.probe.states.flat(2), ex.states!)).toBeLessThan(1e-4);
  });
});
