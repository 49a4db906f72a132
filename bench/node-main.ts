// Entry of the GPU kit's bench.mjs (scripts/gpu-kit.sh bundles it with bench/node-kit.vite.config.ts): the Node
// bench alone, without the browser runner's Vite and Playwright.
import { runNodeBench } from './node';

runNodeBench(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
