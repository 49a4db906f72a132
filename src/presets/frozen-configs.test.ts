// Presets are built on defaultConfig(), so a change of the defaults could silently change a paper's figure.
// frozen-preset-configs.json is every preset's full config as it was before the calmer default (issue 12 item 6),
// written once from main @ 9020061 and never regenerated: a preset that should change edits this file by hand,
// in the same commit, with the reason.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRESETS, presetConfig } from './presets';

const frozen: Record<string, unknown> = JSON.parse(
  readFileSync(new URL('./frozen-preset-configs.json', import.meta.url), 'utf8'),
);

describe('preset configs', () => {
  it.each(Object.keys(frozen))('%s is unchanged', (id) => {
    const p = PRESETS.find((q) => q.id === id);
    expect(p, `preset ${id} is gone`).toBeDefined();
    if (p) expect(presetConfig(p).config).toEqual(frozen[id]);
  });
});
