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
          // cross-origin isolation gives the page SharedArrayBuffer, which jax-js's wasm backend needs to run
          // its kernels on worker threads (its fastest CPU setting); everything the page loads is same-origin
          headers: {
            'Cross-Origin-Opener-Policy': 'same-origin',
            'Cross-Origin-Embedder-Policy': 'require-corp',
          },
        },
      },
);
