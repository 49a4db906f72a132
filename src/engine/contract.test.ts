// The host/kernel contract: structs, headers and bindings all come from one descriptor.
import { describe, expect, it } from 'vitest';
import { kernelHeader, struct, structSize, structWgsl, unrollLoops, writeStruct } from './contract';
import { CHUNK, KERNELS, NET, OPT, RESNET } from './defs';
import { kernelSource } from './kernels';
import { BODIES } from './shaders';

describe('kernel contract', () => {
  it('sizes structs by the uniform layout rules and writes every field little-endian', () => {
    expect(structSize(NET)).toBe(16);
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
    const consts = {
      D: 3,
      M: 8,
      MLP: true,
      ACT: 1,
      HEUN: false,
      BIAS: true,
      SET: 56,
      OFF_B: 24,
      OFF_V: 32,
      TB: 16,
      DM: 8,
      H: 1,
      MH: 8,
      RED: 1,
    };
    const h = kernelHeader(RESNET, consts);
    expect(h).toContain('const D: u32 = 3u;');
    expect(h).toContain('const MLP: bool = true;');
    expect(h).toContain('struct Chunk {');
    for (const [i, b] of RESNET.bindings.entries())
      expect(h).toMatch(new RegExp(`@binding\\(${i}\\) var<[a-z_, ]+> ${b.name}:`));
    expect(() => kernelHeader(RESNET, { ...consts, Q: 1 })).toThrow(/no constant Q/);
    const { TB: _, ...missing } = consts;
    expect(() => kernelHeader(RESNET, missing)).toThrow(/constant TB missing/);
    expect(kernelSource(RESNET, consts)).toContain('fn tanh_safe'); // common.wgsl
  });

  it('no kernel body declares its own structs, bindings or overrides (they are generated)', () => {
    for (const k of KERNELS) {
      const body = BODIES[k.name];
      expect(body, k.name).not.toMatch(/^\s*(struct|override)\s/m);
      expect(body, k.name).not.toMatch(/@binding\(/);
      for (const b of k.bindings)
        expect(body, `${k.name} uses ${b.name}`).toMatch(new RegExp(`\\b${b.name}\\b`));
    }
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
    const consts = {
      D: 3,
      M: 8,
      MLP: true,
      ACT: 1,
      HEUN: false,
      BIAS: true,
      SET: 56,
      OFF_B: 24,
      OFF_V: 32,
      TB: 16,
      DM: 8,
      H: 1,
      MH: 8,
      RED: 1,
    };
    expect(kernelSource(RESNET, consts)).not.toMatch(/for \(var \w+ = 0u; \w+ < D;/);
    expect(kernelSource(RESNET, { ...consts, D: 17, DM: 17 })).toMatch(/for \(var \w+ = 0u; \w+ < D;/); // past the bound: loops stay
  });
});
