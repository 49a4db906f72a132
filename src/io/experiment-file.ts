// The whole experiment as one JSON file (config, views, current weights, metric history) and back. Import
// validates everything: the config like a link, the weights' lengths against the config's layout, the history
// as plain numbers; a bad file is rejected with the reason and changes nothing.
import { type ExperimentConfig, parseConfig } from '../core/config';
import { netSpec, type Weights } from '../core/params';
import type { Evaluation, LossPoint } from '../core/results';
import { decodeLink, encodeLink } from '../link/codec';
import type { ViewsState } from '../state/experiment';

export const EXPERIMENT_FORMAT = 'ode-lens-experiment';
export const EXPERIMENT_FORMAT_VERSION = 1;

export interface ExperimentFile {
  format: typeof EXPERIMENT_FORMAT;
  formatVersion: number;
  link: string;
  config: ExperimentConfig;
  views: ViewsState;
  step: number;
  weights: { residual: number[]; readoutW: number[]; readoutB: number[] };
  history: {
    losses: LossPoint[];
    evals: (Evaluation & { step: number })[];
    gradErrors: { step: number; value: number }[];
  };
}

const num = (v: number) => (Number.isFinite(v) ? v : null);

export function exportExperiment(
  config: ExperimentConfig,
  views: ViewsState,
  step: number,
  weights: Weights,
  history: ExperimentFile['history'],
): string {
  const file = {
    format: EXPERIMENT_FORMAT,
    formatVersion: EXPERIMENT_FORMAT_VERSION,
    link: encodeLink(config, views),
    config,
    views,
    step,
    weights: {
      residual: Array.from(weights.residual),
      readoutW: Array.from(weights.readoutW),
      readoutB: Array.from(weights.readoutB),
    },
    history: {
      losses: history.losses.map((p) => ({ step: p.step, loss: num(p.loss), acc: num(p.acc) })),
      evals: history.evals.map((e) => ({
        step: e.step,
        trainLoss: num(e.trainLoss),
        testLoss: num(e.testLoss),
        trainAcc: num(e.trainAcc),
        testAcc: num(e.testAcc),
      })),
      gradErrors: history.gradErrors.map((g) => ({ step: g.step, value: num(g.value) })),
    },
  };
  return `${JSON.stringify(file)}\n`;
}

export type ImportResult =
  | {
      ok: true;
      config: ExperimentConfig;
      views: ViewsState;
      step: number;
      weights: Weights;
      history: ExperimentFile['history'];
    }
  | { ok: false; message: string };

const isNumArray = (a: unknown, n: number): a is number[] =>
  Array.isArray(a) && a.length === n && a.every((v) => typeof v === 'number' && Number.isFinite(v));
const toNum = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : Number.NaN);

export function importExperiment(text: string): ImportResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `not JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  const f = raw as Partial<ExperimentFile> | null;
  if (!f || typeof f !== 'object' || f.format !== EXPERIMENT_FORMAT)
    return {
      ok: false,
      message: `not an ODE Lens experiment file (format should be "${EXPERIMENT_FORMAT}")`,
    };
  if (f.formatVersion !== EXPERIMENT_FORMAT_VERSION)
    return {
      ok: false,
      message: `unsupported experiment file version ${String(f.formatVersion)} (this app reads ${EXPERIMENT_FORMAT_VERSION})`,
    };
  const pc = parseConfig(f.config);
  if (!pc.ok)
    return {
      ok: false,
      message: `invalid config: ${pc.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
    };
  const config = pc.config;
  // views: validated the same way as a link's (invalid options fall back to defaults)
  const views = decodeLink(`#${encodeLink(config, (f.views ?? {}) as ViewsState)}`).views;
  const spec = netSpec(config);
  const w = f.weights;
  if (!w) return { ok: false, message: 'no weights' };
  if (!isNumArray(w.residual, spec.P * spec.setSize))
    return {
      ok: false,
      message: `weights.residual must be ${spec.P * spec.setSize} finite numbers for this config`,
    };
  if (!isNumArray(w.readoutW, spec.outputDim * spec.d))
    return { ok: false, message: `weights.readoutW must be ${spec.outputDim * spec.d} finite numbers` };
  if (!isNumArray(w.readoutB, spec.outputDim))
    return { ok: false, message: `weights.readoutB must be ${spec.outputDim} finite numbers` };
  const step = typeof f.step === 'number' && Number.isInteger(f.step) && f.step >= 0 ? f.step : 0;
  const h = f.history;
  const list = <T>(a: unknown, map: (o: Record<string, unknown>) => T): T[] =>
    Array.isArray(a)
      ? a.filter((o) => o && typeof o === 'object').map((o) => map(o as Record<string, unknown>))
      : [];
  return {
    ok: true,
    config,
    views,
    step,
    weights: {
      residual: Float64Array.from(w.residual),
      readoutW: Float64Array.from(w.readoutW),
      readoutB: Float64Array.from(w.readoutB),
      embed: new Float64Array(0), // filled in from the config by the backend
    },
    history: {
      losses: list(h?.losses, (o) => ({ step: toNum(o.step), loss: toNum(o.loss), acc: toNum(o.acc) })),
      evals: list(h?.evals, (o) => ({
        step: toNum(o.step),
        trainLoss: toNum(o.trainLoss),
        testLoss: toNum(o.testLoss),
        trainAcc: toNum(o.trainAcc),
        testAcc: toNum(o.testAcc),
      })),
      gradErrors: list(h?.gradErrors, (o) => ({ step: toNum(o.step), value: toNum(o.value) })),
    },
  };
}
