// End-to-end tests in Debian's full Chromium (Playwright's own headless shell has no WebGPU), against the
// BUILT app served by `vite preview`. Run `vite build` first (npm run test:e2e does).
//  - project `webgpu`:    Chromium with --enable-unsafe-webgpu → SwiftShader adapter, smoke shader runs.
//  - project `no-webgpu`: the same browser without the flag → navigator.gpu exists but has no adapter.
import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './scripts/chromium';

const executablePath = chromiumPath();
if (!existsSync(executablePath)) {
  throw new Error(
    `Chromium not found at ${executablePath}. Install it (Debian: apt-get install -y chromium libvulkan1) ` +
      'or set CHROMIUM_PATH. `npx playwright install` is not used: its headless shell has no WebGPU.',
  );
}

// E2E_PORT lets parallel checkouts (git worktrees) run their suites side by side.
const PORT = Number(process.env.E2E_PORT ?? 4173);
const BASE_URL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  timeout: 90_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL: BASE_URL,
    screenshot: 'on',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'webgpu',
      testIgnore: /no-webgpu\.spec\.ts$/,
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath, args: [...CHROMIUM_ARGS, '--enable-unsafe-webgpu'] },
      },
    },
    {
      name: 'no-webgpu',
      testMatch: /no-webgpu\.spec\.ts$/,
      use: { browserName: 'chromium', launchOptions: { executablePath, args: CHROMIUM_ARGS } },
    },
  ],
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: BASE_URL,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
