// The runner's engine selection with fake engines: auto takes the faster, skips an engine that cannot open or
// build, a forced engine is used as is (its failure is the caller's exit code), the others are released.
import { describe, expect, it } from 'vitest';
import type { ExperimentConfig } from '../core/config';
import { makeConfig } from '../core/testing';
import { EngineLimitError } from '../engine/plan';
import type { TimeBox } from '../run/auto-backend';
import type { Backend } from '../run/backend';
import { CpuBackend } from '../run/cpu-backend';
import { type RunnerEngine, resultChoice, selectBackend, timingLines } from './engine';

const box: TimeBox = { minSteps: 3, maxSteps: 32, minMs: 20, maxMs: 100, buildMs: 2000, stepCapMs: 300 };
const small = makeConfig({
  data: { kind: 'moons', nTrain: 32, nTest: 16 },
  model: { d: 2, width: 4, depth: 4 },
  train: { batchSize: 16 },
});

/** A CPU backend whose steps take `ms` longer each (a slower "GPU"). */
function slowed(c: ExperimentConfig, ms: number): Backend {
  const b = new CpuBackend(c);
  const train = b.trainSteps.bind(b);
  b.trainSteps = async (k) => {
    await new Promise((r) => setTimeout(r, ms * k));
    await train(k);
  };
  return b;
}

function engines(opts: { gpuMs?: number; gpuOpen?: string; gpuBuild?: Error } = {}) {
  const released: string[] = [];
  const list: RunnerEngine[] = [
    {
      id: 'webgpu',
      open: async () => {
        if (opts.gpuOpen) throw new Error(opts.gpuOpen);
        return {
          label: 'WebGPU (SwiftShader)',
          create: async (c) => {
            if (opts.gpuBuild) throw opts.gpuBuild;
            return slowed(c, opts.gpuMs ?? 0);
          },
          release: async () => void released.push('webgpu'),
        };
      },
    },
    {
      id: 'cpu',
      open: async () => ({
        label: 'CPU float64',
        create: async (c) => new CpuBackend(c),
        release: async () => void released.push('cpu'),
      }),
    },
  ];
  return { list, released };
}

describe('runner engine selection', () => {
  it('auto times both and trains on the faster; the other is released', async () => {
    const e = engines({ gpuMs: 30 });
    const s = await selectBackend('auto', small, e.list, box);
    expect(s.backend.kind).toBe('cpu');
    expect(s.backend.step).toBe(0); // the timing did not touch the run
    expect(s.choice).toMatchObject({ id: 'cpu', how: 'timed' });
    expect(resultChoice('auto', s.choice)).toEqual({
      requested: 'auto',
      how: 'timed',
      reason: expect.stringMatching(/^CPU float64 · .*× faster than WebGPU \(SwiftShader\) for this config$/),
    });
    expect(timingLines(s.choice)).toHaveLength(2);
    expect(e.released).toEqual(['webgpu']);
    await s.release();
    expect(e.released).toEqual(['webgpu', 'cpu']);
  });

  it('auto without a GPU (Dawn missing) runs on the CPU and says why', async () => {
    const e = engines({ gpuOpen: 'no Vulkan ICD' });
    const s = await selectBackend('auto', small, e.list, box);
    expect(s.choice).toMatchObject({ id: 'cpu', how: 'only' });
    expect(s.choice.reason).toContain('WebGPU is not available (no Vulkan ICD)');
  });

  it('auto with a config that does not fit the GPU goes to the CPU', async () => {
    const e = engines({ gpuBuild: new EngineLimitError('maxBufferSize', 'needs 9 GiB') });
    const s = await selectBackend('auto', small, e.list, box);
    expect(s.choice.id).toBe('cpu');
    expect(s.choice.reason).toMatch(/WebGPU \(SwiftShader\) cannot run it/);
  });

  it('a forced engine is used without timing; its failure is thrown (exit code 3 for limits)', async () => {
    const e = engines({ gpuMs: 30 });
    const s = await selectBackend('webgpu', small, e.list, box);
    expect(s.choice).toMatchObject({
      id: 'webgpu',
      how: 'requested',
      reason: 'asked for on the command line',
    });
    expect(e.released).toEqual([]); // the CPU engine was never opened
    const bad = engines({ gpuBuild: new EngineLimitError('maxBufferSize', 'needs 9 GiB') });
    await expect(selectBackend('webgpu', small, bad.list, box)).rejects.toBeInstanceOf(EngineLimitError);
    expect(bad.released).toEqual(['webgpu']);
    await expect(selectBackend('webgpu', small, engines({ gpuOpen: 'no Dawn' }).list, box)).rejects.toThrow(
      'no Dawn',
    );
  });
});
