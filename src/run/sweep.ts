// Sweeps: run the current experiment at several depths N (or a grid of depth L × width M), optionally train
// each for a fixed number of steps (same seed, same data, same mini-batches), and measure one metric per point.
// Log-log slopes of those measurements are the convergence rates of Sander et al. (Fig. 3c, Props. 1–6),
// Marion et al. (deep limit) and the mean-ODE scaling. Pure orchestration over the Backend interface: no DOM,
// no React; the page picks the backend (WebGPU, or the float64 engine inside sweep.worker.ts).
import {
  type ExperimentConfig,
  formatErrors,
  MAX_DEPTH,
  MAX_WIDTH,
  parseConfig,
  type Scheme,
} from '../core/config';
import { DivergenceMonitor } from '../core/divergence';
import { type LogLogFit, logLogFit } from '../core/fit';
import { maxOf, perLayerDistance } from '../core/metrics';
import { solveInterpolatedOde } from '../core/ode';
import type { NetSpec, Weights } from '../core/params';
import { embed } from '../core/reference';
import { DIAG_BATCH } from '../engine/plan';
import type { SweepMetric, ViewsState } from '../state/experiment';
import type { Backend } from './backend';

export type SweepOptions = ViewsState['sweep'];

// ---------------------------------------------------------------------------------------------------------
// Plan: which networks to build, in which order, and which series they feed.

export interface SweepSeriesInfo {
  id: string;
  label: string;
  /** What theory predicts for the slope, as a short phrase. */
  expected: string;
}

export interface SweepTask {
  /** 'reference': the deep (or deep and wide) network the 'deepReference' / 'meanOde' points compare to. */
  role: 'point' | 'reference';
  seriesId: string;
  /** Depth N (= L) and hidden width M of this network. */
  N: number;
  M: number;
  /** Abscissa: N, or L·M for the mean-ODE sweep. */
  x: number;
  config: ExperimentConfig;
}

export interface SweepPlan {
  kind: SweepOptions['kind'];
  metric: SweepMetric;
  trainSteps: number;
  series: SweepSeriesInfo[];
  tasks: SweepTask[];
  xLabel: string;
  yLabel: string;
  /** Exponents p of reference lines ∝ x^p drawn through the first point. */
  refSlopes: number[];
  /** The reference network, when the metric has one. */
  reference: { N: number; M: number } | null;
  /** Things the user should know (not errors), e.g. why the reference has the size it has. */
  notes: string[];
}

export type PlanResult = { ok: true; plan: SweepPlan } | { ok: false; errors: string[] };

export const METRIC_INFO: Record<SweepMetric, { title: string; yLabel: string; short: string }> = {
  gradError: {
    title: 'Adjoint gradient error',
    yLabel: 'relative gradient error ‖g̃ − g‖ / ‖g‖',
    short: 'gradient error',
  },
  reconError: {
    title: 'Reverse-pass reconstruction error',
    yLabel: 'maxₙ ‖xₙ − x̃ₙ‖',
    short: 'reconstruction error',
  },
  odeDistance: {
    title: 'Distance to the neural ODE',
    yLabel: 'maxₙ ‖xₙ − x(sₙ)‖',
    short: 'distance to the ODE',
  },
  smoothness: {
    title: 'Weight smoothness in depth',
    yLabel: 'N · maxₙ ‖θₙ₊₁ − θₙ‖',
    short: 'smoothness constant',
  },
  deepReference: {
    title: 'Distance to a much deeper network',
    yLabel: '‖ŷ − ŷ_ref‖ / ‖ŷ_ref‖ (output on a fixed batch)',
    short: 'distance to the deep reference',
  },
  trainedLoss: {
    title: 'Training loss after training',
    yLabel: 'training loss (whole training set)',
    short: 'trained loss',
  },
  meanOde: {
    title: 'Distance to a large reference (mean ODE)',
    yLabel: '‖ŷ − ŷ_ref‖ / ‖ŷ_ref‖ (output on a fixed batch)',
    short: 'distance to the large reference',
  },
};

const SCHEME_SERIES: Record<Scheme, { id: string; label: string }> = {
  euler: { id: 'euler', label: 'ResNet (reverse Euler)' },
  heun: { id: 'heun', label: 'HeunNet (reverse Heun)' },
};

