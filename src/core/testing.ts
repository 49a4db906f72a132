// Helpers for tests (CPU and GPU alike): build configs from partial overrides, compare arrays.
import { defaultConfig, type ExperimentConfig, formatErrors, parseConfig } from './config';

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** The default config with `over` merged in, validated (throws with the field messages if invalid). */
export function makeConfig(over: DeepPartial<ExperimentConfig>): ExperimentConfig {
  const base = defaultConfig();
  const c = {
    ...base,
    ...over,
    data: { ...base.data, ...over.data },
    model: { ...base.model, ...over.model },
    init: { ...base.init, ...over.init },
    train: { ...base.train, ...over.train },
  } as ExperimentConfig;
  const r = parseConfig(c);
  if (!r.ok) throw new Error(`invalid test config:\n${formatErrors(r.errors)}`);
  return r.config;
}

/** Norm-wise relative error ‖a − b‖ / max(‖b‖, tiny). */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch: ${a.length} vs ${b.length}`);
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    const e = a[i] - b[i];
    num += e * e;
    den += b[i] * b[i];
  }
  if (!Number.isFinite(num)) return Number.POSITIVE_INFINITY;
  return Math.sqrt(num) / Math.max(Math.sqrt(den), 1e-300);
}
