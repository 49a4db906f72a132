// acquireDevice against a fake GPU: typed failures with useful messages, and the limits it asks for.
import { describe, expect, it } from 'vitest';
import {
  acquireDevice,
  chooseLimits,
  describeAdapter,
  formatBytes,
  GpuUnavailableError,
  WANTED_LIMITS,
} from './device';

const ADAPTER_LIMITS: Record<string, number> = {
  maxStorageBufferBindingSize: 1 << 30,
  maxBufferSize: 1 << 30,
  maxComputeWorkgroupStorageSize: 32768,
  maxStorageBuffersPerShaderStage: 10,
  maxComputeInvocationsPerWorkgroup: 1024,
  maxComputeWorkgroupSizeX: 1024,
  maxComputeWorkgroupsPerDimension: 65535,
  maxUniformBufferBindingSize: 65536,
};

const INFO = { vendor: 'acme', architecture: 'rocket', device: '', description: 'Acme Rocket 9000' };

interface FakeOptions {
  adapter?: 'none' | 'throws';
  deviceThrows?: boolean;
  features?: string[];
}

function fakeGpu(opts: FakeOptions = {}) {
  const requested: GPUDeviceDescriptor[] = [];
  const adapter = {
    info: INFO,
    limits: ADAPTER_LIMITS,
    features: new Set(opts.features ?? []),
    async requestDevice(desc: GPUDeviceDescriptor) {
      requested.push(desc);
      if (opts.deviceThrows) throw new Error('limit out of range');
      return {
        label: desc.label,
        limits: { ...ADAPTER_LIMITS, ...desc.requiredLimits },
        features: new Set(desc.requiredFeatures ?? []),
        lost: new Promise(() => {}),
      };
    },
  };
  const gpu = {
    async requestAdapter() {
      if (opts.adapter === 'throws') throw new Error('boom');
      return opts.adapter === 'none' ? null : adapter;
    },
  };
  return { gpu: gpu as unknown as GPU, requested };
}

async function failure(promise: Promise<unknown>): Promise<GpuUnavailableError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(GpuUnavailableError);
    return error as GpuUnavailableError;
  }
  throw new Error('expected acquireDevice to throw');
}

describe('acquireDevice', () => {
  it("fails with reason 'unsupported' and says what to use when there is no navigator.gpu", async () => {
    const error = await failure(acquireDevice(undefined));
    expect(error.reason).toBe('unsupported');
    expect(error.name).toBe('GpuUnavailableError');
    expect(error.message).toMatch(/navigator\.gpu is missing/);
    expect(error.message).toMatch(/Chrome or Edge/);
  });

  it("fails with reason 'no-adapter' and names the Chromium flag when requestAdapter returns null", async () => {
    const error = await failure(acquireDevice(fakeGpu({ adapter: 'none' }).gpu));
    expect(error.reason).toBe('no-adapter');
    expect(error.message).toMatch(/--enable-unsafe-webgpu/);
  });

  it("treats a throwing requestAdapter as 'no-adapter' and keeps the cause", async () => {
    const error = await failure(acquireDevice(fakeGpu({ adapter: 'throws' }).gpu));
    expect(error.reason).toBe('no-adapter');
    expect(error.message).toMatch(/boom/);
    expect((error.cause as Error).message).toBe('boom');
  });

  it("fails with reason 'device-failed' naming the adapter when requestDevice throws", async () => {
    const error = await failure(acquireDevice(fakeGpu({ deviceThrows: true }).gpu));
    expect(error.reason).toBe('device-failed');
    expect(error.message).toMatch(/Acme Rocket 9000/);
    expect(error.message).toMatch(/limit out of range/);
  });

  it('asks for every wanted limit at the adapter maximum, a label, and only available optional features', async () => {
    const { gpu, requested } = fakeGpu({ features: ['timestamp-query'] });
    const { info } = await acquireDevice(gpu, { optionalFeatures: ['timestamp-query', 'shader-f16'] });
    expect(requested).toHaveLength(1);
    expect(requested[0].label).toBe('ode-lens device');
    expect(requested[0].requiredFeatures).toEqual(['timestamp-query']);
    for (const name of WANTED_LIMITS) {
      expect((requested[0].requiredLimits as Record<string, number>)[name]).toBe(ADAPTER_LIMITS[name]);
      expect(info.limits[name]).toBe(ADAPTER_LIMITS[name]);
    }
    expect(info).toMatchObject({ vendor: 'acme', architecture: 'rocket', features: ['timestamp-query'] });
  });

  it('caps limits (e.g. to portable defaults) without raising any above the adapter', () => {
    const limits = chooseLimits(ADAPTER_LIMITS as unknown as GPUSupportedLimits, {
      maxComputeWorkgroupStorageSize: 16384,
      maxStorageBufferBindingSize: 2 ** 31,
    });
    expect(limits.maxComputeWorkgroupStorageSize).toBe(16384);
    expect(limits.maxStorageBufferBindingSize).toBe(1 << 30);
  });
});

describe('describeAdapter / formatBytes', () => {
  it('formats adapter info in one line', () => {
    expect(describeAdapter(INFO)).toBe('acme / rocket — Acme Rocket 9000');
    expect(describeAdapter({ vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true })).toBe(
      'google / swiftshader (fallback adapter)',
    );
    expect(describeAdapter({})).toBe('unknown adapter');
  });

  it('formats byte counts', () => {
    expect(formatBytes(1 << 30)).toBe('1 GiB');
    expect(formatBytes(128 * 1024 * 1024)).toBe('128 MiB');
    expect(formatBytes(16384)).toBe('16 KiB');
    expect(formatBytes(4294967292)).toBe('4 GiB');
    expect(formatBytes(12)).toBe('12 B');
  });
});
