// The host/kernel contract, declared once. A KernelDef names a WGSL kernel's compile-time constants, its uniform
// structs and its bindings; from it come both sides of the contract: the WGSL header (consts, structs, bindings)
// prepended to the kernel body in shaders/, and on the host the struct writers, the explicit bind-group layout
// (whose uniform minBindingSize is the host's struct size, so WebGPU itself rejects a pipeline whose WGSL struct
// disagrees) and bind groups by binding name. Nothing here is copied by hand into a .wgsl file.
import type { BodyName, SnippetName } from './shaders';

export type Scalar = 'f32' | 'u32';
export type ConstType = 'u32' | 'f32' | 'bool';

export interface StructDef {
  readonly name: string;
  /** Every field is 4 bytes; the struct's size is rounded up to 16 (uniform layout rules). */
  readonly fields: readonly (readonly [string, Scalar])[];
}

export type Access = 'uniform' | 'read' | 'read_write';

export interface BindingDef {
  readonly name: string;
  readonly access: Access;
  /** A struct (uniforms) or the element type of a runtime-sized array (storage). */
  readonly type: StructDef | 'f32' | 'u32' | 'vec4<f32>';
}

export interface KernelDef {
  /** Also the name of its body file, shaders/<name>.wgsl. */
  readonly name: Exclude<BodyName, 'common'>;
  readonly entries: readonly string[];
  readonly consts: readonly (readonly [string, ConstType])[];
  readonly bindings: readonly BindingDef[];
  /** Prepend shaders/common.wgsl (activations and their derivatives). */
  readonly common?: boolean;
  /**
   * WGSL snippets appended to the body, by name (shaders.ts SNIPPETS): a residual kind's and a scheme's functions
   * (defs.ts resnetKernel). Part of the module's identity: pipelines are cached by them too.
   */
  readonly parts?: readonly SnippetName[];
  /**
   * Unroll the body's loops `for (var i = 0u; i < C; i++) { … }` over a constant C when C is at most this: the
   * private arrays they index then see constant indices, which GPUs keep in registers (and SwiftShader reads
   * without per-lane address arithmetic) instead of local memory.
   */
  readonly unroll?: Record<string, number>;
}

export type ConstValues = Record<string, number | boolean>;

export function struct(name: string, fields: readonly (readonly [string, Scalar])[]): StructDef {
  return { name, fields };
}

export function structSize(s: StructDef): number {
  return Math.ceil((s.fields.length * 4) / 16) * 16;
}

/** The bytes of a uniform struct; every field must be given, no other. */
export function writeStruct(s: StructDef, values: Record<string, number>): ArrayBuffer {
  const extra = Object.keys(values).filter((k) => !s.fields.some(([f]) => f === k));
  if (extra.length) throw new Error(`struct ${s.name} has no field ${extra.join(', ')}`);
  const buf = new ArrayBuffer(structSize(s));
  const v = new DataView(buf);
  s.fields.forEach(([name, type], i) => {
    const x = values[name];
    if (x === undefined) throw new Error(`struct ${s.name}: field ${name} missing`);
    if (type === 'f32') v.setFloat32(i * 4, x, true);
    else v.setUint32(i * 4, x >>> 0, true);
  });
  return buf;
}

export function structWgsl(s: StructDef): string {
  return `struct ${s.name} {\n${s.fields.map(([n, t]) => `  ${n}: ${t},`).join('\n')}\n}\n`;
}

function constWgsl(name: string, type: ConstType, value: number | boolean | undefined): string {
  if (value === undefined) throw new Error(`constant ${name} missing`);
  switch (type) {
    case 'bool':
      return `const ${name}: bool = ${value ? 'true' : 'false'};`;
    case 'u32': {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0) throw new Error(`constant ${name} must be a u32, got ${value}`);
      return `const ${name}: u32 = ${n}u;`;
    }
    case 'f32': {
      const n = Number(value);
      if (!Number.isFinite(n)) throw new Error(`constant ${name} must be finite, got ${value}`);
      return `const ${name}: f32 = ${n.toExponential()};`;
    }
  }
}

