// The GPU kit's bench (scripts/gpu-kit.sh): bench/node-main.ts bundled into ONE ES module for Node with every
// dependency inlined (zod, the engine, the WGSL sources), except the native `webgpu` package, which the kit
// carries next to it (node_modules/webgpu). Output: $KIT_BENCH_OUT (default bench/dist/kit)/bench.mjs.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: resolve(here, '..'),
  logLevel: 'warn',
  ssr: { noExternal: true, external: ['webgpu'] },
  build: {
    ssr: resolve(here, 'node-main.ts'),
    outDir: process.env.KIT_BENCH_OUT ?? resolve(here, 'dist/kit'),
    emptyOutDir: true,
    target: 'node20',
    sourcemap: false,
    minify: false,
    rolldownOptions: {
      external: ['webgpu'],
      output: { entryFileNames: 'bench.mjs', format: 'es', codeSplitting: false },
    },
  },
});
