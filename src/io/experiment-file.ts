// The whole experiment as one JSON file (config, views, current weights, optimizer moments, metric history) and
// back. Import validates everything: the config like a link, the step's range, the weights' and moments' lengths
// against the config's layout, every view option (an unusable one becomes its default, and the import says
// which), the history as plain numbers; a bad file is rejected with the reason and changes nothing. Whether the
// weights fit an engine's precision is checked when the engine is built (core/training-state.ts).
// Versions: 1 (no optimizer state: moments start from zero), 2 (adds `optimizer`), 3 (adds optional `pins`: the
// pinned runs to compare with, src/compare/pin.ts; a bad pin rejects the whole file).
import type { Pin } from '../compare/pin';
import { pinsJson, readPins } from '../compare/pins-json';
import { type ExperimentConfig, parseConfig } from '../core/config';
import type { OptState } from '../core/optim';
import { netSpec, type Weights } from '../core/params';
import type { Evaluation, LossPoint } from '../core/results';
import { MAX_STEP, OPT_GROUPS, type OptimizerState } from '../core/training-state';
import { encodeLink } from '../link/codec';
import type { ViewsState } from '../state/experiment';
import { fileViews } from './file-views';

export const EXPERIMENT_FORMAT = 'ode-lens-experiment';
export const EXPERIMENT_FORMAT_VERSION = 3;
/** Versions this app opens. */
export const EXPERIMENT_FORMAT_VERSIONS = [1, 2, 3] as const;

type Optimizer = ExperimentConfig['train']['optimizer'];

/** The moments an optimizer uses (the others are zero and not written). */
const MOMENTS: Record<Optimizer, readonly ('m' | 'v')[]> = { gd: [], sgd: ['m'], adam: ['m', 'v'] };

export interface ExperimentFile {
  format: typeof EXPERIMENT_FORMAT;
  formatVersion: number;
  link: string;
  config: ExperimentConfig;
  views: ViewsState;
  step: number;
  weights: { residual: number[]; readoutW: number[]; readoutB: number[] };
  /** Since version 2: the optimizer's moments at `step` (SGD: m, its velocity; Adam: m and v; GD: none). */
  optimizer?: { kind: Optimizer } & Partial<
    Record<(typeof OPT_GROUPS)[number], { m?: number[]; v?: number[] }>
  >;
  history: {
    losses: LossPoint[];
    evals: (Evaluation & { step: number })[];
    gradErrors: { step: number; value: number }[];
  };
  /** Since version 3: the pinned runs (absent when there are none). */
  pins?: unknown[];
}

const num = (v: number) => (Number.isFinite(v) ? v : null);

/** Thrown by `exportExperiment` for a state a file could not hold (JSON has no NaN or Infinity). */
export class UnsavableError extends Error {
  override readonly name = 'UnsavableError';
}

function finiteArray(name: string, a: ArrayLike<number>): number[] {
  const out = Array.from(a);
  const i = out.findIndex((v) => !Number.isFinite(v));
  if (i >= 0) throw new UnsavableError(`${name}[${i}] is ${out[i]}, which a file cannot hold`);
  return out;
}

