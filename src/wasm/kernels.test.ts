// The committed kernels (src/wasm/kernels.wasm.ts) are exactly what src/wasm/kernels.as compiles to, and they
// use WASM SIMD. After editing kernels.as: `npm run build:wasm`.
import { describe, expect, it } from 'vitest';
import { compileKernels, renderModule } from '../../scripts/build-wasm.mjs';
import { kernelsModule } from './engine';
import { KERNELS_WASM_BASE64 } from './kernels.wasm';

describe('WASM kernels', () => {
  it('the committed bytes equal a fresh compile of kernels.as (run `npm run build:wasm` if not); SIMD', async () => {
    const { wasm, text } = await compileKernels();
    expect(Buffer.from(KERNELS_WASM_BASE64, 'base64').equals(Buffer.from(wasm))).toBe(true);
    expect(renderModule(wasm)).toContain(KERNELS_WASM_BASE64.slice(0, 100));
    // the hot loops are f32x4: splat-broadcast loads and vector multiply-adds
    for (const op of ['v128.load32_splat', 'f32x4.mul', 'f32x4.add', 'v128.store'])
      expect(text.split(op).length - 1, op).toBeGreaterThan(5);
  }, 60_000);

  it('compiles in this JS engine and imports nothing', () => {
    const mod = kernelsModule();
    expect(WebAssembly.Module.imports(mod)).toEqual([]);
    const names = WebAssembly.Module.exports(mod).map((e) => e.name);
    for (const f of ['configure', 'packWeights', 'forward', 'backward']) expect(names).toContain(f);
  });
});
