// The current sweep as the views see it: status, progress, the measured series and their read-outs (a fitted
// slope, or a crossing depth for threshold metrics). Written only from the sweep runner's events
// (`connectSweep`) and by autosave's restore; views only read it.
import { create } from 'zustand';
import { effectiveBatch } from '../core/config';
import type { SweepEvent, SweepRunInfo } from '../run/sweep-runner';
import { fitPowerLaw, fitSeries, refitSeries } from '../sweep/fit';
import { sweepMetric } from '../sweep/metrics';
import type {
  PowerLawFit,
  SeriesFit,
  SweepPlan,
  SweepPoint,
  SweepProgress,
  SweepSeriesInfo,
} from '../sweep/types';
import type { SweepMetric } from '../views/sweeps/view';

export type SweepStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

export interface SweepSeries extends SweepSeriesInfo {
  points: SweepPoint[];
  fit: SeriesFit;
}

/** What was run: enough to draw and label the plot after the options change. */
export interface SweepMeta extends SweepRunInfo {
  kind: SweepPlan['kind'];
  metric: SweepMetric;
  xLabel: string;
  yLabel: string;
  refSlopes: number[];
  reference: SweepPlan['reference'];
  trainSteps: number;
  /** Planned abscissae (ticks before the points arrive). */
  xs: number[];
}

export interface SweepStore {
  status: SweepStatus;
  progress: SweepProgress | null;
  meta: SweepMeta | null;
  series: SweepSeries[];
  /** Power-law fit over every point of every series (the mean-ODE grid pools widths). */
  pooled: PowerLawFit | null;
  error: string | null;
  startedAt: number;
  finishedAt: number;
  /** Relative cost of each planned network, in run order (N·B·M: time per training step scales so). */
  costs: number[];
}

/** One power law through every point of several series; null for one series or a threshold metric. */
export function pooledFit(
  metric: SweepMetric,
  series: readonly { points: SweepPoint[] }[],
): PowerLawFit | null {
  if (series.length < 2 || sweepMetric(metric).fit.kind !== 'powerLaw') return null;
  return fitPowerLaw(series.flatMap((s) => s.points));
}

export const useSweep = create<SweepStore>()(() => ({
  status: 'idle',
  progress: null,
  meta: null,
  series: [],
  pooled: null,
  error: null,
  startedAt: 0,
  finishedAt: 0,
  costs: [],
}));

/** A network's share of a sweep's time: N·B·M (its training steps cost about that each). */
export function taskCost(t: SweepPlan['tasks'][number]): number {
  return t.N * effectiveBatch(t.config) * Math.max(t.M, t.config.model.d);
}

/**
 * Seconds left in a sweep, from the time the finished networks took, weighted by the cost of those left
 * (N·B·M each); the network in progress counts with its share of training done. NaN before the first network
 * is done (nothing to go by yet).
 */
export function sweepSecondsLeft(costs: number[], progress: SweepProgress | null, elapsedMs: number): number {
  if (!progress || progress.done < 1 || !costs.length || elapsedMs <= 0) return Number.NaN;
  const total = costs.reduce((a, c) => a + c, 0);
  let done = costs.slice(0, progress.done).reduce((a, c) => a + c, 0);
  const current = costs[progress.done] ?? 0;
  if (progress.phase === 'train' && progress.trainTotal > 0)
    done += (0.8 * current * progress.trainStep) / progress.trainTotal;
  if (done <= 0) return Number.NaN;
  return Math.max(0, ((total - done) * elapsedMs) / done / 1000);
}

/** Subscribe the sweep store to a sweep runner; returns the function that stops it. */
export function connectSweep(runner: { subscribe(l: (e: SweepEvent) => void): () => void }): () => void {
  return runner.subscribe((e) => {
    if (e.type === 'began') beginSweep(e.plan, e.info);
    else if (e.type === 'progress') setSweepProgress(e.progress);
    else if (e.type === 'point') addSweepPoint(e.point);
    else if (e.type === 'ended') endSweep(e.status, e.error);
    else failSweep(e.error);
  });
}

// Actions (the runner's events; tests call them directly).

export function beginSweep(plan: SweepPlan, meta: SweepRunInfo): void {
  useSweep.setState({
    status: 'running',
    progress: {
      done: 0,
      total: plan.tasks.length,
      task: null,
      phase: 'build',
      trainStep: 0,
      trainTotal: plan.trainSteps,
    },
    meta: {
      ...meta,
      kind: plan.kind,
      metric: plan.metric,
      xLabel: plan.xLabel,
      yLabel: plan.yLabel,
      refSlopes: plan.refSlopes,
      reference: plan.reference,
      trainSteps: plan.trainSteps,
      xs: [...new Set(plan.tasks.filter((t) => t.role === 'point').map((t) => t.x))].sort((a, b) => a - b),
      notes: [...meta.notes, ...plan.notes],
    },
    series: plan.series.map((s) => ({ ...s, points: [], fit: fitSeries(plan.metric, []) })),
    pooled: null,
    error: null,
    startedAt: Date.now(),
    finishedAt: 0,
    costs: plan.tasks.map(taskCost),
  });
}

export function addSweepPoint(point: SweepPoint): void {
  const { meta } = useSweep.getState();
  if (!meta) return;
  const added = useSweep
    .getState()
    .series.map((s) =>
      s.id === point.seriesId ? { ...s, points: [...s.points, point].sort((a, b) => a.x - b.x) } : s,
    );
  const series = refitSeries(meta.metric, added);
  useSweep.setState({ series, pooled: pooledFit(meta.metric, series) });
}

export function setSweepProgress(progress: SweepProgress): void {
  useSweep.setState({ progress });
}

export function endSweep(
  status: Exclude<SweepStatus, 'idle' | 'running'>,
  error: string | null = null,
): void {
  useSweep.setState({ status, error, finishedAt: Date.now() });
}

/** Report a sweep that could not start (invalid plan), keeping the previous results on screen. */
export function failSweep(error: string): void {
  useSweep.setState({ status: 'error', error, finishedAt: Date.now() });
}