/** Depths and widths a sweep accepts, and how many points at most (one backend each). */
export const MAX_SWEEP_VALUES = 24;

/** The config with model fields replaced, validated; a message naming the point when it is invalid. */
function variant(
  config: ExperimentConfig,
  model: Partial<ExperimentConfig['model']>,
  what: string,
): { config: ExperimentConfig } | { error: string } {
  const r = parseConfig({ ...config, model: { ...config.model, ...model } });
  return r.ok ? { config: r.config } : { error: `${what}: ${formatErrors(r.errors).replace(/\n/g, '; ')}` };
}

const uniqueSorted = (v: readonly number[]) => [...new Set(v)].sort((a, b) => a - b);

function expectedSlope(metric: SweepMetric, scheme: Scheme, init: ExperimentConfig['init']['kind']): string {
  // §3.1's counter-examples are not smooth in depth on purpose: the gap does not close
  if (init === 'ramp' || init === 'alternating')
    return metric === 'smoothness'
      ? '> 0 (not smooth in depth)'
      : '≈ 0 (not smooth in depth: no convergence)';
  const smooth = init !== 'iid';
  switch (metric) {
    case 'gradError':
    case 'reconError':
    case 'odeDistance':
      if (scheme === 'euler') return smooth ? '≈ −1' : metric === 'odeDistance' ? '≈ −½ (i.i.d.)' : '≈ −1';
      return smooth ? '≤ −2 (smooth weights)' : 'flatter than −2 (i.i.d. weights)';
    case 'smoothness':
      return smooth ? '≈ 0 (bounded)' : '> 0 (grows, i.i.d.)';
    case 'deepReference':
      return scheme === 'euler' ? '≈ −1' : '≈ −2';
    case 'meanOde':
      return '≈ −½ when 1/√(LM) dominates';
    case 'trainedLoss':
      return scheme === 'euler' ? 'falls with N' : 'falls with N, at smaller N than the ResNet';
  }
}

/**
 * Depth of the reference network: 4 × the deepest point, halved while the config is invalid (depth or
 * weight budget), never below 2 × the deepest point (closer than that and it stops being a reference).
 */
function referenceDepth(config: ExperimentConfig, maxN: number, M: number): ExperimentConfig | null {
  for (let f = 4; f >= 2; f /= 2) {
    const N = Math.min(MAX_DEPTH, f * maxN);
    if (N < 2 * maxN) break;
    const v = variant(config, { depth: N, width: M }, 'reference');
    if ('config' in v) return v.config;
  }
  return null;
}

