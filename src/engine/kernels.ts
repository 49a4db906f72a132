// Compute pipelines, created asynchronously once per (device, kernel, entry point, constants) and cached, so a
// sweep over depths (which changes only uniforms) recompiles nothing. Modules come from the kernel's descriptor
// (contract.ts) and use its explicit bind-group layout.
import { bindGroupLayout, type ConstValues, type KernelDef, kernelHeader, unrollLoops } from './contract';
import { BODIES, compileShader, SNIPPETS } from './shaders';

/** The WGSL of a kernel's snippets (its parts), in order; throws for a missing one. */
function partsSource(k: KernelDef): string {
  return (k.parts ?? [])
    .map((p) => {
      const src = SNIPPETS[p];
      if (src === undefined) throw new Error(`kernel ${k.name}: no WGSL snippet ${p} (src/${p}.wgsl)`);
      return `\n${src}`;
    })
    .join('');
}

/**
 * The whole module: header, shared WGSL (when asked), the body and its snippets (their small constant loops
 * unrolled).
 */
export function kernelSource(k: KernelDef, consts: ConstValues): string {
  let body: string = BODIES[k.name] + partsSource(k);
  for (const [c, max] of Object.entries(k.unroll ?? {})) {
    const n = Number(consts[c]);
    if (Number.isInteger(n) && n <= max) body = unrollLoops(body, c, n);
  }
  return `${kernelHeader(k, consts)}\n${k.common ? `${BODIES.common}\n` : ''}${body}`;
}

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

const constKey = (consts: ConstValues) =>
  Object.keys(consts)
    .sort()
    .map((k) => `${k}=${Number(consts[k])}`)
    .join(',');

/** The kernel's name with its snippets, e.g. 'resnet+residuals/mlp+schemes/heun': two parts, two modules. */
const kernelId = (k: KernelDef) => [k.name, ...(k.parts ?? [])].join('+');

/** The compiled module of `k` with these constants (throws ShaderCompilationError with the source line). */
export function kernelModule(device: GPUDevice, k: KernelDef, consts: ConstValues): Promise<GPUShaderModule> {
  const key = `${kernelId(k)}:${constKey(consts)}`;
  return cached(modules, device, key, async () => {
    const code = kernelSource(k, consts);
    return (await compileShader(device, `${kernelId(k)}[${constKey(consts)}]`, code)).module;
  });
}

/** A pipeline for `entry` of kernel `k`, specialised with `consts`. */
export function pipeline(
  device: GPUDevice,
  k: KernelDef,
  entry: string,
  consts: ConstValues,
): Promise<GPUComputePipeline> {
  if (!k.entries.includes(entry)) throw new Error(`kernel ${k.name} has no entry point ${entry}`);
  const key = `${kernelId(k)}:${entry}:${constKey(consts)}`;
  return cached(pipelines, device, key, async () => {
    const module = await kernelModule(device, k, consts);
    return device.createComputePipelineAsync({
      label: key,
      layout: device.createPipelineLayout({
        label: `${k.name} pipeline layout`,
        bindGroupLayouts: [bindGroupLayout(device, k)],
      }),
      compute: { module, entryPoint: entry },
    });
  });
}
