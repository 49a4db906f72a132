// The runner as a program: build it, run it, check exit codes, messages and that nothing is written on failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';
import { python } from '../src/export/pytorch/harness';

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
    expect(r.stdout).toMatch(/done: train loss/); // (progress lines go to stderr, every few seconds)
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
    const r = run('--link', '#model.depth=0&model.scheme=rk9', '--out', out, '--backend', 'cpu');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/model\.depth = 0: must be an integer in \[1, 8192\]/);
    expect(r.stderr).toMatch(/model\.scheme = rk9: must be one of 'euler', 'heun'/);
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

describe('npm run experiment -- --pytorch / --weights', () => {
  const link = '#v=2&model.depth=4&model.width=4&data.nTrain=16&data.nTest=8&train.batchSize=4';

  it('exports a program that PyTorch runs, and imports its longer run back (shapes checked)', () => {
    const py = python();
    expect(py, "python3 with torch (Debian's python3-torch)").not.toBeNull();
    const tmp = mkdtempSync(join(tmpdir(), 'odelens-'));
    const a = join(tmp, 'a');
    const r = run('--link', link, '--out', a, '--backend', 'cpu', '--steps', '3', '--pytorch');
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(a)).toEqual(
      expect.arrayContaining(['experiment.py', 'experiment.json', 'result.json']),
    );
    // PyTorch trains longer than the runner did
    const p = spawnSync(py!, ['experiment.py', '--steps', '5', '--out', 'pytorch.json'], {
      cwd: a,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(p.status, p.stderr).toBe(0);
    const pyResult = JSON.parse(readFileSync(join(a, 'pytorch.json'), 'utf8'));
    const b = join(tmp, 'b');
    const r2 = run(
      '--link',
      link,
      '--out',
      b,
      '--backend',
      'cpu',
      '--steps',
      '0',
      '--weights',
      join(a, 'pytorch.json'),
    );
    expect(r2.status, r2.stderr).toBe(0);
    expect(r2.stdout).toMatch(/starting from the weights of a PyTorch run .* at step 5/);
    const back = JSON.parse(readFileSync(join(b, 'result.json'), 'utf8'));
    expect(back.training.steps).toBe(5);
    expect(back.final.weights.sets).toEqual(pyResult.final.weights.sets);
    expect(back.final.weights.readout).toEqual(pyResult.final.weights.readout);
    const d0 = back.diagnostics[0];
    const d1 = pyResult.diagnostics.at(-1);
    expect(d0.step).toBe(5);
    expect(Math.abs(d0.gradErrorGlobal - d1.gradErrorGlobal)).toBeLessThan(1e-9 * d1.gradErrorGlobal);
    // the same weights on a wider network: refused, nothing written
    const c = join(tmp, 'c');
    const r3 = run(
      '--link',
      link.replace('width=4', 'width=6'),
      '--out',
      c,
      '--backend',
      'cpu',
      '--weights',
      join(a, 'pytorch.json'),
    );
    expect(r3.status).toBe(2);
    expect(r3.stderr).toMatch(/sets\[0\]\.W has shape \[4\]\[2\], but this config needs \[6\]\[2\]/);
    expect(existsSync(c)).toBe(false);
  });
});