/** The generated part of a kernel's module: consts, structs and bindings, in the descriptor's order. */
export function kernelHeader(k: KernelDef, consts: ConstValues): string {
  const extra = Object.keys(consts).filter((c) => !k.consts.some(([n]) => n === c));
  if (extra.length) throw new Error(`kernel ${k.name} has no constant ${extra.join(', ')}`);
  const lines = [`// generated from the KernelDef '${k.name}' (src/engine/defs.ts): do not edit`];
  for (const [n, t] of k.consts) lines.push(constWgsl(n, t, consts[n]));
  const structs = new Map<string, StructDef>();
  for (const b of k.bindings) if (typeof b.type !== 'string') structs.set(b.type.name, b.type);
  for (const s of structs.values()) lines.push(structWgsl(s));
  k.bindings.forEach((b, i) => {
    const decl =
      b.access === 'uniform'
        ? `var<uniform> ${b.name}: ${(b.type as StructDef).name};`
        : `var<storage, ${b.access}> ${b.name}: array<${b.type as string}>;`;
    lines.push(`@group(0) @binding(${i}) ${decl}`);
  });
  return `${lines.join('\n')}\n`;
}

/**
 * Expand every `for (var i = 0u; i < C; i++) { BODY }` into n blocks `{ let i = 0u; BODY } …` (nested loops
 * too). The body must not contain unbalanced braces in comments.
 */
export function unrollLoops(src: string, bound: string, n: number): string {
  const head = new RegExp(`for \\(var (\\w+) = 0u; \\1 < ${bound}; \\1\\+\\+\\) \\{`);
  let out = '';
  let rest = src;
  for (let m = head.exec(rest); m; m = head.exec(rest)) {
    const open = m.index + m[0].length - 1;
    let depth = 0;
    let close = -1;
    for (let i = open; i < rest.length; i++) {
      if (rest[i] === '{') depth++;
      else if (rest[i] === '}' && --depth === 0) {
        close = i;
        break;
      }
    }
    if (close < 0) throw new Error(`unrollLoops: unbalanced braces after ${m[0]}`);
    const inner = unrollLoops(rest.slice(open + 1, close), bound, n);
    const blocks = Array.from({ length: n }, (_, k) => `{ let ${m![1]} = ${k}u; ${inner} }`);
    out += rest.slice(0, m.index) + blocks.join(' ');
    rest = rest.slice(close + 1);
  }
  return out + rest;
}

const layouts = new WeakMap<GPUDevice, Map<string, GPUBindGroupLayout>>();

/** The kernel's explicit bind-group layout (one per device and kernel; every entry point shares it). */
export function bindGroupLayout(device: GPUDevice, k: KernelDef): GPUBindGroupLayout {
  let m = layouts.get(device);
  if (!m) {
    m = new Map();
    layouts.set(device, m);
  }
  let l = m.get(k.name);
  if (!l) {
    l = device.createBindGroupLayout({
      label: `${k.name} layout`,
      entries: k.bindings.map((b, i) => ({
        binding: i,
        visibility: GPUShaderStage.COMPUTE,
        buffer:
          b.access === 'uniform'
            ? { type: 'uniform', minBindingSize: structSize(b.type as StructDef) }
            : {
                type: b.access === 'read' ? 'read-only-storage' : 'storage',
                minBindingSize: b.type === 'vec4<f32>' ? 16 : 4,
              },
      })),
    });
    m.set(k.name, l);
  }
  return l;
}

export type Resource = GPUBuffer | GPUBufferBinding;

/** A bind group for `k` from resources named as in the descriptor; every binding must be given. */
export function bindKernel(
  device: GPUDevice,
  k: KernelDef,
  label: string,
  resources: Record<string, Resource>,
): GPUBindGroup {
  const unknown = Object.keys(resources).filter((n) => !k.bindings.some((b) => b.name === n));
  if (unknown.length) throw new Error(`${label}: kernel ${k.name} has no binding ${unknown.join(', ')}`);
  return device.createBindGroup({
    label,
    layout: bindGroupLayout(device, k),
    entries: k.bindings.map((b, i) => {
      const r = resources[b.name];
      if (!r) throw new Error(`${label}: binding ${b.name} of kernel ${k.name} not given`);
      return { binding: i, resource: 'buffer' in r ? r : { buffer: r } };
    }),
  });
}
