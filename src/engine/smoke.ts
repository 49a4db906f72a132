// A trivial end-to-end check of the GPU path: upload, compile, dispatch, copy to a MAP_READ staging buffer,
// map and compare with the same formula evaluated on the CPU (shaders/smoke.wgsl: ys[i] = 2·xs[i] + i).
import { compileShader, SHADERS } from './shaders';

export const SMOKE_WORKGROUP_SIZE = 64;

export interface SmokeResult {
  n: number;
  input: Float32Array<ArrayBuffer>;
  output: Float32Array<ArrayBuffer>;
  expected: Float32Array<ArrayBuffer>;
  /** Indices where output differs from expected (empty when ok). */
  mismatches: number[];
  ok: boolean;
}

/** The smoke inputs: small quarter-integers, exact in float32, so the expected outputs are exact too. */
export function smokeInput(n: number): Float32Array<ArrayBuffer> {
  const xs = new Float32Array(n);
  for (let i = 0; i < n; i++) xs[i] = ((i % 7) - 3) * 0.25;
  return xs;
}

/** CPU version of the shader, rounded to float32 like the GPU. */
export function smokeExpected(input: Float32Array): Float32Array<ArrayBuffer> {
  const ys = new Float32Array(input.length);
  for (let i = 0; i < input.length; i++) ys[i] = Math.fround(2 * input[i] + i);
  return ys;
}

export async function runSmoke(device: GPUDevice, n = 64): Promise<SmokeResult> {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`runSmoke: n must be a positive integer, got ${n}`);
  const input = smokeInput(n);
  const expected = smokeExpected(input);
  const bytes = n * Float32Array.BYTES_PER_ELEMENT;

  const { module } = await compileShader(device, 'smoke', SHADERS.smoke);
  device.pushErrorScope('validation');
  let scopeOpen = true;

  const xsBuffer = device.createBuffer({
    label: 'smoke xs',
    size: bytes,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
  });
  const ysBuffer = device.createBuffer({
    label: 'smoke ys',
    size: bytes,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
  });
  const staging = device.createBuffer({
    label: 'smoke readback',
    size: bytes,
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });

  try {
    const pipeline = await device.createComputePipelineAsync({
      label: 'smoke pipeline',
      layout: 'auto',
      compute: { module, entryPoint: 'main', constants: { WORKGROUP_SIZE: SMOKE_WORKGROUP_SIZE } },
    });
    device.queue.writeBuffer(xsBuffer, 0, input);
    const bindGroup = device.createBindGroup({
      label: 'smoke bind group',
      layout: pipeline.getBindGroupLayout(0),
      entries: [
        { binding: 0, resource: { buffer: xsBuffer } },
        { binding: 1, resource: { buffer: ysBuffer } },
      ],
    });

    const encoder = device.createCommandEncoder({ label: 'smoke encoder' });
    const pass = encoder.beginComputePass({ label: 'smoke pass' });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(Math.ceil(n / SMOKE_WORKGROUP_SIZE));
    pass.end();
    encoder.copyBufferToBuffer(ysBuffer, 0, staging, 0, bytes);
    device.queue.submit([encoder.finish()]);

    scopeOpen = false;
    const validation = await device.popErrorScope();
    if (validation) throw new Error(`smoke test: WebGPU validation error: ${validation.message}`);

    await staging.mapAsync(GPUMapMode.READ);
    const output = new Float32Array(staging.getMappedRange().slice(0));
    staging.unmap();

    const mismatches: number[] = [];
    for (let i = 0; i < n; i++) if (output[i] !== expected[i]) mismatches.push(i);
    return { n, input, output, expected, mismatches, ok: mismatches.length === 0 };
  } finally {
    if (scopeOpen) await device.popErrorScope().catch(() => null);
    xsBuffer.destroy();
    ysBuffer.destroy();
    staging.destroy();
  }
}
