import { defineConfig } from 'vitest/config';

// Two projects: fast pure-TS unit tests, and GPU kernel tests under Node (Dawn via the `webgpu` package on
// SwiftShader), which share one device per file, run one file at a time and get generous timeouts.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ['**/*.gpu.test.ts', '**/node_modules/**'],
          environment: 'node',
          // theme.css is read as text by the theme store (src/state/theme.ts): vitest would otherwise empty it
          css: { include: [/theme\.css/] },
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'gpu',
          include: ['src/**/*.gpu.test.ts'],
          environment: 'node',
          pool: 'forks',
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
