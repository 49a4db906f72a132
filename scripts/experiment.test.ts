// The runner as a program: build it, run it, check exit codes, messages and that nothing is written on failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..');
const cli = join(root, 'dist-cli', 'experiment.js');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 120_000 });

beforeAll(async () => {
  await build({ configFile: join(root, 'scripts', 'vite.cli.config.ts'), logLevel: 'error' });
}, 120_000);

describe('npm run experiment', () => {
  it('runs a preset on the CPU backend and writes result.json, CSVs and probe.json', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'odelens-')), 'run');
    const r = run(
      '--preset',
      'sander-counterexample-alternating',
      '--out',
      out,
      '--backend',
      'cpu',
      '--steps',
      '3',
      '--probe',
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/step 3\/3/);
    const files = readdirSync(out).sort();
    expect(files).toEqual(
      [
        'evaluations.csv',
        'gradient_error.csv',
        'layers.csv',
        'losses.csv',
        'probe.json',
        'result.json',
        'timing.json',
        'trajectories.csv',
      ].sort(),
    );
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(result.format).toBe('ode-lens-result');
    expect(result.training.steps).toBe(3);
    expect(result.config.init.kind).toBe('alternating');
  });

  it('rejects a bad link with the reasons, exit code 2, and writes nothing', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'odelens-')), 'run');
    const r = run('--link', '#model.depth=0&model.scheme=rk4', '--out', out, '--backend', 'cpu');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/model\.depth = 0: must be an integer in \[1, 8192\]/);
    expect(r.stderr).toMatch(/model\.scheme = rk4: must be one of 'euler', 'heun'/);
    expect(existsSync(out)).toBe(false);
  });

  it('rejects bad arguments and a non-empty output directory', () => {
    expect(run('--preset', 'sander-fig2-linear').status).toBe(2);
    const r = run('--preset', 'no-such-preset', '--out', '/tmp/x-odelens', '--backend', 'cpu');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown preset "no-such-preset"; available: .*sander-fig2-linear/);
    const dir = mkdtempSync(join(tmpdir(), 'odelens-'));
    writeFileSync(join(dir, 'keep.txt'), 'mine');
    const r2 = run('--preset', 'sander-fig2-linear', '--out', dir, '--backend', 'cpu');
    expect(r2.status).toBe(2);
    expect(r2.stderr).toMatch(/is not empty/);
    expect(readdirSync(dir)).toEqual(['keep.txt']);
  });
});
