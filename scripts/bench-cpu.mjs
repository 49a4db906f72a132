// Runs scripts/bench-cpu.ts under Node: Vite bundles it (as the headless runner is built), then it runs.
//   node scripts/bench-cpu.mjs [--points "16,32,2,16;64,256,16,64"] [--reps 5] [--no-f64]
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
// inside the repository, so that the bundle resolves node_modules
const out = join(root, 'node_modules/.cache/bench-cpu');
await mkdir(out, { recursive: true });
try {
  await build({
    root,
    configFile: false,
    logLevel: 'error',
    build: {
      ssr: resolve(root, 'scripts/bench-cpu.ts'),
      outDir: out,
      target: 'node20',
      rolldownOptions: { output: { entryFileNames: 'bench-cpu.js' } },
    },
  });
  const mod = await import(pathToFileURL(join(out, 'bench-cpu.js')).href);
  mod.main(process.argv.slice(2));
} finally {
  await rm(out, { recursive: true, force: true });
}
