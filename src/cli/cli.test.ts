// The runner as users run it: the built script in a child process. Bad arguments, links, sweeps and output
// directories exit non-zero with a message and write nothing; a diverging run writes nothing; a good run writes
// every file. (The float64 backend keeps this independent of the GPU.)
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtRunner } from './built-runner';

const runner = builtRunner('cli-test');

function run(...args: string[]) {
  return runner.run(args);
}

const out = (name: string) => join(runner.dir(), name);

describe('runner command line', () => {
  it('--help prints the usage and exits 0', () => {
    const r = run('--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: npm run experiment');
  });

  it.each([
    [[], /give exactly one of --link or --preset/],
    [
      ['--preset', 'no-such-preset', '--out', 'x'],
      /unknown preset "no-such-preset"; available: sander-fig1-square/,
    ],
    [
      ['--preset', 'sander-fig2-linear', '--out', 'x', '--backend', 'tpu'],
      /--backend must be auto, webgpu, cpu or wasm, got "tpu"/,
    ],
  ])('%j exits 2 with a message', (args, message) => {
    const r = run(...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('a link with unusable settings exits 2, lists each field and writes nothing', () => {
    const target = out('badlink');
    const r = run('--link', '#v=2&model.depth=0&model.width=abc&seed=7', '--out', target, '--backend', 'cpu');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/model\.depth = 0: /);
    expect(r.err).toMatch(/model\.width = abc: /);
    expect(existsSync(target)).toBe(false);
  });

  it('a sweep that cannot run exits 2 before training', () => {
    const target = out('badsweep');
    const r = run('--link', '#v=2&views.sweep.depths=8', '--sweep', '--out', target, '--backend', 'cpu');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/the sweep cannot run: Give at least two depths/);
    expect(existsSync(target)).toBe(false);
  });

  it('a non-empty output directory exits 2 and is left as it was', () => {
    const target = out('full');
    mkdirSync(target);
    writeFileSync(join(target, 'keep.txt'), 'mine');
    const r = run('--preset', 'sander-counterexample-ramp', '--out', target, '--backend', 'cpu');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/is not empty/);
    expect(readdirSync(target)).toEqual(['keep.txt']);
  });

  it('a diverging run exits 1 with the reason and writes nothing', () => {
    const target = out('diverged');
    // Adam at lr 1e6 sat at a loss of 1e11–1e12 and exited 0 "done"
    const link = '#v=2&train.optimizer=adam&train.lr=1000000';
    const r = run('--link', link, '--out', target, '--steps', '50', '--backend', 'cpu');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/training diverged at step \d+: .*Likely cause: the learning rate is too large/);
    expect(r.err).not.toMatch(/\n\s+at /); // the message, not a stack trace
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(runner.dir()).some((f) => f.includes('partial'))).toBe(false);
  });

  it('a good run exits 0 and writes every file, with the sweep and its fitted slope', () => {
    const target = out('good');
    const r = run(
      '--preset',
      'sander-counterexample-ramp',
      '--out',
      target,
      '--steps',
      '2',
      '--sweep',
      '--probe',
      '--backend',
      'cpu',
    );
    expect(r.code, r.err).toBe(0);
    // the ramp preset's sweep is the distance to the ODE: a forward-pass metric, labelled by its scheme
    expect(r.out).toMatch(/ResNet \(Euler\) +slope 0\.000/);
    expect(readdirSync(target).sort()).toEqual([
      'evaluations.csv',
      'gradient_error.csv',
      'layers.csv',
      'losses.csv',
      'probe.json',
      'result.json',
      'sweep.csv',
      'timing.json',
      'trajectories.csv',
    ]);
    const result = JSON.parse(readFileSync(join(target, 'result.json'), 'utf8'));
    expect(result.format).toBe('ode-lens-result');
    expect(result.training.steps).toBe(2);
    expect(result.sweep.points.every((p: { y: number }) => Math.abs(p.y - 0.5) < 1e-9)).toBe(true);
    expect(result.summary.crossings).toEqual({ count: 0, pairs: 0 });
  });

  it('--backend auto (the default) times the engines, trains on one and records which and why', () => {
    const target = out('auto');
    const r = run('--preset', 'sander-counterexample-ramp', '--out', target, '--steps', '2');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/engine: (WebGPU|CPU float64|CPU float32 WASM) · /);
    const result = JSON.parse(readFileSync(join(target, 'result.json'), 'utf8'));
    expect(result.backend.choice).toMatchObject({
      requested: 'auto',
      how: expect.stringMatching(/^(timed|only|fallback)$/),
    });
    expect(result.backend.choice.reason).toMatch(/^(WebGPU|CPU float64|CPU float32 WASM) · /);
    const kinds: Record<string, string> = {
      WebGPU: 'webgpu',
      'CPU float64': 'cpu',
      'CPU float32 WASM': 'wasm',
    };
    expect(result.backend.kind).toBe(kinds[result.backend.choice.reason.split(/ \(| · /)[0]]);
    const timing = JSON.parse(readFileSync(join(target, 'timing.json'), 'utf8'));
    expect(Array.isArray(timing.engineTimings)).toBe(true);
  });
});
