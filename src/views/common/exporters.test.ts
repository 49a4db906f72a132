import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { contrastRatio, paletteOf, parseThemeCss, THEME_NAMES } from '../../app/theme-logic';
import { useTheme } from '../../state/theme';
import { captionColors, drawCaption, layoutCaption, renderFrame, withSvgTitle } from './exporters';
import { stubContext } from './stubContext';

const measure = (text: string) => text.length * 6;
const caption = {
  title: 'Trajectories through depth · step 1,200',
  settings: 'Heun scheme · depth N = 64 · residual MLP V σ(cWx + b) · exact backprop · data: moons · seed 1',
  link: `ODE Lens: http://127.0.0.1:5186/#v=2&${'model.depth=64&'.repeat(60)}`,
};

describe('layoutCaption', () => {
  it('wraps every part within the width, keeps the link to three lines and sizes the strip to its lines', () => {
    const width = 400;
    const l = layoutCaption(caption, width, measure);
    for (const line of l.lines) expect(measure(line.text)).toBeLessThanOrEqual(width - 16);
    const links = l.lines.filter((x) => x.part === 'link');
    expect(links).toHaveLength(3);
    expect(links[2].text.endsWith('…')).toBe(true);
    expect(l.lines[0].text).toBe(caption.title);
    expect(l.height).toBe(l.lines.length * 16 + 16);
  });
});

describe('layoutCaption with a note (cut read-outs)', () => {
  const note = 'regions on a 19×19 grid, 23 of 64 inputs in the fan: the net is deep';

  it('lays the note out between the settings and the link, wrapped, in the ink colour', () => {
    const width = 300;
    const l = layoutCaption({ ...caption, note }, width, measure);
    const parts = l.lines.map((x) => x.part);
    const notes = l.lines.filter((x) => x.part === 'note');
    expect(notes.length).toBe(2); // 70 characters at 6 px in 284 px: two lines, nothing cut
    expect(notes.map((x) => x.text).join(' ')).toBe(note);
    expect(parts.lastIndexOf('settings')).toBeLessThan(parts.indexOf('note'));
    expect(parts.lastIndexOf('note')).toBeLessThan(parts.indexOf('link'));
    for (const line of l.lines) expect(measure(line.text)).toBeLessThanOrEqual(width - 16);
    // the strip grows by the note's lines
    expect(l.height).toBe(layoutCaption(caption, width, measure).height + 2 * 16);
    const dark = palettes.dark;
    expect(captionColors(dark).text.note).toBe(dark.ink);
  });

  it('draws the note, and keeps a long one to two lines', () => {
    const { ctx, fills } = recordingContext();
    const layout = layoutCaption({ ...caption, note }, 800, measure);
    drawCaption(ctx, layout, 0, 800, captionColors(palettes.light));
    expect(fills.filter((f) => f.kind === 'text').map((f) => f.text)).toContain(note);
    const long = layoutCaption({ ...caption, note: note.repeat(10) }, 300, measure);
    const cut = long.lines.filter((x) => x.part === 'note');
    expect(cut).toHaveLength(2);
    expect(cut[1].text.endsWith('…')).toBe(true);
  });

  it('has no note lines without a note', () => {
    expect(layoutCaption(caption, 300, measure).lines.some((x) => x.part === 'note')).toBe(false);
  });
});

describe('withSvgTitle', () => {
  it('puts an escaped <title> and <desc> first in the root element', () => {
    const svg = '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10"><g/></svg>';
    const out = withSvgTitle(svg, 'A < B & "C"', 'line 1\nhttp://x/#a=1&b=2');
    expect(out).toBe(
      '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10"><title>A &lt; B &amp; &quot;C&quot;</title><desc>line 1\nhttp://x/#a=1&amp;b=2</desc><g/></svg>',
    );
    expect(withSvgTitle('not svg', 't', 'd')).toBe('not svg');
  });
});

// theme.css, the one source of the page's and the canvases' colours
const themes = parseThemeCss(readFileSync(new URL('../../app/theme.css', import.meta.url), 'utf8'));
const palettes = Object.fromEntries(THEME_NAMES.map((n) => [n, paletteOf(themes[n])]));

/** A 2D context that records what is filled (rectangles and text) with the fill style at that moment. */
function recordingContext() {
  const fills: { kind: 'rect' | 'text'; style: string; y: number; text?: string }[] = [];
  const ctx = stubContext(
    (state) => ({
      fillRect: (_x: number, y: number) => fills.push({ kind: 'rect', style: String(state.fillStyle), y }),
      fillText: (text: string, _x: number, y: number) =>
        fills.push({ kind: 'text', style: String(state.fillStyle), y, text }),
      measureText: (t: string) => ({ width: t.length * 6 }),
    }),
    { fillStyle: '#000000' },
  );
  return { ctx, fills };
}

describe('the caption strip in a theme', () => {
  afterEach(() => useTheme.setState({ name: 'light', palette: palettes.light }));

  it('draws with the given theme colours: the dark background, light text, no white', () => {
    const dark = palettes.dark;
    const { ctx, fills } = recordingContext();
    const layout = layoutCaption(caption, 500, measure);
    drawCaption(ctx, layout, 300, 500, captionColors(dark));
    expect(fills[0]).toMatchObject({ kind: 'rect', style: dark.bg, y: 300 });
    const texts = fills.filter((f) => f.kind === 'text');
    expect(texts).toHaveLength(layout.lines.length);
    expect(texts[0].style).toBe(dark.ink);
    expect(texts.at(-1)!.style).toBe(dark.muted);
    for (const f of fills) expect(f.style.toLowerCase()).not.toBe('#ffffff');
  });

  it('renders a frame (PNG, recordings) on the current theme: background and strip dark in the dark theme', () => {
    const dark = palettes.dark;
    useTheme.setState({ name: 'dark', palette: dark });
    const { ctx, fills } = recordingContext();
    const canvas = { width: 0, height: 0, getContext: () => ctx } as unknown as HTMLCanvasElement;
    const strip = renderFrame(canvas, () => {}, 400, 250, 2, caption);
    expect(strip).toBeGreaterThan(40);
    expect([canvas.width, canvas.height]).toEqual([800, 2 * (250 + strip)]);
    const rects = fills.filter((f) => f.kind === 'rect');
    expect(rects[0]).toMatchObject({ style: dark.bg, y: 0 }); // under the plot
    expect(rects.find((f) => f.y === 250)?.style).toBe(dark.bg); // the strip
    for (const f of fills) expect(f.style.toLowerCase(), f.text ?? 'a rectangle').not.toBe('#ffffff');
  });

  it.each(THEME_NAMES)('%s: the caption text is readable on the strip', (n) => {
    const c = captionColors(palettes[n]);
    for (const part of ['title', 'settings', 'note', 'link'] as const)
      expect(contrastRatio(c.text[part], c.bg), part).toBeGreaterThanOrEqual(4.5);
  });
});
