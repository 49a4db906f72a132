// views.sweep.schemes is additive: old links, records and files open exactly as before (two series), the option
// travels in links only when it differs from the default, and bad values are named and replaced.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../core/config';
import { fileViews } from '../io/file-views';
import { decodeLink, encodeLink, encodeLinkV1 } from '../link/codec';
import { defaultViews } from '../state/experiment';

describe('views.sweep.schemes', () => {
  it('old links decode with the default, and default views do not write it', () => {
    const old = decodeLink('#v=2&views.sweep.metric=trainedLoss&views.sweep.depths=4,8');
    expect(old.rejected).toEqual([]);
    expect(old.views.sweep).toEqual({ ...defaultViews().sweep, metric: 'trainedLoss', depths: [4, 8] });
    expect(old.views.sweep.schemes).toEqual(['euler', 'heun']);
    expect(encodeLink(defaultConfig(), defaultViews())).not.toContain('schemes');
    // a version-1 link (whole views object, written before the option existed)
    const { schemes: _, ...v1sweep } = defaultViews().sweep;
    const v1 = decodeLink(
      `#${encodeLinkV1(defaultConfig(), { ...defaultViews(), sweep: v1sweep } as never)}`,
    );
    expect(v1.views.sweep.schemes).toEqual(['euler', 'heun']);
  });

  it('round-trips through a link, and a bad list is named and replaced by the default', () => {
    const views = defaultViews();
    views.sweep.schemes = ['heun'];
    const link = encodeLink(defaultConfig(), views);
    expect(link).toContain('views.sweep.schemes=heun');
    expect(decodeLink(`#${link}`).views.sweep.schemes).toEqual(['heun']);
    views.sweep.schemes = ['midpoint', 'rk4'];
    const later = encodeLink(defaultConfig(), views);
    expect(decodeURIComponent(later)).toContain('views.sweep.schemes=midpoint,rk4');
    expect(decodeLink(`#${later}`).views.sweep.schemes).toEqual(['midpoint', 'rk4']);
    const bad = decodeLink('#v=2&views.sweep.schemes=euler,rk9');
    expect(bad.views.sweep.schemes).toEqual(['euler', 'heun']);
    expect(bad.rejected.map((r) => r.field)).toEqual(['views.sweep.schemes']);
  });

  it('an experiment file written before the option opens without a note about it', () => {
    const { schemes: _, ...sweep } = defaultViews().sweep;
    const r = fileViews({ ...defaultViews(), sweep });
    expect(r.replaced).toEqual([]);
    expect(r.views).toEqual(defaultViews());
  });
});
