// Two builds from one config:
//   vite build --config bench/vite.config.ts --mode runner   the Node runner bench/run.ts → bench/dist/runner/run.js
//   mode 'page' (what the runner builds and serves itself)   the bench page bench/index.html → bench/dist/page/
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

const PAGE_PORT = 4183;

export default defineConfig(({ mode }) =>
  mode === 'runner'
    ? {
        root: here,
        logLevel: 'warn',
        build: {
          ssr: resolve(here, 'run.ts'),
          outDir: resolve(here, 'dist/runner'),
          emptyOutDir: true,
          target: 'node20',
          sourcemap: true,
          rolldownOptions: { output: { entryFileNames: 'run.js' } },
        },
      }
    : {
        root: here,
        base: './',
        logLevel: 'warn',
        build: {
          outDir: resolve(here, 'dist/page'),
          emptyOutDir: true,
          target: 'es2022',
          sourcemap: true,
          // TF.js and jax-js are large chunks; that is expected here
          chunkSizeWarningLimit: 8192,
        },
        preview: {
          host: '127.0.0.1',
          port: PAGE_PORT,
          // BENCH_JAX_THREADS=1 serves the page cross-origin isolated: SharedArrayBuffer lets jax-js's wasm
          // backend dispatch its kernels to worker threads. Off by default (what a page gets without these
          // headers): here each kernel's round trip to a worker costs more than it saves (jax-js wasm 421 vs
          // 73 ms per step at Euler N=16, B=32, d=2, M=16 on a shared 2-core machine).
          headers:
            process.env.BENCH_JAX_THREADS === '1'
              ? {
                  'Cross-Origin-Opener-Policy': 'same-origin',
                  'Cross-Origin-Embedder-Policy': 'require-corp',
                }
              : {},
        },
      },
);
