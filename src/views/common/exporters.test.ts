import { describe, expect, it } from 'vitest';
import { layoutCaption, withSvgTitle } from './exporters';

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
    const links = l.lines.filter((x) => x.color === '#5a5a5a');
    expect(links).toHaveLength(3);
    expect(links[2].text.endsWith('…')).toBe(true);
    expect(l.lines[0].text).toBe(caption.title);
    expect(l.height).toBe(l.lines.length * 16 + 16);
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
