// GPU tests under Node (Dawn on SwiftShader): the smoke kernel end to end, and every registered shader compiles.
// No adapter is a failure with setup hints, never a skip.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AcquiredDevice, describeAdapter } from './device';
import { acquireNodeDevice, releaseNodeDevice } from './node-device';
import {
  compileShader,
  formatCompilationMessage,
  SHADER_NAMES,
  SHADERS,
  ShaderCompilationError,
} from './shaders';
import { runSmoke, smokeExpected, smokeInput } from './smoke';

let gpu: AcquiredDevice;

beforeAll(async () => {
  gpu = await acquireNodeDevice();
  console.info(`GPU tests on: ${describeAdapter(gpu.info)}`);
});

afterAll(async () => {
  await releaseNodeDevice();
});

describe('smoke kernel (shaders/smoke.wgsl)', () => {
  it('computes ys[i] = 2·xs[i] + i for 64 elements, bit-exact', async () => {
    const result = await runSmoke(gpu.device, 64);
    expect(result.mismatches).toEqual([]);
    expect(result.ok).toBe(true);
    const xs = smokeInput(64);
    for (let i = 0; i < 64; i++) expect(result.output[i], `ys[${i}]`).toBe(Math.fround(2 * xs[i] + i));
    expect(Array.from(result.output.slice(0, 4))).toEqual([-1.5, 0, 1.5, 3]);
  });

  it('handles a size that is not a multiple of the workgroup size (bounds check)', async () => {
    const result = await runSmoke(gpu.device, 100);
    expect(result.output).toEqual(smokeExpected(smokeInput(100)));
    expect(result.ok).toBe(true);
  });

  it('reuses the shared device', async () => {
    const again = await acquireNodeDevice();
    expect(again.device).toBe(gpu.device);
  });
});

describe('shader registry', () => {
  it('has at least the smoke shader', () => {
    expect(SHADER_NAMES).toContain('smoke');
  });

  it.each(SHADER_NAMES)('%s.wgsl compiles without errors', async (name) => {
    const code = SHADERS[name];
    const module = gpu.device.createShaderModule({ label: `${name}.wgsl`, code });
    const { messages } = await module.getCompilationInfo();
    const printed = messages.map((m) => formatCompilationMessage(m, code));
    if (printed.length > 0) console.info(`${name}.wgsl compilation messages:\n${printed.join('\n')}`);
    const errors = messages.filter((m) => m.type === 'error').map((m) => formatCompilationMessage(m, code));
    expect(errors, `${name}.wgsl has compilation errors`).toEqual([]);
  });

  it('compileShader reports a broken shader with line numbers (the check above can fail)', async () => {
    const broken = '@compute @workgroup_size(1)\nfn main() {\n  let x: f32 = undefined_thing;\n}\n';
    const attempt = compileShader(gpu.device, 'broken', broken);
    await expect(attempt).rejects.toBeInstanceOf(ShaderCompilationError);
    await expect(attempt).rejects.toThrow(/broken.*\n.*error 3:/);
  });
});
