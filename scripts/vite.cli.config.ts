// Builds the headless runner (scripts/experiment.ts) for Node: Vite resolves the WGSL `?raw` imports the engine
// uses, everything in node_modules (the native `webgpu` package included) stays external.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: resolve(here, '..'),
  logLevel: 'error',
  build: {
    ssr: resolve(here, 'experiment.ts'),
    outDir: resolve(here, '../dist-cli'),
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    rolldownOptions: { output: { entryFileNames: 'experiment.js' } },
  },
});
