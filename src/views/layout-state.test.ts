// The layout part of the views state (large views, presentation, embed): it travels in links as views.<key> and in
// experiment files, old links and files without it open with the defaults, and bad values are refused with a
// reason while the rest of the link still applies.
import { describe, expect, it } from 'vitest';
import { initWeights, netSpec } from '../core/params';
import { makeConfig } from '../core/testing';
import { exportExperiment, importExperiment } from '../io/experiment-file';
import { decodeLink, encodeLink } from '../link/codec';
import { defaultViews } from '../state/experiment';
import { shownLarge } from './registry';

const config = makeConfig({ model: { depth: 6, width: 4 }, seed: 3 });
const weights = initWeights(config, netSpec(config));
const history = { losses: [], evals: [], gradErrors: [] };

describe('views layout state', () => {
  it('leaves the defaults out of a link', () => {
    expect(encodeLink(config, defaultViews())).not.toMatch(/views\.(large|present|embed)/);
  });

  it('round-trips large, present and embed through a link', () => {
    const views = {
      ...defaultViews(),
      large: ['curves', 'trajectories'] as const,
      present: true,
      embed: true,
    };
    const link = encodeLink(config, { ...views, large: [...views.large] });
    expect(decodeURIComponent(link)).toContain('views.large=curves,trajectories');
    expect(link).toContain('views.present=1');
    expect(link).toContain('views.embed=1');
    const d = decodeLink(`#${link}`);
    expect(d.rejected).toEqual([]);
    expect(d.views.large).toEqual(['curves', 'trajectories']);
    expect(d.views.present).toBe(true);
    expect(d.views.embed).toBe(true);
  });

  it.each([
    ['views.large=nope', 'views.large', /must be one of|comma-separated/],
    ['views.large=curves,sweep,memory', 'views.large', /at most 2/],
    ['views.large=curves,curves', 'views.large', /twice/],
    ['views.present=yes', 'views.present', /not a boolean/],
    ['views.embed=2', 'views.embed', /not a boolean/],
  ])('refuses %s with a reason and keeps the rest of the link', (bad, field, reason) => {
    const d = decodeLink(`#model.depth=12&${bad}&views.speed=2`);
    expect(d.config.model.depth).toBe(12);
    expect(d.views.speed).toBe(2);
    const r = d.rejected.find((x) => x.field === field);
    expect(r?.reason).toMatch(reason);
    expect(d.views.large).toEqual([]);
    expect(d.views.present).toBe(false);
    expect(d.views.embed).toBe(false);
  });

  it('round-trips through an experiment file, and a file without the fields opens with the defaults', () => {
    const views = { ...defaultViews(), large: ['heatmap' as const], present: true };
    const r = importExperiment(exportExperiment(config, views, 0, weights, history));
    if (!r.ok) throw new Error(r.message);
    expect(r.views).toEqual(views);

    const old = JSON.parse(exportExperiment(config, defaultViews(), 0, weights, history));
    delete old.views.large;
    delete old.views.present;
    delete old.views.embed;
    const r2 = importExperiment(JSON.stringify(old));
    if (!r2.ok) throw new Error(r2.message);
    expect(r2.views).toEqual(defaultViews());
    expect(r2.notes.join(' ')).not.toMatch(/views/);

    const bad = JSON.parse(exportExperiment(config, defaultViews(), 0, weights, history));
    bad.views.large = ['trajectories', 'nope'];
    const r3 = importExperiment(JSON.stringify(bad));
    if (!r3.ok) throw new Error(r3.message);
    expect(r3.views.large).toEqual([]);
    expect(r3.notes.join(' ')).toMatch(/views\.large/);
  });

  it('shows the chosen open large views, else the first open view', () => {
    const v = defaultViews();
    expect(shownLarge({ open: ['curves', 'sweep'], large: [] })).toEqual(['curves']);
    expect(shownLarge({ open: ['curves', 'sweep'], large: ['sweep'] })).toEqual(['sweep']);
    expect(shownLarge({ open: ['curves', 'sweep'], large: ['memory', 'sweep'] })).toEqual(['sweep']);
    expect(shownLarge({ open: ['curves'], large: ['memory'] })).toEqual(['curves']);
    expect(shownLarge({ open: [], large: [] })).toEqual([]);
    expect(shownLarge(v)).toEqual(v.open.slice(0, 1));
  });
});