export function exportExperiment(
  config: ExperimentConfig,
  views: ViewsState,
  step: number,
  weights: Weights,
  history: ExperimentFile['history'],
  opt?: OptimizerState,
  pins: readonly Pin[] = [],
): string {
  const kind = config.train.optimizer;
  const optimizer: ExperimentFile['optimizer'] = { kind };
  if (opt)
    for (const g of OPT_GROUPS)
      optimizer[g] = Object.fromEntries(
        MOMENTS[kind].map((k) => [k, finiteArray(`optimizer.${g}.${k}`, opt[g][k])]),
      );
  const file = {
    format: EXPERIMENT_FORMAT,
    formatVersion: EXPERIMENT_FORMAT_VERSION,
    link: encodeLink(config, views),
    config,
    views,
    step,
    weights: {
      residual: finiteArray('weights.residual', weights.residual),
      readoutW: finiteArray('weights.readoutW', weights.readoutW),
      readoutB: finiteArray('weights.readoutB', weights.readoutB),
    },
    ...(opt ? { optimizer } : {}),
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
    // NaN (not measured) becomes null, as in the history
    ...(pins.length ? { pins: JSON.parse(pinsJson(pins)) as unknown[] } : {}),
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
      /** Absent: the file has none (version 1, or another optimizer's): moments start from zero. */
      opt?: OptimizerState;
      history: ExperimentFile['history'];
      /** The file's pinned runs (empty when it has none). */
      pins: Pin[];
      /** What was not usable and what it became (views), or left out (optimizer state), in words. */
      notes: string[];
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
  const version = f.formatVersion as unknown;
  const reads = `this app reads versions ${EXPERIMENT_FORMAT_VERSIONS.slice(0, -1).join(', ')} and ${EXPERIMENT_FORMAT_VERSIONS.at(-1)}`;
  if (version === undefined) return { ok: false, message: `the file has no formatVersion (${reads})` };
  if (typeof version !== 'number')
    return {
      ok: false,
      message: `formatVersion must be a number, not the ${typeof version} ${JSON.stringify(version)} (${reads})`,
    };
  if (!(EXPERIMENT_FORMAT_VERSIONS as readonly number[]).includes(version))
    return { ok: false, message: `unsupported experiment file version ${version} (${reads})` };
  const pc = parseConfig(f.config);
  if (!pc.ok)
    return {
      ok: false,
      message: `invalid config: ${pc.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
    };
  const config = pc.config;
  const { views, replaced } = fileViews(f.views);
  const notes = replaced.length ? [`view options replaced: ${replaced.join('; ')}`] : [];
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
  const step = f.step as unknown;
  if (typeof step !== 'number' || !Number.isInteger(step) || step < 0 || step > MAX_STEP)
    return {
      ok: false,
      message: `step must be an integer from 0 to ${MAX_STEP} (got ${JSON.stringify(step) ?? 'nothing'})`,
    };
  let opt: OptimizerState | undefined;
  if (version >= 2 && f.optimizer !== undefined) {
    const o = readOptimizer(f.optimizer, config, spec);
    if (typeof o === 'string') return { ok: false, message: o };
    if (o.note) notes.push(o.note);
    opt = o.opt;
  } else if (config.train.optimizer !== 'gd')
    notes.push(`the file has no optimizer state: ${config.train.optimizer}'s moments start from zero`);
  let pins: Pin[] = [];
  if (version >= 3 && f.pins !== undefined) {
    const p = readPins(f.pins);
    if (!p.ok) return { ok: false, message: `bad pinned run: ${p.message}` };
    pins = p.pins;
  }
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
    opt,
    notes,
    pins,
    weights: {
      residual: new Float64Array(w.residual),
      readoutW: new Float64Array(w.readoutW),
      readoutB: new Float64Array(w.readoutB),
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

/** The file's optimizer moments, a note when they are not used, or why they are unusable. */
function readOptimizer(
  raw: unknown,
  config: ExperimentConfig,
  spec: ReturnType<typeof netSpec>,
): { opt?: OptimizerState; note?: string } | string {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return 'optimizer must be an object';
  const o = raw as Record<string, unknown>;
  const kind = config.train.optimizer;
  if (!(typeof o.kind === 'string' && o.kind in MOMENTS))
    return `optimizer.kind must be one of ${Object.keys(MOMENTS).join(', ')}`;
  if (o.kind !== kind)
    return {
      note: `the file's optimizer state is ${o.kind}'s but the config trains with ${kind}: its moments start from zero`,
    };
  const sizes = {
    residual: spec.P * spec.setSize,
    readoutW: spec.outputDim * spec.d,
    readoutB: spec.outputDim,
  };
  const opt = {} as OptimizerState;
  for (const g of OPT_GROUPS) {
    const group = (o[g] ?? {}) as Record<string, unknown>;
    const st: OptState = { m: new Float64Array(sizes[g]), v: new Float64Array(sizes[g]) };
    for (const k of MOMENTS[kind]) {
      if (!isNumArray(group[k], sizes[g]))
        return `optimizer.${g}.${k} must be ${sizes[g]} finite numbers for this config`;
      st[k].set(group[k] as number[]);
    }
    if (st.v.some((v) => v < 0)) return `optimizer.${g}.v must not be negative (Adam's second moment)`;
    opt[g] = st;
  }
  return { opt };
}
