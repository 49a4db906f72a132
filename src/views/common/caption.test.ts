import { describe, expect, it } from 'vitest';
import { defaultConfig, type ExperimentConfig } from '../../core/config';
import { captionFor, captionText, exportFileName, sanitizeName, wrapText } from './caption';

function config(patch: (c: ExperimentConfig) => void): ExperimentConfig {
  const c = structuredClone(defaultConfig());
  patch(c);
  return c;
}

const heun = config((c) => {
  c.model.scheme = 'heun';
  c.model.depth = 64;
  c.model.residual = 'mlp';
  c.train.gradMode = 'adjoint';
  c.data.kind = 'moons';
  c.seed = 7;
});

const link = 'https://example.org/odelens/#v=2&model.scheme=heun&model.depth=64';

describe('captionFor', () => {
  it('names the view, the step and the settings in readable words, and carries the link', () => {
    const c = captionFor({
      name: 'trajectories',
      title: 'Trajectories through depth',
      step: 1200,
      config: heun,
      link,
    });
    expect(c.title).toBe('Trajectories through depth · step 1,200');
    expect(c.settings).toBe(
      'Heun scheme · depth N = 64 · residual MLP V σ(cWx + b) · memory-free adjoint · data: moons (2 classes) · seed 7',
    );
    expect(c.link).toBe(`ODE Lens: ${link}`);
    expect(captionText(c).split('\n')).toEqual([c.title, c.settings, c.link]);
  });

  it('words a recording’s step range, and one step when the range is empty', () => {
    const base = { name: 'x', title: 'Weights', config: heun, link };
    expect(captionFor({ ...base, step: { from: 0, to: 1500 } }).title).toBe('Weights · steps 0–1,500');
    expect(captionFor({ ...base, step: { from: 30, to: 30 } }).title).toBe('Weights · step 30');
  });

  it('follows the config: Euler, exact backprop, another data set and residual kind', () => {
    const c = config((x) => {
      x.model.scheme = 'euler';
      x.model.residual = 'linear';
      x.train.gradMode = 'exact';
      x.data.kind = 'neg-square';
      x.model.depth = 16;
    });
    const s = captionFor({ name: 't', title: 'T', step: 0, config: c, link }).settings;
    expect(s).toContain('Euler scheme');
    expect(s).toContain('depth N = 16');
    expect(s).toContain('residual linear θx + b');
    expect(s).toContain('exact backprop');
    expect(s).toContain('data: neg-square x → −x²/2');
  });
});

describe('the caption of cut read-outs', () => {
  const base = { name: 'trajectories', title: 'Trajectories through depth', step: 40, config: heun, link };

  it("says what the view's badge says, between the settings and the link", () => {
    const cut = captionFor({
      ...base,
      note: 'regions on a 19×19 grid, 23 of 64 inputs in the fan: the net is deep',
    });
    expect(cut.note).toBe('regions on a 19×19 grid, 23 of 64 inputs in the fan: the net is deep');
    expect(captionText(cut).split('\n')).toEqual([cut.title, cut.settings, cut.note, cut.link]);
    // the other lines are those of a caption without it
    const { note: _, ...rest } = cut;
    expect(rest).toEqual(captionFor(base));
  });

  it('says nothing when nothing was cut', () => {
    for (const note of [undefined, null, '', '   ']) {
      const c = captionFor({ ...base, note });
      expect('note' in c).toBe(false);
      expect(captionText(c).split('\n')).toEqual([c.title, c.settings, c.link]);
    }
  });
});

describe('exportFileName', () => {
  it('says the view, scheme, depth and step', () => {
    expect(exportFileName({ name: 'trajectories', step: 1200, config: heun }, 'png')).toBe(
      'odelens-trajectories-heun-N64-step1200.png',
    );
    expect(exportFileName({ name: 'trajectories', step: { from: 0, to: 90 }, config: heun }, 'gif')).toBe(
      'odelens-trajectories-heun-N64-step0-90.gif',
    );
  });

  it('never gives two views or two steps the same name', () => {
    const names = new Set<string>();
    for (const name of ['trajectories', 'heatmaps', 'curves', 'sweeps', 'memory'])
      for (const step of [0, 1, 10, 1200]) names.add(exportFileName({ name, step, config: heun }, 'png'));
    expect(names.size).toBe(20);
  });

  it('keeps only safe characters', () => {
    const n = exportFileName({ name: 'Weights / över "depth"', step: 3, config: heun }, '.P*NG');
    expect(n).toBe('odelens-weights-ver-depth-heun-N64-step3.png');
    expect(sanitizeName('../../etc/passwd')).toBe('etc-passwd');
    expect(exportFileName({ name: '***', step: 3, config: heun }, 'svg')).toBe(
      'odelens-view-heun-N64-step3.svg',
    );
  });
});

describe('wrapText', () => {
  const measure = (s: string) => s.length; // one unit per character

  it('wraps at spaces within the width', () => {
    expect(wrapText('aa bb cc dd', 5, measure)).toEqual(['aa bb', 'cc dd']);
    expect(wrapText('  one  ', 10, measure)).toEqual(['one']);
    expect(wrapText('', 10, measure)).toEqual([]);
  });

  it('cuts a word longer than a line (a link) between characters', () => {
    expect(wrapText('x abcdefghij', 4, measure)).toEqual(['x ab', 'cdef', 'ghij']);
    expect(wrapText('abcdefghij k', 4, measure)).toEqual(['abcd', 'efgh', 'ij k']);
  });

  it('keeps at most maxLines and marks the cut with an ellipsis that fits', () => {
    const lines = wrapText('abcdefghijklmnop', 4, measure, 2);
    expect(lines).toEqual(['abcd', 'efg…']);
    for (const l of lines) expect(measure(l)).toBeLessThanOrEqual(4);
  });
});
