// Old links still open: every preset's link (format v2 and v1) and a few hand-written v1/v2 links decode to the
// same config, views and rejections as they did before the views' state moved into the view registry. The
// expectations in golden-links.json were generated from main @ 5e124f6 (a first set, generated @ 101ab9f,
// decodes the same apart from the default views.sweep.schemes added since). The re-encoded link must be the same
// string too, so the order of the link's parameters did not change either. Since link version 3 (a calmer default
// experiment, src/core/defaults-history.ts) the app writes v3 links: the presets' links here are written in
// format v2 (encodeLinkV2, against the v2 defaults, as the app wrote them), a decoded link re-encodes in format v2
// to the same string, and in format v3 to a link that decodes to the same experiment.
// Regenerate (only when a change of the links is intended): GOLDEN_WRITE=1 npx vitest run src/link/golden-links.test.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRESETS, presetConfig } from '../presets/presets';
import { decodeLink, encodeLink, encodeLinkV1, encodeLinkV2, LINK_VERSION } from './codec';

const FILE = new URL('./golden-links.json', import.meta.url);

/**
 * Config fields added after golden-links.json was written, with their defaults: an old link decodes to them
 * (and to exactly what it did otherwise), and a version-1 link, which carries the whole config, is written
 * here as the app that had no such field wrote it.
 */
const ADDED_SINCE: Record<string, unknown> = { 'data.resolution': 14 };
/** Views-state fields added since, with their defaults (an old link decodes to them; none of its keys set them). */
const VIEWS_ADDED_SINCE: Record<string, unknown> = { large: [], present: false, embed: false };

type Obj = Record<string, Record<string, unknown>>;
function withoutAdded<T>(config: T): T {
  const c = structuredClone(config) as Obj;
  for (const path of Object.keys(ADDED_SINCE)) {
    const [group, key] = path.split('.');
    delete c[group][key];
  }
  return c as T;
}
function withoutAddedViews<T>(views: T): T {
  const v = structuredClone(views) as Record<string, unknown>;
  for (const key of Object.keys(VIEWS_ADDED_SINCE)) delete v[key];
  return v as T;
}
function withAdded<T extends { config: unknown }>(decoded: T): T {
  const d = structuredClone(decoded);
  for (const [path, value] of Object.entries(ADDED_SINCE)) {
    const [group, key] = path.split('.');
    (d.config as Obj)[group][key] = value;
  }
  for (const [key, value] of Object.entries(VIEWS_ADDED_SINCE))
    ((d as unknown as Obj).views as Record<string, unknown>)[key] = value;
  return d;
}

/** base64url of a JSON payload, as a version-1 link carries it. */
const v1 = (payload: unknown) =>
  `v=1&c=${btoa(JSON.stringify(payload)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;

/** The links: stable inputs (hand-written strings, or encoded from the presets, which do not change here). */
function links(): string[] {
  const out: string[] = [];
  for (const p of PRESETS) {
    const { config, views } = presetConfig(p);
    out.push(encodeLinkV2(config, views), encodeLinkV1(withoutAdded(config), withoutAddedViews(views)));
  }
  out.push(
    'v=2',
    '',
    'model.depth=64&views.open=sweep,curves&views.sweep.metric=reconError&views.sweep.depths=4,16,64',
    'views.heatmap.mode=norms&views.heatmap.timeMetric=entry&views.heatmap.entry=7&views.speed=4',
    'views.trajectories.fan=300&views.trajectories.showOde=0&views.curves.logScale=false&views.bogus=1',
    'views.open=trajectories,trajectories&views.sweep.widths=&views.sweep.precision=cpu&views.sweep.kind=widthDepth',
    'v=2&views.open=memory,heatmap,nope&views.sweep.trainSteps=250&views.sweep.widths=4,8,16&seed=9',
    v1({ config: { seed: 4, model: { depth: 32 } }, views: { open: ['curves'], speed: 2 } }),
    v1({
      config: { model: { depth: 16, residual: 'linear' } },
      views: { heatmap: { mode: 'norms', entry: 3 }, sweep: { metric: 'odeDistance', depths: [8, 32] } },
    }),
    v1({ views: { trajectories: { fan: 64, particles: false }, curves: { showTest: false } } }),
  );
  return out;
}

interface Golden {
  link: string;
  reencoded: string;
  decoded: ReturnType<typeof decodeLink>;
}

describe('golden links', () => {
  if (process.env.GOLDEN_WRITE) {
    it('writes the expectations', () => {
      // (with ADDED_SINCE emptied: the file holds what links decoded to before those fields)
      const golden: Golden[] = links().map((link) => {
        const decoded = decodeLink(`#${link}`);
        return { link, reencoded: encodeLinkV2(decoded.config, decoded.views), decoded };
      });
      writeFileSync(FILE, `${JSON.stringify(golden, null, 1)}\n`);
    });
    return;
  }

  const golden: Golden[] = JSON.parse(readFileSync(FILE, 'utf8'));

  it('still encodes every preset as it did, and lists the hand-written links', () => {
    expect(links()).toEqual(expect.arrayContaining(golden.map((g) => g.link)));
  });

  it.each(golden.map((g, i) => [i, g] as const))('link %i decodes as before', (_i, g) => {
    const d = decodeLink(`#${g.link}`);
    expect(JSON.parse(JSON.stringify(d))).toEqual(withAdded(g.decoded));
    expect(encodeLinkV2(d.config, d.views)).toBe(g.reencoded);
    const now = encodeLink(d.config, d.views);
    expect(now.startsWith(`v=${LINK_VERSION}`)).toBe(true);
    const again = decodeLink(`#${now}`);
    expect(again.config).toEqual(d.config);
    expect(again.views).toEqual(d.views);
    expect(again.rejected).toEqual([]);
  });
});
