// Debian's Chromium, as e2e (playwright.config.ts) and the bench (bench/run.ts) launch it: one place for where it
// is and which flags it gets (Playwright's own headless shell has no WebGPU).
import { execSync } from 'node:child_process';

/** CHROMIUM_PATH, else `chromium` on the PATH, else Debian's location. */
export function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    const found = execSync('command -v chromium', { encoding: 'utf8', shell: '/bin/sh' }).trim();
    if (found) return found;
  } catch {
    // fall through
  }
  return '/usr/bin/chromium';
}

/** Flags for a quiet, sandbox-free headless run (containers run as root); add --enable-unsafe-webgpu for WebGPU. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
