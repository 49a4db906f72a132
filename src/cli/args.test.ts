import { describe, expect, it } from 'vitest';
import { parseArgs } from './args';

describe('runner arguments', () => {
  it('parses a full command line', () => {
    const r = parseArgs([
      '--link',
      '#model.depth=8',
      '--out',
      'o',
      '--steps',
      '10',
      '--probe',
      '--sweep',
      '--backend',
      'cpu',
    ]);
    expect(r).toEqual({
      ok: true,
      options: {
        link: '#model.depth=8',
        preset: null,
        out: 'o',
        steps: 10,
        probe: true,
        sweep: true,
        backend: 'cpu',
        evalEvery: null,
        quiet: false,
        pytorch: false,
        weights: null,
        untie: null,
      },
    });
  });

  it('--untie K needs --weights and a factor from 2 to 16', () => {
    const r = parseArgs(['--preset', 'p', '--out', 'o', '--weights', 'w.json', '--untie', '4']);
    expect(r.ok && r.options.untie).toBe(4);
    const alone = parseArgs(['--preset', 'p', '--out', 'o', '--untie', '4']);
    expect(alone).toMatchObject({ ok: false, message: /--untie needs --weights FILE/ });
    for (const bad of ['1', '17', 'x'])
      expect(parseArgs(['--preset', 'p', '--out', 'o', '--weights', 'w', '--untie', bad])).toMatchObject({
        ok: false,
        message: /--untie must be/,
      });
  });

  it('the backend is auto unless given', () => {
    const r = parseArgs(['--preset', 'p', '--out', 'o']);
    expect(r.ok && r.options.backend).toBe('auto');
    for (const b of ['auto', 'webgpu', 'cpu', 'wasm']) {
      const q = parseArgs(['--preset', 'p', '--out', 'o', '--backend', b]);
      expect(q.ok && q.options.backend).toBe(b);
    }
  });

  it.each([
    [[], /exactly one of --link or --preset/],
    [['--link', 'a', '--preset', 'b', '--out', 'o'], /exactly one/],
    [['--preset', 'p'], /--out DIR is required/],
    [['--preset', 'p', '--out', 'o', '--steps', '-3'], /--steps must be a whole number/],
    [['--preset', 'p', '--out', 'o', '--steps', '1.5'], /whole number/],
    [
      ['--preset', 'p', '--out', 'o', '--backend', 'tpu'],
      /--backend must be auto, webgpu, cpu or wasm, got "tpu"/,
    ],
    [['--preset', 'p', '--out', 'o', '--backend', 'WebGPU'], /--backend must be auto, webgpu, cpu or wasm/],
    [['--preset', 'p', '--out'], /--out needs a directory/],
    [['--preset', '--out', 'o'], /--preset needs a value/],
    [['--preset', 'p', '--out', 'o', '--frobnicate'], /unknown argument "--frobnicate"/],
    [['--preset', 'p', '--out', 'o', '--eval-every', '0'], /between 1 and/],
    // repeated flags once silently took the last value
    [['--preset', 'p', '--out', 'a', '--out', 'b'], /--out is given more than once/],
    [['--preset', 'p', '--out', 'o', '--steps', '5', '--steps', '7'], /--steps is given more than once/],
    [['--preset', 'p', '--preset', 'p', '--out', 'o'], /--preset is given more than once/],
    [['--link', '#a', '--link', '#b', '--out', 'o'], /--link is given more than once/],
    [['--preset', 'p', '--out', 'o', '--backend', 'cpu', '--backend', 'wasm'], /--backend is given more/],
    [['--preset', 'p', '--out', 'o', '--eval-every', '2', '--eval-every', '3'], /--eval-every is given/],
    [['--preset', 'p', '--out', 'o', '--probe', '--probe'], /--probe is given more than once/],
    [['--preset', 'p', '--out', 'o', '--quiet', '--quiet'], /--quiet is given more than once/],
    [['--preset', 'p', '--out', 'o', '--sweep', '--sweep'], /--sweep is given more than once/],
  ])('%j is rejected with a message', (argv, msg) => {
    const r = parseArgs(argv as string[]);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toMatch(msg);
      expect(r.message).toContain('Usage:');
    }
  });
});
