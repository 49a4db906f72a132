// The presets' texts speak the page's language: they name settings and views by the labels the page shows, never by
// internal keys (a reader of "Set train.gradMode = exact" has no field called that), and each says what to look for.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../core/config';
import { defaultViews } from '../state/experiment';
import { PRESETS } from './presets';

/** Dotted paths and key names of an object's leaves. */
function keys(o: unknown, prefix: string, out: Set<string>): Set<string> {
  for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${k}` : k;
    out.add(path);
    out.add(k);
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) keys(v, path, out);
  }
  return out;
}

// internal names: every dotted path, and every camelCase key (plain words like "depth" or "seed" are English)
const INTERNAL = [...keys(defaultConfig(), '', keys(defaultViews(), 'views', new Set()))].filter(
  (k) => k.includes('.') || /[a-z][A-Z]/.test(k),
);

describe('preset texts', () => {
  it('the internal-name list is not empty (the check below can fail)', () => {
    expect(INTERNAL).toContain('train.gradMode');
    expect(INTERNAL).toContain('gradMode');
    expect(INTERNAL).toContain('views.heatmap.timeMetric');
  });

  it.each(PRESETS.map((p) => [p.id, p]))('%s: names no internal key', (_id, p) => {
    for (const text of [p.title, p.summary, ...p.lookFor, p.notes ?? '']) {
      const leaked = INTERNAL.filter((k) =>
        new RegExp(`(^|[^\\w\\\\])${k.replace(/\./g, '\\.')}\\b`).test(text),
      );
      expect(leaked, text).toEqual([]);
    }
  });

  it.each(PRESETS.map((p) => [p.id, p]))('%s: says what to look for in at least two points', (_id, p) => {
    expect(p.lookFor.length).toBeGreaterThanOrEqual(2);
    for (const l of p.lookFor) expect(l.length).toBeGreaterThan(30);
  });
});
