// Compute pipelines, created asynchronously once per (device, shader, entry point, override constants) and
// cached, so a sweep over depths (which changes only uniforms) recompiles nothing.
import { compileShader, SHADERS, type ShaderName } from './shaders';

export type EngineShader = Exclude<ShaderName, 'smoke'>;

const modules = new WeakMap<GPUDevice, Map<string, Promise<GPUShaderModule>>>();
const pipelines = new WeakMap<GPUDevice, Map<string, Promise<GPUComputePipeline>>>();

function cached<T>(
  store: WeakMap<GPUDevice, Map<string, Promise<T>>>,
  device: GPUDevice,
  key: string,
  make: () => Promise<T>,
) {
  let m = store.get(device);
  if (!m) {
    m = new Map();
    store.set(device, m);
  }
  let p = m.get(key);
  if (!p) {
    p = make();
    // a failed compile must not poison the cache
    p.catch(() => m.delete(key));
    m.set(key, p);
  }
  return p;
}

function shaderModule(device: GPUDevice, shader: EngineShader): Promise<GPUShaderModule> {
  return cached(
    modules,
    device,
    shader,
    async () => (await compileShader(device, shader, SHADERS[shader])).module,
  );
}

/** A pipeline for `entry` of `shader`, specialised with `constants` (sorted into the cache key). */
export function pipeline(
  device: GPUDevice,
  shader: EngineShader,
  entry: string,
  constants: Record<string, number>,
): Promise<GPUComputePipeline> {
  const key = `${shader}:${entry}:${Object.keys(constants)
    .sort()
    .map((k) => `${k}=${constants[k]}`)
    .join(',')}`;
  return cached(pipelines, device, key, async () => {
    const module = await shaderModule(device, shader);
    return device.createComputePipelineAsync({
      label: key,
      layout: 'auto',
      compute: { module, entryPoint: entry, constants },
    });
  });
}

/** Only the constants an entry point's shader declares (WebGPU rejects unknown override names). */
export function pick(constants: Record<string, number>, names: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const n of names) if (n in constants) out[n] = constants[n];
  return out;
}