/** Build the list of networks to run. Every config is validated here, before anything is allocated. */
export function planSweep(config: ExperimentConfig, opts: SweepOptions): PlanResult {
  const errors: string[] = [];
  const depths = uniqueSorted(opts.depths);
  const trainSteps = Math.max(0, Math.floor(opts.trainSteps));
  if (depths.length < 2) errors.push('Give at least two depths (a slope needs two points).');
  if (depths.length > MAX_SWEEP_VALUES) errors.push(`Give at most ${MAX_SWEEP_VALUES} depths.`);
  if (depths.some((N) => !Number.isInteger(N) || N < 1 || N > MAX_DEPTH))
    errors.push(`Depths must be integers in [1, ${MAX_DEPTH}].`);
  const tasks: SweepTask[] = [];
  const series: SweepSeriesInfo[] = [];
  const notes: string[] = [];
  let reference: SweepPlan['reference'] = null;
  const init = config.init.kind;

  if (opts.kind === 'widthDepth') {
    // the depth × width sweep always measures the mean-ODE error (the other metrics are depth sweeps)
    const metric: SweepMetric = 'meanOde';
    const widths = uniqueSorted(opts.widths);
    if (widths.length < 1) errors.push('Give at least one width M.');
    if (widths.length > MAX_SWEEP_VALUES) errors.push(`Give at most ${MAX_SWEEP_VALUES} widths.`);
    if (widths.some((M) => !Number.isInteger(M) || M < 1 || M > MAX_WIDTH))
      errors.push(`Widths must be integers in [1, ${MAX_WIDTH}].`);
    if (config.model.residual !== 'mlp')
      errors.push("The depth × width sweep varies the hidden width M: set model.residual = 'mlp'.");
    if (errors.length) return { ok: false, errors };
    if (!config.model.scale.includes('M'))
      notes.push(
        `model.scale is '${config.model.scale}': the mean-ODE scaling is 'alpha/(N*M)' or 'sqrt(d)/(N*M)' (the width then enters the residual scale).`,
      );
    if (init !== 'iid')
      notes.push(`The mean-ODE limit is about i.i.d. initialisation; this config uses '${init}'.`);
    const maxL = depths[depths.length - 1];
    const maxM = widths[widths.length - 1];
    // reference: 4 × the largest depth and 4 × the largest width (16 × the largest L·M), so its own error
    // is about a quarter of the largest grid point's; smaller when limits or the weight budget say so
    let ref: ExperimentConfig | null = null;
    for (const [fl, fm] of [
      [4, 4],
      [4, 2],
      [2, 4],
      [2, 2],
    ]) {
      const v = variant(
        config,
        { depth: Math.min(MAX_DEPTH, fl * maxL), width: Math.min(MAX_WIDTH, fm * maxM) },
        'reference',
      );
      if ('config' in v && v.config.model.depth * v.config.model.width >= 4 * maxL * maxM) {
        ref = v.config;
        break;
      }
    }
    if (!ref)
      return {
        ok: false,
        errors: [
          `No valid reference network 2–4 × deeper and wider than L = ${maxL}, M = ${maxM} (limits or weight budget): lower the largest depth or width.`,
        ],
      };
    reference = { N: ref.model.depth, M: ref.model.width };
    tasks.push({
      role: 'reference',
      seriesId: 'reference',
      N: reference.N,
      M: reference.M,
      x: 0,
      config: ref,
    });
    for (const M of widths) {
      series.push({
        id: `M${M}`,
        label: `M = ${M}`,
        expected: expectedSlope(metric, config.model.scheme, init),
      });
      for (const L of depths) {
        const v = variant(config, { depth: L, width: M }, `L = ${L}, M = ${M}`);
        if ('error' in v) errors.push(v.error);
        else tasks.push({ role: 'point', seriesId: `M${M}`, N: L, M, x: L * M, config: v.config });
      }
    }
    if (errors.length) return { ok: false, errors };
    return {
      ok: true,
      plan: {
        kind: 'widthDepth',
        metric,
        trainSteps,
        series,
        tasks,
        xLabel: 'L·M (depth × width)',
        yLabel: METRIC_INFO.meanOde.yLabel,
        refSlopes: [-0.5],
        reference,
        notes,
      },
    };
  }

  const metric = opts.metric;
  if (metric === 'meanOde')
    errors.push("The mean-ODE error is a depth × width sweep: choose the kind 'depth × width'.");
  if (errors.length) return { ok: false, errors };
  const M = config.model.width;
  const schemes: Scheme[] =
    metric === 'gradError' || metric === 'reconError' || metric === 'trainedLoss'
      ? ['euler', 'heun']
      : [config.model.scheme];
  if (metric === 'trainedLoss' && trainSteps === 0)
    notes.push(
      'With 0 training steps the trained loss is the loss at initialisation: set the training steps.',
    );
  for (const s of schemes) series.push({ ...SCHEME_SERIES[s], expected: expectedSlope(metric, s, init) });
  if (metric === 'deepReference') {
    const maxN = depths[depths.length - 1];
    const ref = referenceDepth(config, maxN, M);
    if (!ref)
      return {
        ok: false,
        errors: [
          `No valid reference network 2–4 × deeper than N = ${maxN} (max depth ${MAX_DEPTH} or the weight budget): lower the largest depth.`,
        ],
      };
    reference = { N: ref.model.depth, M };
    tasks.push({ role: 'reference', seriesId: 'reference', N: reference.N, M, x: 0, config: ref });
    if (reference.N < 4 * maxN)
      notes.push(`Reference depth ${reference.N} (not 4 × ${maxN}): limited by the depth or weight budget.`);
    if (init === 'iid')
      notes.push('With i.i.d. weights a deeper network is a different random draw: expect no convergence.');
  }
  for (const N of depths)
    for (const s of schemes) {
      const v = variant(config, { depth: N, scheme: s }, `N = ${N}`);
      if ('error' in v) errors.push(v.error);
      else tasks.push({ role: 'point', seriesId: s, N, M, x: N, config: v.config });
    }
  if (errors.length) return { ok: false, errors: [...new Set(errors)] };
  return {
    ok: true,
    plan: {
      kind: 'depth',
      metric,
      trainSteps,
      series,
      tasks,
      xLabel: 'depth N',
      yLabel: METRIC_INFO[metric].yLabel,
      refSlopes: metric === 'smoothness' ? [0, 1] : metric === 'trainedLoss' ? [] : [-1, -2],
      reference,
      notes,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Running a plan.

export interface SweepPoint {
  seriesId: string;
  N: number;
  M: number;
  x: number;
  /** The metric (NaN when the point failed or diverged; see `note`). */
  y: number;
  /** Round-off floor of `y` at this point's precision: values near it measure arithmetic, not the method. */
  floor: number;
  precision: 'float32' | 'float64';
  /** Loss on the diagnostic batch when measured. */
  loss: number;
  note?: string;
}

export interface SweepProgress {
  /** Tasks finished (points and the reference) out of `total`. */
  done: number;
  total: number;
  task: { seriesId: string; N: number; M: number; role: SweepTask['role'] } | null;
  phase: 'build' | 'train' | 'measure' | 'finished';
  trainStep: number;
  trainTotal: number;
}

/** What the page may run off the main thread: the float64 ODE solve behind 'odeDistance'. */
export interface OdeJob {
  spec: NetSpec;
  residual: Float64Array;
  x0: Float64Array;
  /** Forward states [S+1][B][d] of the network. */
  states: Float64Array;
  B: number;
}

export interface SweepDeps {
  makeBackend: (config: ExperimentConfig) => Promise<Backend>;
  signal?: AbortSignal;
  onProgress?: (p: SweepProgress) => void;
  onPoint?: (p: SweepPoint) => void;
  /** Distance to the interpolated ODE (default: in this thread). */
  odeDistance?: (job: OdeJob) => Promise<number>;
  /** Training steps between two cancellation checks. */
  trainChunk?: number;
}

export interface SweepRun {
  points: SweepPoint[];
  cancelled: boolean;
}

/**
 * Round-off of the arithmetic, relative: float32 accumulates ~1e-6 over a deep forward/reverse pass (Heun's
 * fast rates reach it early), float64 ~1e-13.
 */
export const RELATIVE_FLOOR = { float32: 1e-6, float64: 1e-13 } as const;

/** RK4 sub-steps per layer for the ODE reference: its error is (1/(4N))⁴-small, far below the ResNet's. */
const ODE_SUBSTEPS = 4;

class Cancelled extends Error {}

/** max_n of the RMS distance between the net's states and the interpolated ODE's, in float64. */
export function odeDistanceOf(job: OdeJob): number {
  const { spec, residual, x0, states, B } = job;
  const ode = solveInterpolatedOde(spec, residual, x0, B, ODE_SUBSTEPS);
  return maxOf(perLayerDistance(states, ode, B, spec.d));
}

/** RMS over the batch of ‖v_b‖ for v [B][d]. */
function rmsNorm(v: ArrayLike<number>, B: number): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s / Math.max(1, B));
}

/** Read-out ŷ = R x_S + r for final states [B][d] → [B][K]. */
export function readout(spec: NetSpec, w: Weights, xS: ArrayLike<number>, B: number): Float64Array {
  const { d, outputDim: K } = spec;
  const out = new Float64Array(B * K);
  for (let b = 0; b < B; b++)
    for (let k = 0; k < K; k++) {
      let s = w.readoutB[k];
      for (let i = 0; i < d; i++) s += w.readoutW[k * d + i] * xS[b * d + i];
      out[b * K + k] = s;
    }
  return out;
}

/** ‖a − b‖_F / ‖b‖_F. */
export function relativeDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] * b[i];
  }
  return den > 0 ? Math.sqrt(num / den) : Number.NaN;
}

