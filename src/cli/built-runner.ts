// Test fixture: the runner as users run it, built once per test file into a folder under node_modules (so the
// script resolves its external packages as dist-cli/ does), plus a scratch directory; both removed afterwards.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll } from 'vitest';

export interface BuiltRunner {
  /** The built script (node SCRIPT args…). */
  script: string;
  /** The scratch directory (set once beforeAll ran). */
  dir(): string;
  /** Runs the script to its end: exit code or signal, stdout, stderr and wall time. */
  run(args: string[], opts?: { uid?: number; timeout?: number }): RunResult;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
  ms: number;
}

/** Registers the build and clean-up hooks of the calling test file. */
export function builtRunner(name: string): BuiltRunner {
  const root = resolve(__dirname, '../..');
  const buildDir = join(root, 'node_modules', '.cache', `ode-lens-${name}-${process.pid}`);
  const script = join(buildDir, 'experiment.js');
  let dir = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `ode-lens-${name}-`));
    chmodSync(dir, 0o755); // a test may run the runner as another user when the tests run as root
    await build({
      configFile: join(root, 'scripts/vite.cli.config.ts'),
      logLevel: 'silent',
      build: { outDir: buildDir },
    });
  }, 120_000);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(buildDir, { recursive: true, force: true });
  });
  return {
    script,
    dir: () => dir,
    run(args, opts = {}) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [script, ...args], {
        encoding: 'utf8',
        timeout: opts.timeout ?? 120_000,
        ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.uid } : {}),
      });
      return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr, ms: performance.now() - t0 };
    },
  };
}
