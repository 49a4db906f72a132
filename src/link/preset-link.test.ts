// Link options outside the experiment: the preset a link tells (`preset=<id>`) and the guided tour (`tour=1`).
// They round-trip, unknown or malformed ones are rejected with a reason like any field (the experiment still
// opens), and links without them decode exactly as before (golden-links.test.ts guards the old links).
import { describe, expect, it } from 'vitest';
import { PRESETS, presetConfig } from '../presets/presets';
import { defaultViews } from '../state/experiment';
import { decodeLink, encodeLink, encodeLinkV1 } from './codec';

describe('preset links', () => {
  it.each(PRESETS.map((p) => [p.id, p]))(
    '%s: the id survives encode → decode with the experiment',
    (id, p) => {
      const { config, views } = presetConfig(p);
      const link = encodeLink(config, views, { preset: id });
      expect(new URLSearchParams(link).get('preset')).toBe(id);
      const d = decodeLink(`#${link}`);
      expect(d.preset).toBe(id);
      expect(d.config).toEqual(config);
      expect(d.views).toEqual(views);
      expect(d.rejected).toEqual([]);
      // and the link without the option is the same link minus that parameter
      expect(encodeLink(config, views)).toBe(link.replace(`&preset=${id}`, ''));
    },
  );

  it('a link without options decodes with neither (nothing added to old links)', () => {
    const { config, views } = presetConfig(PRESETS[0]);
    for (const link of [encodeLink(config, views), encodeLinkV1(config, views), 'v=2', '']) {
      const d = decodeLink(`#${link}`);
      expect(d).not.toHaveProperty('preset');
      expect(d).not.toHaveProperty('tour');
    }
    expect(encodeLink(config, views, {})).toBe(encodeLink(config, views));
    expect(encodeLink(config, views, { preset: null, tour: false })).toBe(encodeLink(config, views));
  });

  it('an unknown or hostile preset id is rejected with a reason; the experiment still opens', () => {
    const { config, views } = presetConfig(PRESETS[0]);
    for (const bad of ['no-such-preset', '__proto__', '<img src=x onerror=alert(1)>', '', 'x'.repeat(600)]) {
      const d = decodeLink(`#${encodeLink(config, views)}&preset=${encodeURIComponent(bad)}`);
      expect(d).not.toHaveProperty('preset');
      expect(d.config).toEqual(config);
      expect(d.rejected).toHaveLength(1);
      expect(d.rejected[0]).toMatchObject({
        field: 'preset',
        reason: expect.stringContaining('unknown preset'),
      });
      expect(d.rejected[0].value.length).toBeLessThanOrEqual(61);
    }
  });

  it('a preset given twice: the first is used, the second reported', () => {
    const [a, b] = PRESETS;
    const d = decodeLink(`#v=2&preset=${a.id}&preset=${b.id}`);
    expect(d.preset).toBe(a.id);
    expect(d.rejected).toEqual([
      { field: 'preset', value: b.id, reason: 'given twice; the first value is used' },
    ]);
  });

  it('the preset id is read whatever the link version (it is not part of the config)', () => {
    const { config, views } = presetConfig(PRESETS[2]);
    const d = decodeLink(`#${encodeLinkV1(config, views)}&preset=${PRESETS[2].id}`);
    expect(d.version).toBe(1);
    expect(d.preset).toBe(PRESETS[2].id);
    expect(d.config).toEqual(config);
  });
});

describe('tour links', () => {
  it('tour=1 asks for the tour; tour=0 does not; anything else is rejected', () => {
    const views = defaultViews();
    const link = encodeLink(presetConfig(PRESETS[0]).config, views, { tour: true, preset: PRESETS[0].id });
    expect(decodeLink(`#${link}`)).toMatchObject({ tour: true, preset: PRESETS[0].id, rejected: [] });
    expect(decodeLink('#v=2&tour=true').tour).toBe(true);
    const off = decodeLink('#v=2&tour=0');
    expect(off).not.toHaveProperty('tour');
    expect(off.rejected).toEqual([]);
    const bad = decodeLink('#v=2&tour=yes&model.depth=12');
    expect(bad).not.toHaveProperty('tour');
    expect(bad.config.model.depth).toBe(12);
    expect(bad.rejected).toEqual([
      { field: 'tour', value: 'yes', reason: 'must be 1 or 0; opened without the tour' },
    ]);
  });
});