/** The fixed batch every point is measured on: the first samples of the training set (the diagnostic batch). */
function fixedBatch(b: Backend): { x: Float64Array; B: number } {
  const B = Math.min(DIAG_BATCH, b.data.train.n);
  return { x: b.data.train.x.slice(0, B * b.data.inputDim), B };
}

async function networkOutput(b: Backend): Promise<Float64Array> {
  const { x, B } = fixedBatch(b);
  const [w, xS] = await Promise.all([b.readWeights(), b.finalStates(x, B)]);
  return readout(b.spec, w, xS, B);
}

/** Train for `steps` in chunks, checking for cancellation between chunks; returns a note if it diverged. */
async function train(
  b: Backend,
  steps: number,
  chunk: number,
  check: () => void,
  progress: (step: number) => void,
): Promise<string | undefined> {
  let done = 0;
  const monitor = new DivergenceMonitor();
  while (done < steps) {
    check();
    const k = Math.min(chunk, steps - done);
    await b.trainSteps(k);
    await b.sync();
    done += k;
    const bad = monitor.check(await b.readLosses());
    if (bad) return `training diverged at step ${bad.step} (${bad.detail})`;
    progress(done);
  }
  return undefined;
}

/** Run a plan one backend at a time (each disposed after use). Cancelling keeps the points measured so far. */
export async function runSweep(plan: SweepPlan, deps: SweepDeps): Promise<SweepRun> {
  const { signal } = deps;
  const chunk = Math.max(1, deps.trainChunk ?? 64);
  const odeDistance = deps.odeDistance ?? (async (j: OdeJob) => odeDistanceOf(j));
  const points: SweepPoint[] = [];
  const total = plan.tasks.length;
  let refOutput: Float64Array | null = null;
  const check = () => {
    if (signal?.aborted) throw new Cancelled();
  };

  try {
    for (const [i, task] of plan.tasks.entries()) {
      check();
      const info = { seriesId: task.seriesId, N: task.N, M: task.M, role: task.role };
      const report = (phase: SweepProgress['phase'], trainStep = 0) =>
        deps.onProgress?.({ done: i, total, task: info, phase, trainStep, trainTotal: plan.trainSteps });
      report('build');
      const point: SweepPoint = {
        seriesId: task.seriesId,
        N: task.N,
        M: task.M,
        x: task.x,
        y: Number.NaN,
        floor: 0,
        precision: 'float64',
        loss: Number.NaN,
      };
      let backend: Backend | null = null;
      try {
        backend = await deps.makeBackend(task.config);
      } catch (e) {
        if (e instanceof Error && e.name === 'EngineLimitError') point.note = `does not fit: ${e.message}`;
        else throw e;
      }
      if (backend) {
        try {
          point.precision = backend.memory.precision;
          const note = await train(backend, plan.trainSteps, chunk, check, (s) => report('train', s));
          check();
          report('measure', plan.trainSteps);
          if (note) point.note = note;
          else if (task.role === 'reference') refOutput = await networkOutput(backend);
          else await measure(plan.metric, backend, point, refOutput, odeDistance);
        } finally {
          backend.dispose();
        }
      }
      if (task.role === 'reference') {
        if (!refOutput) throw new Error(`the reference network failed: ${point.note ?? 'unknown error'}`);
      } else {
        points.push(point);
        deps.onPoint?.(point);
      }
      deps.onProgress?.({
        done: i + 1,
        total,
        task: info,
        phase: i + 1 === total ? 'finished' : 'measure',
        trainStep: plan.trainSteps,
        trainTotal: plan.trainSteps,
      });
    }
  } catch (e) {
    if (e instanceof Cancelled) return { points, cancelled: true };
    throw e;
  }
  return { points, cancelled: false };
}

