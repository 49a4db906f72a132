// Defaults that changed, frozen as they were. Links store only what differs from the defaults of their version,
// so a link of an older version needs that version's defaults back (src/link/codec.ts, MIGRATIONS); presets and
// test configs were written against them and keep them (src/presets/presets.ts, src/core/testing.ts).
import { defaultConfig, type ExperimentConfig } from './config';

/**
 * Link version 2's defaults of the config fields whose default changed in version 3 (issue 12 item 6: the old
 * default over-fitted, its test loss rose from step ~90 and the adjoint's gradient error passed 1). Never edit.
 */
export const V2_CHANGED_DEFAULTS: Readonly<Record<string, number | string | boolean>> = Object.freeze({
  'train.lr': 0.02,
  'train.weightDecay': 0,
  'train.steps': 2000,
});

/** The default config as link version 2 had it. */
export function defaultConfigV2(): ExperimentConfig {
  const c = defaultConfig() as unknown as Record<string, Record<string, unknown>>;
  for (const [path, v] of Object.entries(V2_CHANGED_DEFAULTS)) {
    const [group, key] = path.split('.');
    c[group] = { ...c[group], [key]: v };
  }
  return c as unknown as ExperimentConfig;
}
