// The themes: theme.css declares every colour in every theme (the canvases read the same file), text stays
// readable on its backgrounds, the choice resolves as promised, and the presentation scale stays in bounds.
import { readFileSync } from 'node:fs';
import { interpolateRdBu, rgb } from 'd3';
import { describe, expect, it } from 'vitest';
import { divergingScale } from '../views/common/colors';
import {
  contrastRatio,
  cssVarOf,
  PALETTE_KEYS,
  paletteOf,
  parseChoice,
  parseThemeCss,
  presentationScale,
  resolveTheme,
  THEME_NAMES,
} from './theme-logic';

const css = readFileSync(new URL('./theme.css', import.meta.url), 'utf8');
const themes = parseThemeCss(css);
const hex = (c: string) => rgb(c).formatHex();

describe('theme.css', () => {
  it('declares the same properties in every theme, including every canvas colour', () => {
    const keys = Object.keys(themes.light).sort();
    expect(keys.length).toBeGreaterThan(40);
    for (const k of PALETTE_KEYS) expect(keys).toContain(cssVarOf(k));
    for (const n of THEME_NAMES) expect(Object.keys(themes[n]).sort(), n).toEqual(keys);
    for (const n of THEME_NAMES) expect(() => paletteOf(themes[n])).not.toThrow();
  });

  it('names a property a theme leaves out', () => {
    const { '--plot-ink': _gone, ...rest } = themes.dark;
    expect(() => paletteOf(rest)).toThrow(/--plot-ink/);
  });

  it('skips blocks inside media queries', () => {
    const t = parseThemeCss(':root { --a: #000000; }\n@media (x) { :root { --a: #ffffff; } }');
    expect(t.light['--a']).toBe('#000000');
  });

  it.each(THEME_NAMES)('%s: text is readable on its backgrounds', (n) => {
    const t = themes[n];
    const min = n === 'contrast' ? 7 : 4.5;
    expect(contrastRatio(t['--fg'], t['--bg'])).toBeGreaterThanOrEqual(min);
    expect(contrastRatio(t['--fg'], t['--panel'])).toBeGreaterThanOrEqual(min);
    expect(contrastRatio(t['--muted'], t['--panel'])).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(t['--accent-fg'], t['--accent'])).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(t['--plot-ink'], t['--plot-bg'])).toBeGreaterThanOrEqual(min);
    expect(contrastRatio(t['--plot-muted'], t['--plot-bg'])).toBeGreaterThanOrEqual(4.5);
    // data lines against the plot
    for (const k of ['--plot-train', '--plot-test', '--plot-line'])
      expect(contrastRatio(hex(t[k]), t['--plot-bg']), k).toBeGreaterThanOrEqual(3);
  });

  it('centres the diverging map on each theme, with both ends standing out from the plot background', () => {
    const light = divergingScale(themes.light['--plot-diverging-mid']);
    for (const t of [0, 0.25, 0.5, 0.9, 1]) expect(light(t)).toBe(interpolateRdBu(1 - t)); // RdBu, positive red
    for (const n of THEME_NAMES) {
      const f = divergingScale(themes[n]['--plot-diverging-mid']);
      const bg = themes[n]['--plot-bg'];
      expect(contrastRatio(hex(f(0)), bg), `${n} negative end`).toBeGreaterThanOrEqual(3);
      expect(contrastRatio(hex(f(1)), bg), `${n} positive end`).toBeGreaterThanOrEqual(3);
      expect(rgb(f(1)).r).toBeGreaterThan(rgb(f(1)).b); // red is positive
      expect(rgb(f(0)).b).toBeGreaterThan(rgb(f(0)).r);
    }
    const dark = divergingScale(themes.dark['--plot-diverging-mid']);
    expect(hex(dark(0.5))).toBe(hex(themes.dark['--plot-diverging-mid']));
  });
});

describe('theme choice', () => {
  it('follows the system unless the user chose', () => {
    expect(resolveTheme('system', { dark: false, moreContrast: false })).toBe('light');
    expect(resolveTheme('system', { dark: true, moreContrast: false })).toBe('dark');
    expect(resolveTheme('system', { dark: true, moreContrast: true })).toBe('contrast');
    expect(resolveTheme('light', { dark: true, moreContrast: true })).toBe('light');
    expect(resolveTheme('dark', { dark: false, moreContrast: false })).toBe('dark');
    expect(resolveTheme('contrast', { dark: true, moreContrast: false })).toBe('contrast');
  });

  it('reads a stored choice, and anything else as the system setting', () => {
    expect(parseChoice('dark')).toBe('dark');
    expect(parseChoice('contrast')).toBe('contrast');
    for (const bad of [null, undefined, '', 'Dark', 'sepia', 3]) expect(parseChoice(bad)).toBe('system');
  });
});

describe('presentation scale', () => {
  it('is larger than 1 on a projector or a large screen, and bounded', () => {
    expect(presentationScale(1024, 768)).toBe(1.25);
    expect(presentationScale(1920, 1080)).toBeCloseTo(1.69, 2);
    expect(presentationScale(3840, 2160)).toBe(2.5);
    expect(presentationScale(390, 844)).toBe(1);
    expect(presentationScale(0, 800)).toBe(1);
    expect(presentationScale(Number.NaN, 800)).toBe(1);
  });

  it('never shrinks as the screen grows', () => {
    let prev = 0;
    for (let w = 640; w <= 4000; w += 40) {
      const s = presentationScale(w, (w * 9) / 16);
      expect(s).toBeGreaterThanOrEqual(prev);
      prev = s;
    }
  });
});
