// Every kernel compiles in every variant, against its explicit bind-group layout: the layout's uniform
// minBindingSize is the host's struct size, so a WGSL struct that disagreed with the host writer would fail
// pipeline creation here (the last test shows that check is live).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEIGHT_BOUND } from '../core/divergence';
import { netSpec } from '../core/params';
import { makeConfig } from '../core/testing';
import { RESIDUAL_IDS, residualKind } from '../residuals';
import { SCHEME_IDS } from '../schemes';
import type { KernelDef } from './contract';
import { LOSS, METRICS, MIDSETS, OPTIM, resnetKernel, WREDUCE } from './defs';
import { kernelSource, pipeline } from './kernels';
import { acquireNodeDevice, releaseNodeDevice } from './node-device';
import { resnetConsts, VARIANTS, wreduceConsts } from './plan';

let device: GPUDevice;
beforeAll(async () => {
  device = (await acquireNodeDevice()).device;
});
afterAll(async () => {
  await releaseNodeDevice();
});

// every residual kind × scheme of the registries (the kernels assembled from their snippets)
const shapes = RESIDUAL_IDS.flatMap((residual, i) =>
  SCHEME_IDS.map((scheme, j) => ({
    residual,
    scheme,
    bias: (i + j) % 2 === 0,
    activation: (['tanh', 'gelu', 'relu'] as const)[(i + j) % 3],
    d: 2 + ((i + 2 * j) % 3),
    width: residualKind(residual).hasWidth ? 5 + 2 * j : 1,
  })),
);

describe('every kernel variant compiles with its explicit layout', () => {
  const cases = VARIANTS.flatMap((v) => shapes.map((s) => [v.name, s] as const));
  it.each(cases)('resnet %s %o', async (name, s) => {
    const spec = netSpec(
      makeConfig({ data: { kind: 'gaussian' }, model: { ...s, depth: 3 }, train: { loss: 'mse' } }),
    );
    const v = VARIANTS.find((x) => x.name === name)!;
    const k = resnetKernel(spec);
    for (const entry of k.entries) await pipeline(device, k, entry, resnetConsts(spec, v));
    await pipeline(device, WREDUCE, 'wreduce', wreduceConsts(spec));
  });

  it('loss, optimizer and metrics kernels', async () => {
    for (const XENT of [false, true])
      for (const e of LOSS.entries) await pipeline(device, LOSS, e, { D: 3, K: 2, XENT });
    for (const OPT of [0, 1, 2]) await pipeline(device, OPTIM, 'step', { OPT, WMAX: WEIGHT_BOUND });
    await pipeline(device, METRICS, 'rowdiff', {});
    await pipeline(device, MIDSETS, 'midsets', { SET: 7 });
  });

  it('a layout whose uniform is smaller than the WGSL struct is rejected (the size check is live)', async () => {
    const k: KernelDef = OPTIM;
    const module = device.createShaderModule({ code: kernelSource(k, { OPT: 2, WMAX: WEIGHT_BOUND }) });
    const layout = device.createBindGroupLayout({
      entries: k.bindings.map((b, i) => ({
        binding: i,
        visibility: GPUShaderStage.COMPUTE,
        buffer:
          b.access === 'uniform'
            ? { type: 'uniform' as const, minBindingSize: 32 } // Opt is 48 bytes
            : { type: b.access === 'read' ? ('read-only-storage' as const) : ('storage' as const) },
      })),
    });
    await expect(
      device.createComputePipelineAsync({
        layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }),
        compute: { module, entryPoint: 'step' },
      }),
    ).rejects.toThrow(/minBindingSize|binding size/i);
  });
});