async function measure(
  metric: SweepMetric,
  b: Backend,
  point: SweepPoint,
  refOutput: Float64Array | null,
  odeDistance: (job: OdeJob) => Promise<number>,
): Promise<void> {
  const eps = RELATIVE_FLOOR[point.precision];
  const { spec } = b;
  switch (metric) {
    case 'gradError':
    case 'reconError':
    case 'smoothness': {
      const diag = await b.diagnostics();
      point.loss = diag.loss;
      if (metric === 'gradError') {
        point.y = diag.gradErrorGlobal;
        point.floor = eps;
      } else if (metric === 'smoothness') {
        point.y = spec.N * maxOf(diag.increments);
        point.floor = 0; // a property of the weights, not an error of the arithmetic
      } else {
        point.y = maxOf(diag.reconError);
        const { x, B } = fixedBatch(b);
        point.floor = eps * rmsNorm(await b.finalStates(x, B), B);
      }
      return;
    }
    case 'odeDistance': {
      const { x, B } = fixedBatch(b);
      const [w, states] = await Promise.all([b.readWeights(), b.trajectories(x, B)]);
      const s64 = states instanceof Float64Array ? states : Float64Array.from(states);
      point.y = await odeDistance({ spec, residual: w.residual, x0: embed(spec, w, x, B), states: s64, B });
      point.floor = eps * rmsNorm(s64.subarray(spec.steps * B * spec.d), B);
      return;
    }
    case 'trainedLoss': {
      const ev = await b.evaluate();
      point.y = ev.trainLoss;
      point.loss = ev.trainLoss;
      point.floor = 0;
      return;
    }
    case 'deepReference':
    case 'meanOde': {
      if (!refOutput) throw new Error('no reference output');
      const y = await networkOutput(b);
      point.y = relativeDistance(y, refOutput);
      point.floor = eps;
      return;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Fits.

export interface SeriesFit extends LogLogFit {
  /** Points left out for being within a few × of the round-off floor (or failed). */
  excluded: number;
}

/** Points this close to their floor measure round-off: they are left out of the fit. */
export const FLOOR_MARGIN = 3;

/** Log-log fit of y against x over the points clearly above their precision floor. */
export function fitPoints(points: readonly SweepPoint[]): SeriesFit {
  const used = points.filter((p) => Number.isFinite(p.y) && p.y > 0 && p.y > FLOOR_MARGIN * p.floor);
  const fit = logLogFit(
    used.map((p) => p.x),
    used.map((p) => p.y),
  );
  return { ...fit, excluded: points.length - used.length };
}

/** "slope −1.02 (r² 0.999)", with a real minus sign. */
export function formatSlope(fit: Pick<LogLogFit, 'slope' | 'r2' | 'n'>): string {
  if (!(fit.n >= 2) || !Number.isFinite(fit.slope)) return 'slope — (needs 2 points)';
  const s = fit.slope.toFixed(2).replace('-', '−');
  const r2 = Number.isFinite(fit.r2) ? fit.r2.toFixed(3) : '—';
  return `slope ${s} (r² ${r2})`;
}

// ---------------------------------------------------------------------------------------------------------
// Lists typed by the user.

export type ListParse = { ok: true; values: number[] } | { ok: false; message: string };

/** Parse "4, 8, 16 32" (commas and/or spaces) into sorted unique integers in [min, max]. */
export function parseIntList(text: string, min: number, max: number, what = 'values'): ListParse {
  const parts = text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 0) return { ok: false, message: `Enter ${what}, e.g. "4, 8, 16, 32".` };
  const values: number[] = [];
  for (const p of parts) {
    if (!/^\d+$/.test(p)) return { ok: false, message: `"${p}" is not a whole number.` };
    const v = Number(p);
    if (v < min || v > max) return { ok: false, message: `${v} is outside [${min}, ${max}].` };
    values.push(v);
  }
  const out = uniqueSorted(values);
  if (out.length > MAX_SWEEP_VALUES) return { ok: false, message: `At most ${MAX_SWEEP_VALUES} ${what}.` };
  return { ok: true, values: out };
}

/** from, from·r, from·r², … ≤ to (rounded, unique): a geometric range for log-log axes. */
export function geometricRange(from: number, to: number, ratio: number): number[] {
  const out: number[] = [];
  if (!(from >= 1) || !(to >= from) || !(ratio > 1)) return [Math.max(1, Math.round(from))];
  for (let v = from; v <= to * (1 + 1e-9) && out.length < MAX_SWEEP_VALUES; v *= ratio)
    out.push(Math.round(v));
  return uniqueSorted(out);
}
