import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { decodeLink, encodeLink } from '../link/codec';
import { PRESETS, presetConfig } from './presets';

/** Every $…$ span of a text. */
const maths = (t: string) => [...t.matchAll(/\$([^$]+)\$/g)].map((m) => m[1]);

describe('presets', () => {
  it('have unique ids and cover the three papers', () => {
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
    for (const prefix of [
      'sander-fig1',
      'sander-fig2',
      'sander-fig3c',
      'sander-fig4',
      'sander-counterexample',
      'marion',
      'mean-ode',
    ])
      expect(
        PRESETS.some((p) => p.id.startsWith(prefix)),
        prefix,
      ).toBe(true);
  });

  it.each(PRESETS.map((p) => [p.id, p]))('%s: valid, and its link reproduces it exactly', (_id, p) => {
    const { config, views } = presetConfig(p);
    const d = decodeLink(`#${encodeLink(config, views)}`);
    expect(d.rejected).toEqual([]);
    expect(d.config).toEqual(config);
    expect(d.views).toEqual(views);
    expect(p.summary.length).toBeGreaterThan(80);
    expect(p.lookFor.length).toBeGreaterThan(0);
  });

  it.each(PRESETS.map((p) => [p.id, p]))('%s: every formula renders with KaTeX', (_id, p) => {
    for (const text of [p.summary, ...p.lookFor, p.notes ?? ''])
      for (const m of maths(text))
        expect(() => katex.renderToString(m, { throwOnError: true }), m).not.toThrow();
  });
});
