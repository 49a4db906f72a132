// What autosave keeps per experiment, as plain structured-cloneable data (IndexedDB stores typed arrays as they
// are: no JSON, so saving a deep net costs a copy, not a serialisation), and the check a stored record must pass
// before it replaces anything. Versioned; bounded by size and by the number of experiments kept. Pure.
import { type ExperimentConfig, parseConfig } from '../core/config';
import { netSpec } from '../core/params';
import type { Evaluation, LossPoint } from '../core/results';
import { decodeLink, encodeLink, encodeLinkV2 } from '../link/codec';
import { defaultViews, type ViewsState } from '../state/experiment';
import type { SweepMeta, SweepSeries } from '../state/sweep';
import { refitSeries } from '../sweep/fit';
import { isSweepMetricId } from '../sweep/metrics';
import type { SweepPoint } from '../sweep/types';

export const AUTOSAVE_FORMAT = 'ode-lens-autosave';
export const AUTOSAVE_VERSION = 1;
/** Experiments kept (the most recently saved ones). */
export const MAX_RECORDS = 4;
/** Largest network whose weights are autosaved (numbers; 8 M float64 = 64 MB). */
export const MAX_WEIGHT_NUMBERS = 8_000_000;
/** Largest step a record may hold (a counter beyond is corrupt, not trained). */
const MAX_STEP = 1e12;

export interface AutosaveRecord {
  format: typeof AUTOSAVE_FORMAT;
  version: number;
  /** The experiment's config as a link without views: what "the same link" means on reload. */
  key: string;
  savedAt: number;
  config: ExperimentConfig;
  views: ViewsState;
  step: number;
  weights: { residual: Float64Array; readoutW: Float64Array; readoutB: Float64Array };
  history: {
    losses: LossPoint[];
    evals: (Evaluation & { step: number })[];
    gradErrors: { step: number; value: number }[];
  };
  /** A finished (or cancelled) sweep of this experiment, when one ran. */
  sweep: {
    meta: SweepMeta;
    series: { info: Omit<SweepSeries, 'points' | 'fit'>; points: SweepPoint[] }[];
  } | null;
}

/** The key of a config: its link with default views (view options do not make another experiment). */
export function experimentKey(config: ExperimentConfig): string {
  return encodeLink(config, defaultViews());
}

/**
 * The keys the same experiment was saved under by older versions of the app (its link in an older format): a
 * record under one still restores after the link format changed.
 */
export function legacyExperimentKeys(config: ExperimentConfig): string[] {
  return [encodeLinkV2(config, defaultViews())];
}

/** Whether a network's weights fit in a record. */
export function fitsAutosave(config: ExperimentConfig): boolean {
  const s = netSpec(config);
  return s.P * s.setSize + s.outputDim * (s.d + 1) <= MAX_WEIGHT_NUMBERS;
}

export type Restored =
  | { ok: true; record: AutosaveRecord; sweepSeries: SweepSeries[] | null }
  | { ok: false; message: string };

const finiteArray = (a: unknown, n: number): a is Float64Array =>
  a instanceof Float64Array && a.length === n && a.every((v) => Number.isFinite(v));
const num = (v: unknown) => (typeof v === 'number' ? v : Number.NaN);
const isObj = (o: unknown): o is Record<string, unknown> => !!o && typeof o === 'object';
const list = <T>(a: unknown, map: (o: Record<string, unknown>) => T, max: number): T[] =>
  Array.isArray(a) ? a.filter(isObj).slice(-max).map(map) : [];

