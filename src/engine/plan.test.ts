// The memory plan: which kernel variant a shape gets, and that the memory-free adjoint's working set does not
// grow with depth while exact backprop's does (the bench grid's points and sizes a GPU is built for).
import { describe, expect, it } from 'vitest';
import { makeDataset } from '../core/data';
import { netSpec } from '../core/params';
import { makeConfig } from '../core/testing';
import { CHECKPOINTS } from '../core/training-state';
import { SCHEME_IDS, type SchemeId } from '../schemes';
import {
  adapterClass,
  backwardChunk,
  contextBuffers,
  contextPlan,
  EngineLimitError,
  modeMemory,
  PORTABLE_LIMITS,
  pickVariant,
  VARIANT_TABLE,
  VARIANTS,
  workgroupBytes,
} from './plan';
import { planRun } from './run-plan';

const spec = (depth: number, d: number, M: number, scheme: SchemeId = 'euler') =>
  netSpec(
    makeConfig({
      data: { kind: 'gaussian', inputDim: 2, outputDim: 2 },
      model: { depth, d, width: M, scheme },
      train: { loss: 'mse' },
    }),
  );

describe('kernel variant table', () => {
  it('picks by batch size, and by workgroup memory when the layers are wide', () => {
    const s = spec(16, 2, 16);
    expect(pickVariant(s, 256, PORTABLE_LIMITS).name).toBe('tile64');
    expect(pickVariant(s, 1024, PORTABLE_LIMITS).name).toBe('tile64');
    expect(pickVariant(s, 32, PORTABLE_LIMITS).name).toBe('tile16');
    expect(pickVariant(s, 8, PORTABLE_LIMITS).name).toBe('tile4');
    // d = 16, M = 64: a 64-sample tile needs 20 KiB of workgroup memory, over the portable 16 KiB
    expect(pickVariant(spec(16, 16, 64), 256, PORTABLE_LIMITS).name).toBe('tile16');
    expect(
      pickVariant(spec(16, 16, 64), 256, { ...PORTABLE_LIMITS, maxComputeWorkgroupStorageSize: 32768 }).name,
    ).toBe('tile64');
    const wide = spec(2, 128, 512);
    expect(pickVariant(wide, 256, PORTABLE_LIMITS).name).toBe('tile4');
    expect(workgroupBytes(wide, { name: 'tile16', tile: 16 })).toBeGreaterThan(
      PORTABLE_LIMITS.maxComputeWorkgroupStorageSize,
    );
    // on a GPU, wide MLPs split their hidden units: 16 samples per workgroup where the tiles fit, else 4
    expect(pickVariant(spec(4, 2, 128), 32, PORTABLE_LIMITS).name).toBe('split16');
    expect(pickVariant(spec(4, 2, 128), 8, PORTABLE_LIMITS).name).toBe('split4');
    expect(pickVariant(spec(4, 16, 256), 1024, PORTABLE_LIMITS).name).toBe('split4');
    expect(
      pickVariant(spec(4, 16, 256), 1024, { ...PORTABLE_LIMITS, maxComputeWorkgroupStorageSize: 49152 }).name,
    ).toBe('split16');
    // below the width threshold nothing is split; nor on a CPU-backed adapter (barriers cost more than the
    // parallelism they buy there: 2.3× slower at d = 16, M = 256 on SwiftShader)
    expect(pickVariant(spec(4, 2, 64), 32, PORTABLE_LIMITS).name).toBe('tile16');
    expect(pickVariant(spec(4, 2, 128), 32, PORTABLE_LIMITS, undefined, 'cpu').name).toBe('tile16');
    expect(pickVariant(spec(4, 2, 128), 8, PORTABLE_LIMITS, undefined, 'cpu').name).toBe('tile4');
    expect(() => pickVariant(spec(2, 256, 1024), 256, PORTABLE_LIMITS)).toThrow(/model.d = 256/);
  });

  it('every row is reachable and names why', () => {
    const seen = new Set<string>();
    for (const B of [1, 8, 32, 256])
      for (const [d, M] of [
        [2, 16],
        [2, 128],
        [128, 512],
      ])
        seen.add(pickVariant(spec(4, d, M), B, PORTABLE_LIMITS).name);
    expect([...seen].sort()).toEqual(VARIANTS.map((v) => v.name).sort());
    for (const r of VARIANT_TABLE) expect(r.why.length).toBeGreaterThan(5);
  });

  it('tells CPU-backed adapters from GPUs', () => {
    expect(adapterClass({ vendor: 'google', architecture: 'swiftshader' })).toBe('cpu');
    expect(adapterClass({ vendor: 'mesa', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' })).toBe('cpu');
    expect(adapterClass({ vendor: 'nvidia', architecture: 'hopper', isFallbackAdapter: true })).toBe('cpu');
    expect(adapterClass({ vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H200' })).toBe(
      'gpu',
    );
    expect(adapterClass({ vendor: 'apple', architecture: 'metal-3' })).toBe('gpu');
  });

  it('a forced variant is used, or refused with the limit it breaks', () => {
    expect(pickVariant(spec(4, 2, 16), 256, PORTABLE_LIMITS, 'tile4').name).toBe('tile4');
    expect(() => pickVariant(spec(4, 2, 16), 8, PORTABLE_LIMITS, 'tile7')).toThrow(
      /unknown kernel variant tile7/,
    );
    const e = (() => {
      try {
        pickVariant(spec(2, 256, 1024), 8, PORTABLE_LIMITS, 'tile64');
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(EngineLimitError);
    expect((e as EngineLimitError).limit).toBe('maxComputeWorkgroupStorageSize');
  });
});

describe('memory-free adjoint', () => {
  // The bench grid's widths (M ≤ 64) at every batch and state size, and sizes a GPU is built for. Where the
  // per-layer gradient dwarfs the per-layer states (M = 256 with small B·d) the partial sums of one layer can
  // exceed 16 layers of states: the adjoint's memory is still the same at every depth, but the exact/adjoint
  // ratio at N = 256 is then below 10.
  const points: [number, number, number][] = [];
  for (const B of [32, 256, 1024])
    for (const d of [2, 16, 64]) for (const M of [16, 64, 256]) points.push([B, d, M]);

  it.each(points)(
    'B=%i d=%i M=%i: adjoint bytes the same at N = 16, 64, 256 for every scheme (and exact ≥ 10× at N = 256 when M ≤ 64)',
    (B, d, M) => {
      for (const scheme of SCHEME_IDS) {
        const adj = [16, 64, 256].map((N) =>
          modeMemory(spec(N, d, M, scheme), B, 'adjoint', PORTABLE_LIMITS),
        );
        for (const m of adj) {
          expect(m.activationBytes).toBe(0);
          expect(m.scratchBytes).toBe(adj[0].scratchBytes);
        }
        const ex = modeMemory(spec(256, d, M, scheme), B, 'exact', PORTABLE_LIMITS);
        expect(ex.activationBytes).toBe(257 * B * d * 4);
        expect(ex.scratchBytes).toBe(adj[2].scratchBytes);
        // blended sets add a gradient slot per layer: where one layer's partial sums already exceed the budget
        // (B = 32, d = 2, M = 64: chunk 1) that is 3 slots instead of 2, and exact/adjoint is 8.4× there
        if (M <= 64)
          expect(ex.activationBytes + ex.scratchBytes).toBeGreaterThanOrEqual(
            (scheme === 'midpoint' || scheme === 'rk4' ? 8 : 10) * adj[2].scratchBytes,
          );
      }
    },
  );

  it('the backward chunk does not depend on N, and no buffer of the adjoint step scales with N but the gradients', () => {
    const plan = (N: number) =>
      contextPlan(spec(N, 16, 64), 256, PORTABLE_LIMITS, {
        storeStates: false,
        backward: true,
        diagnostics: false,
      });
    expect(backwardChunk(spec(16, 16, 64), 256, plan(16).variant)).toBe(
      backwardChunk(spec(1024, 16, 64), 256, plan(1024).variant),
    );
    const small = contextBuffers(spec(16, 16, 64), plan(16), 'train');
    const deep = contextBuffers(spec(1024, 16, 64), plan(1024), 'train');
    for (const b of deep) {
      const s = small.find((x) => x.name === b.name)!;
      // the gradient itself, and the dispatch list's chunk bounds (256 B per dispatch, not per sample)
      if (b.name === 'train.grad' || b.name === 'train.chunks') expect(b.bytes).toBeGreaterThan(s.bytes);
      else expect(b.bytes, b.name).toBe(s.bytes);
      expect(b.holds.length).toBeGreaterThan(3);
    }
    expect(deep.some((b) => b.kind === 'activations')).toBe(false);
    expect(deep.find((b) => b.name === 'train.chunks')?.kind).toBe('io');
  });

  it('blended sets θ_{n+½} (midpoint, RK4) are parameter-sized: in the weights and checkpoints, never activations', () => {
    const run = (scheme: SchemeId, N: number) => {
      const c = makeConfig({
        data: { kind: 'gaussian', inputDim: 2, outputDim: 2 },
        model: { depth: N, d: 4, width: 8, scheme },
        train: { loss: 'mse', gradMode: 'adjoint' },
      });
      return planRun(c, netSpec(c), makeDataset(c), 8, PORTABLE_LIMITS).buffers;
    };
    const bytes = (bs: ReturnType<typeof run>, name: string) => bs.find((b) => b.name === name)!.bytes;
    const setBytes = spec(16, 4, 8).setSize * 4;
    for (const N of [16, 64]) {
      const [euler, heun, mid, rk4] = (['euler', 'heun', 'midpoint', 'rk4'] as const).map((s) => run(s, N));
      expect(bytes(heun, 'params')).toBe(bytes(euler, 'params'));
      for (const bs of [mid, rk4]) {
        expect(bytes(bs, 'params') - bytes(euler, 'params')).toBe(N * setBytes);
        expect(bytes(bs, 'checkpoint') - bytes(euler, 'checkpoint')).toBe(CHECKPOINTS * N * setBytes);
        expect(bs.find((b) => b.name === 'params')!.kind).toBe('weights');
        expect(bs.find((b) => b.name === 'params')!.holds).toContain(`${N} blended sets`);
      }
    }
  });
});
