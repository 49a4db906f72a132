import { describe, expect, it } from 'vitest';
import { makeConfig } from '../core/testing';
import { defaultViews } from '../state/experiment';
import { decodeLink } from './codec';
import { embedUrl, fullPageUrl, iframeSnippet } from './embed';

const base = 'https://example.org/lens/';
const config = makeConfig({ model: { depth: 24 }, seed: 5 });

describe('embed links', () => {
  it('an embed URL opens the same experiment in embed mode, never in presentation mode', () => {
    const views = { ...defaultViews(), present: true, large: ['curves' as const] };
    const url = embedUrl(base, config, views);
    expect(url.startsWith(`${base}#`)).toBe(true);
    const d = decodeLink(url);
    expect(d.rejected).toEqual([]);
    expect(d.config).toEqual(config);
    expect(d.views).toEqual({ ...views, embed: true, present: false });
  });

  it('"open in ODE Lens" drops embed mode and keeps the rest', () => {
    const views = { ...defaultViews(), embed: true, large: ['sweep' as const] };
    const d = decodeLink(fullPageUrl(base, config, views));
    expect(d.views).toEqual({ ...views, embed: false });
    expect(d.config).toEqual(config);
  });

  it('writes an iframe with the URL escaped and sane sizes', () => {
    const url = `${base}#v=2&model.depth=24&views.embed=1`;
    const s = iframeSnippet(url, 800.4, 520);
    expect(s).toBe(
      '<iframe src="https://example.org/lens/#v=2&amp;model.depth=24&amp;views.embed=1" width="800" height="520" title="ODE Lens" style="border:0" loading="lazy" allow="fullscreen"></iframe>',
    );
    expect(iframeSnippet(url, 10, Number.NaN)).toContain('width="200" height="200"');
    expect(iframeSnippet(url, 1e6, 500, 'a "quoted" <title>')).toContain(
      'width="4000" height="500" title="a &quot;quoted&quot; &lt;title&gt;"',
    );
  });
});