/** Check a stored value in full; a record that fails is reported, never half-applied. */
export function checkRecord(raw: unknown, key: string): Restored {
  if (!isObj(raw) || raw.format !== AUTOSAVE_FORMAT) return { ok: false, message: 'not an autosave record' };
  if (raw.version !== AUTOSAVE_VERSION)
    return {
      ok: false,
      message: `saved by another version of the app (record version ${String(raw.version)}, this app reads ${AUTOSAVE_VERSION})`,
    };
  const pc = parseConfig(raw.config);
  if (!pc.ok)
    return { ok: false, message: `its config is invalid (${pc.errors[0]?.field}: ${pc.errors[0]?.message})` };
  const config = pc.config;
  if (experimentKey(config) !== key && !legacyExperimentKeys(config).includes(key))
    return { ok: false, message: 'it belongs to another experiment' };
  const spec = netSpec(config);
  const w = isObj(raw.weights) ? raw.weights : {};
  if (!finiteArray(w.residual, spec.P * spec.setSize))
    return { ok: false, message: `its weights are not ${spec.P * spec.setSize} finite numbers` };
  if (!finiteArray(w.readoutW, spec.outputDim * spec.d) || !finiteArray(w.readoutB, spec.outputDim))
    return { ok: false, message: 'its read-out weights are not finite numbers of the right size' };
  const step = raw.step;
  if (typeof step !== 'number' || !Number.isInteger(step) || step < 0 || step > MAX_STEP)
    return { ok: false, message: `its step ${String(step)} is not a step count` };
  // views: validated like a link's
  const views = decodeLink(
    `#${encodeLink(config, (isObj(raw.views) ? raw.views : {}) as unknown as ViewsState)}`,
  ).views;
  const h = isObj(raw.history) ? raw.history : {};
  const upTo = <T extends { step: number }>(a: T[]) =>
    a.filter((p) => Number.isFinite(p.step) && p.step <= step);
  const history = {
    losses: upTo(list(h.losses, (o) => ({ step: num(o.step), loss: num(o.loss), acc: num(o.acc) }), 100_000)),
    evals: upTo(
      list(
        h.evals,
        (o) => ({
          step: num(o.step),
          trainLoss: num(o.trainLoss),
          testLoss: num(o.testLoss),
          trainAcc: num(o.trainAcc),
          testAcc: num(o.testAcc),
        }),
        100_000,
      ),
    ),
    gradErrors: upTo(list(h.gradErrors, (o) => ({ step: num(o.step), value: num(o.value) }), 100_000)),
  };
  let sweepSeries: SweepSeries[] | null = null;
  let sweep: AutosaveRecord['sweep'] = null;
  const meta = isObj(raw.sweep) ? checkMeta(raw.sweep.meta) : null;
  if (isObj(raw.sweep) && meta && Array.isArray(raw.sweep.series)) {
    const series = raw.sweep.series.filter(isObj).map((s) => {
      const info = isObj(s.info) ? s.info : {};
      const points = list(
        s.points,
        (o) => ({
          seriesId: String(o.seriesId ?? ''),
          N: num(o.N),
          M: num(o.M),
          x: num(o.x),
          y: num(o.y),
          floor: num(o.floor),
          precision: (o.precision === 'float64' ? 'float64' : 'float32') as SweepPoint['precision'],
          loss: num(o.loss),
          ...(typeof o.initial === 'number' ? { initial: o.initial } : {}),
          ...(typeof o.note === 'string' ? { note: o.note } : {}),
        }),
        10_000,
      ).filter((p) => Number.isFinite(p.x) && p.x > 0);
      return {
        info: {
          id: String(info.id ?? ''),
          label: String(info.label ?? ''),
          expected: String(info.expected ?? ''),
        },
        points,
      };
    });
    sweep = { meta, series };
    // fits are recomputed from the points, never trusted from storage (and by today's read-out of the metric)
    sweepSeries = refitSeries(
      meta.metric,
      series.map((s) => ({ ...s.info, points: s.points })),
    );
  }
  return {
    ok: true,
    record: {
      format: AUTOSAVE_FORMAT,
      version: AUTOSAVE_VERSION,
      key,
      savedAt: num(raw.savedAt),
      config,
      views,
      step,
      weights: { residual: w.residual, readoutW: w.readoutW, readoutB: w.readoutB },
      history,
      sweep,
    },
    sweepSeries,
  };
}

/** Keys to delete so that at most MAX_RECORDS stay, oldest saves first (`keep` always stays). */
export function evictions(saved: { key: string; savedAt: number }[], keep: string): string[] {
  const others = saved.filter((s) => s.key !== keep).sort((a, b) => b.savedAt - a.savedAt);
  return others.slice(MAX_RECORDS - 1).map((s) => s.key);
}

const str = (v: unknown): v is string => typeof v === 'string';
const nums = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number');

/** The sweep's labels and ticks, field by field (the sweep view draws them as they are), or null. */
function checkMeta(m: unknown): SweepMeta | null {
  if (!isObj(m)) return null;
  const ref = m.reference;
  const refOk = ref === null || (isObj(ref) && typeof ref.N === 'number' && typeof ref.M === 'number');
  const ok =
    (m.kind === 'depth' || m.kind === 'widthDepth') &&
    isSweepMetricId(m.metric) &&
    str(m.xLabel) &&
    str(m.yLabel) &&
    nums(m.refSlopes) &&
    refOk &&
    typeof m.trainSteps === 'number' &&
    nums(m.xs) &&
    (m.precision === 'float32' || m.precision === 'float64') &&
    str(m.backendLabel) &&
    str(m.experiment) &&
    Array.isArray(m.notes) &&
    m.notes.every(str);
  return ok ? (m as unknown as SweepMeta) : null;
}
