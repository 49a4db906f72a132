// The sweep metrics, in the order of the menu (depth sweeps) and of the link's value list. Adding one is a module and a line here; the menu, the link schema, autosave
// and the plan read this list.
import { deepReference } from './deep-reference';
import { gradError } from './grad-error';
import { meanOde } from './mean-ode';
import { odeDistance } from './ode-distance';
import { reconError } from './recon-error';
import { smoothness } from './smoothness';
import { trainedLoss } from './trained-loss';
import type { SweepMetricDef } from './types';

export const SWEEP_METRICS = [
  gradError,
  reconError,
  odeDistance,
  smoothness,
  deepReference,
  meanOde,
  trainedLoss,
] as const;

export type SweepMetricId = (typeof SWEEP_METRICS)[number]['id'];

export const SWEEP_METRIC_IDS = SWEEP_METRICS.map((m) => m.id) as [SweepMetricId, ...SweepMetricId[]];

const BY_ID = new Map<string, SweepMetricDef>(SWEEP_METRICS.map((m) => [m.id, m]));

export const isSweepMetricId = (v: unknown): v is SweepMetricId => typeof v === 'string' && BY_ID.has(v);

/** The metric with this id (ids come from validated options, plans or records). */
export function sweepMetric(id: SweepMetricId): SweepMetricDef {
  const m = BY_ID.get(id);
  if (!m) throw new RangeError(`unknown sweep metric '${id}'`);
  return m;
}

/** The metrics a sweep of this kind offers. */
export const metricsFor = (kind: SweepMetricDef['sweep']): (typeof SWEEP_METRICS)[number][] =>
  SWEEP_METRICS.filter((m) => m.sweep === kind);
