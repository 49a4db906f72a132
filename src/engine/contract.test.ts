// The host/kernel contract: structs, headers and bindings all come from one descriptor.
import { describe, expect, it } from 'vitest';
import { RESIDUAL_IDS, residualKind } from '../residuals';
import { SCHEME_IDS } from '../schemes';
import { kernelHeader, struct, structSize, structWgsl, unrollLoops, writeStruct } from './contract';
import { CHUNK, KERNELS, NET, OPT, RESNET, resnetKernel } from './defs';
import { kernelSource } from './kernels';
import { BODIES, SNIPPETS } from './shaders';

// kinds that share a snippet (a base kind and its depth-input kind) share the kernel: one per snippet × scheme
const RESNET_KERNELS = [
  ...new Set(
    RESIDUAL_IDS.flatMap((residual) => SCHEME_IDS.map((scheme) => resnetKernel({ residual, scheme }))),
  ),
];
const SNIPPET_IDS = new Set(RESIDUAL_IDS.map((id) => residualKind(id).wgsl.id));

/** Constants of an MLP resnet kernel (generic ones, then the kind's OFF_B, OFF_V, DEPTH_IN and OFF_U). */
const MLP_CONSTS = {
  D: 3,
  M: 8,
  ACT: 1,
  NEXT: false,
  MID: false,
  BIAS: true,
  SET: 56,
  TB: 16,
  DM: 8,
  H: 1,
  MH: 8,
  RED: 1,
  OFF_B: 24,
  OFF_V: 32,
  DEPTH_IN: false,
  OFF_U: 0,
};
const MLP_EULER = resnetKernel({ residual: 'mlp', scheme: 'euler' });

describe('kernel contract', () => {
  it('sizes structs by the uniform layout rules and writes every field little-endian', () => {
    expect(structSize(NET)).toBe(32);
    expect(structSize(CHUNK)).toBe(32);
    expect(structSize(OPT)).toBe(48);
    const s = struct('T', [
      ['a', 'f32'],
      ['b', 'u32'],
    ]);
    const v = new DataView(writeStruct(s, { a: 1.5, b: 7 }));
    expect(v.byteLength).toBe(16);
    expect(v.getFloat32(0, true)).toBe(1.5);
    expect(v.getUint32(4, true)).toBe(7);
    expect(() => writeStruct(s, { a: 1 })).toThrow(/field b missing/);
    expect(() => writeStruct(s, { a: 1, b: 2, c: 3 })).toThrow(/no field c/);
    expect(structWgsl(s)).toBe('struct T {\n  a: f32,\n  b: u32,\n}\n');
  });

  it('generates consts, structs and bindings in the descriptor order, and refuses unknown or missing constants', () => {
    const consts = MLP_CONSTS;
    const h = kernelHeader(MLP_EULER, consts);
    expect(h).toContain('const D: u32 = 3u;');
    expect(h).toContain('const OFF_V: u32 = 32u;');
    expect(h).toContain('struct Chunk {');
    for (const [i, b] of RESNET.bindings.entries())
      expect(h).toMatch(new RegExp(`@binding\\(${i}\\) var<[a-z_, ]+> ${b.name}:`));
    expect(() => kernelHeader(MLP_EULER, { ...consts, Q: 1 })).toThrow(/no constant Q/);
    const { TB: _, ...missing } = consts;
    expect(() => kernelHeader(MLP_EULER, missing)).toThrow(/constant TB missing/);
    const { OFF_V: _v, ...linear } = consts;
    expect(() => kernelHeader(resnetKernel({ residual: 'linear', scheme: 'euler' }), consts)).toThrow(
      /no constant OFF_V/,
    );
    expect(kernelHeader(resnetKernel({ residual: 'linear', scheme: 'heun' }), linear)).toContain(
      'const OFF_B',
    );
    expect(kernelSource(MLP_EULER, consts)).toContain('fn tanh_safe'); // common.wgsl
  });

  it('no kernel body or snippet declares its own structs, bindings or overrides (they are generated)', () => {
    const kinds = [...KERNELS.filter((k) => k !== RESNET), ...RESNET_KERNELS];
    for (const k of kinds) {
      const name = [k.name, ...(k.parts ?? [])].join('+');
      const body = BODIES[k.name] + (k.parts ?? []).map((p) => SNIPPETS[p]).join('\n');
      expect(body, name).not.toMatch(/^\s*(struct|override)\s/m);
      expect(body, name).not.toMatch(/@binding\(/);
      for (const b of k.bindings)
        expect(body, `${name} uses ${b.name}`).toMatch(new RegExp(`\\b${b.name}\\b`));
    }
  });

  it('assembles the resnet kernel of every kind and scheme from their snippets, each its own module', () => {
    expect(RESNET_KERNELS).toHaveLength(SNIPPET_IDS.size * SCHEME_IDS.length);
    const sources = new Set<string>();
    for (const k of RESNET_KERNELS) {
      for (const p of k.parts ?? []) {
        expect(SNIPPETS[p], p).toBeDefined();
        expect(SNIPPETS[p].trimStart(), p).toMatch(/^\/\/ \S/);
      }
      const consts = Object.fromEntries(k.consts.map(([n, t]) => [n, t === 'bool' ? false : 4]));
      const src = kernelSource(k, consts);
      for (const fn of ['f_eval', 'f_vjp', 'grad_accum', 'step_forward', 'step_reverse', 'step_backward'])
        expect(src.match(new RegExp(`\\bfn ${fn}\\(`, 'g')), `${k.parts} defines ${fn} once`).toHaveLength(1);
      sources.add(src);
    }
    expect(sources.size).toBe(RESNET_KERNELS.length);
    // a kind or scheme without a snippet cannot be assembled: the error names the file
    expect(() => kernelSource({ ...MLP_EULER, parts: ['residuals/nope'] }, MLP_CONSTS)).toThrow(
      /src\/residuals\/nope\.wgsl/,
    );
  });

  it('unrolls loops over a small constant into blocks with constant indices, nested loops too', () => {
    const src =
      'x; for (var i = 0u; i < D; i++) { a[i] = 0; for (var k = 0u; k < D; k++) { b[k] += c[i]; } } for (var j = 0u; j < M; j++) { z[j] = 1; }';
    const out = unrollLoops(src, 'D', 2);
    expect(out).not.toMatch(/< D/);
    expect(out).toContain('for (var j = 0u; j < M; j++) { z[j] = 1; }');
    expect(out.match(/let i = [01]u;/g)).toHaveLength(2);
    expect(out.match(/let k = [01]u;/g)).toHaveLength(4);
    expect(out.startsWith('x; { let i = 0u;')).toBe(true);
    const consts = MLP_CONSTS;
    // the snippets are unrolled too
    expect(kernelSource(MLP_EULER, consts)).not.toMatch(/for \(var \w+ = 0u; \w+ < D;/);
    expect(kernelSource(MLP_EULER, { ...consts, D: 17, DM: 17 })).toMatch(/for \(var \w+ = 0u; \w+ < D;/); // past the bound: loops stay
  });
});
