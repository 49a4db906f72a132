// Plan a sweep: which networks to build, in which order, and which series they feed. Every config is validated
// here, before anything is allocated. The metric decides the series, the reference network and the notes.
import {
  type ExperimentConfig,
  formatErrors,
  MAX_DEPTH,
  MAX_WIDTH,
  parseConfig,
  SCHEMES,
  type Scheme,
} from '../core/config';
import { residualKind } from '../residuals';
import { MAX_SWEEP_VALUES, uniqueSorted } from './lists';
import { metricsFor, sweepMetric } from './metrics';
import type { PlanContext, SweepMetricDef } from './metrics/types';
import { COMPARED_SCHEMES, schemeFacts } from './schemes';
import type { PlanResult, SweepOptions, SweepPlan, SweepSeriesInfo, SweepTask } from './types';

/** The config with model fields replaced, validated; a message naming the point when it is invalid. */
function variant(
  config: ExperimentConfig,
  model: Partial<ExperimentConfig['model']>,
  what: string,
): { config: ExperimentConfig } | { error: string } {
  const r = parseConfig({ ...config, model: { ...config.model, ...model } });
  return r.ok ? { config: r.config } : { error: `${what}: ${formatErrors(r.errors).replace(/\n/g, '; ')}` };
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

/**
 * The reference of a depth × width grid: 4 × the largest depth and 4 × the largest width (16 × the largest
 * L·M), so its own error is about a quarter of the largest grid point's; smaller when limits or the weight
 * budget say so, never below 4 × the largest L·M.
 */
function referenceGrid(config: ExperimentConfig, maxL: number, maxM: number): ExperimentConfig | null {
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
    if ('config' in v && v.config.model.depth * v.config.model.width >= 4 * maxL * maxM) return v.config;
  }
  return null;
}

function context(config: ExperimentConfig, opts: SweepOptions, trainSteps: number): PlanContext {
  const init = config.init.kind;
  const counterExample = init === 'ramp' || init === 'alternating';
  return { config, opts, init, counterExample, smooth: !counterExample && init !== 'iid', trainSteps };
}

/**
 * The metric a sweep of these options measures: the chosen one, except that a depth × width sweep measures a
 * grid metric (the mean ODE) whatever was chosen for depth sweeps.
 */
export function plannedMetric(opts: SweepOptions): SweepMetricDef {
  const m = sweepMetric(opts.metric);
  return opts.kind === 'widthDepth' && m.sweep !== 'widthDepth' ? metricsFor('widthDepth')[0] : m;
}

/** Build the list of networks to run. */
export function planSweep(config: ExperimentConfig, opts: SweepOptions): PlanResult {
  const errors: string[] = [];
  const depths = uniqueSorted(opts.depths);
  const trainSteps = Math.max(0, Math.floor(opts.trainSteps));
  if (depths.length < 2) errors.push('Give at least two depths (a slope needs two points).');
  if (depths.length > MAX_SWEEP_VALUES) errors.push(`Give at most ${MAX_SWEEP_VALUES} depths.`);
  if (depths.some((N) => !Number.isInteger(N) || N < 1 || N > MAX_DEPTH))
    errors.push(`Depths must be integers in [1, ${MAX_DEPTH}].`);
  const ctx = context(config, opts, trainSteps);
  const metric = plannedMetric(opts);
  return opts.kind === 'widthDepth'
    ? planGrid(metric, ctx, depths, errors)
    : planDepths(metric, ctx, depths, errors);
}

function planGrid(metric: SweepMetricDef, ctx: PlanContext, depths: number[], errors: string[]): PlanResult {
  const { config, opts, trainSteps } = ctx;
  const widths = uniqueSorted(opts.widths);
  if (widths.length < 1) errors.push('Give at least one width M.');
  if (widths.length > MAX_SWEEP_VALUES) errors.push(`Give at most ${MAX_SWEEP_VALUES} widths.`);
  if (widths.some((M) => !Number.isInteger(M) || M < 1 || M > MAX_WIDTH))
    errors.push(`Widths must be integers in [1, ${MAX_WIDTH}].`);
  if (!residualKind(config.model.residual).hasWidth)
    errors.push("The depth × width sweep varies the hidden width M: set model.residual = 'mlp'.");
  if (errors.length) return { ok: false, errors };
  const notes = metric.notes?.(ctx) ?? [];
  const maxL = depths[depths.length - 1];
  const maxM = widths[widths.length - 1];
  const ref = referenceGrid(config, maxL, maxM);
  if (!ref)
    return {
      ok: false,
      errors: [
        `No valid reference network 2–4 × deeper and wider than L = ${maxL}, M = ${maxM} (limits or weight budget): lower the largest depth or width.`,
      ],
    };
  const reference = { N: ref.model.depth, M: ref.model.width };
  const tasks: SweepTask[] = [
    { role: 'reference', seriesId: 'reference', N: reference.N, M: reference.M, x: 0, config: ref },
  ];
  const series: SweepSeriesInfo[] = [];
  const expected = metric.expected(ctx, schemeFacts(config.model.scheme));
  for (const M of widths) {
    series.push({ id: `M${M}`, label: `M = ${M}`, expected });
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
      metric: metric.id as SweepPlan['metric'],
      trainSteps,
      series,
      tasks,
      xLabel: 'L·M (depth × width)',
      yLabel: metric.yLabel,
      refSlopes: refSlopesOf(metric),
      reference,
      notes,
    },
  };
}

function planDepths(
  metric: SweepMetricDef,
  ctx: PlanContext,
  depths: number[],
  errors: string[],
): PlanResult {
  const { config, opts, trainSteps } = ctx;
  if (metric.sweep !== 'depth')
    errors.push(`‘${metric.label}’ is a depth × width sweep: choose the kind 'depth × width'.`);
  if (errors.length) return { ok: false, errors };
  const M = config.model.width;
  // a comparison runs the chosen schemes (options from code may be unchecked: unknown ids are left out)
  const schemes: readonly Scheme[] =
    metric.series === 'schemes'
      ? [...new Set(opts.schemes ?? COMPARED_SCHEMES)].filter((s) => SCHEMES.includes(s))
      : [config.model.scheme];
  if (!schemes.length) return { ok: false, errors: [`Choose at least one scheme (${SCHEMES.join(', ')}).`] };
  const notes: string[] = [];
  const tasks: SweepTask[] = [];
  let reference: SweepPlan['reference'] = null;
  const series = schemes.map((id) => {
    const s = schemeFacts(id);
    return { id, label: metric.seriesLabel(s, ctx), expected: metric.expected(ctx, s) };
  });
  if (metric.reference === 'deeper') {
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
  }
  notes.push(...(metric.notes?.(ctx) ?? []));
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
      metric: metric.id as SweepPlan['metric'],
      trainSteps,
      series,
      tasks,
      xLabel: 'depth N',
      yLabel: metric.yLabel,
      refSlopes: refSlopesOf(metric),
      reference,
      notes,
    },
  };
}

const refSlopesOf = (m: SweepMetricDef) => (m.fit.kind === 'powerLaw' ? [...m.fit.refSlopes] : []);
