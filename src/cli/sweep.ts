// The runner's sweep (`--sweep`): the sweep a link or preset sets up in its sweep view (depths, widths, metric,
// training steps), run headless on the chosen backend, with each series read out as its metric says: a fitted
// log-log slope, or the depth where a threshold effect sets in. Pure data in and out, like experiment.ts; the
// backend factory comes from the caller.
import type { ExperimentConfig } from '../core/config';
import type { Backend } from '../run/backend';
import type { ViewsState } from '../state/experiment';
import { fitPowerLaw, fitSeries, formatFit } from '../sweep/fit';
import { planSweep } from '../sweep/plan';
import { runSweep } from '../sweep/run';
import type { SweepPoint, SweepProgress } from '../sweep/types';

/** A series' read-out as JSON: a power law, or a threshold crossing (null where not finite). */
export type SweepFitJson =
  | { kind: 'powerLaw'; slope: number | null; r2: number | null; points: number; excluded: number }
  | {
      kind: 'threshold';
      level: number | null;
      outcome: 'crosses' | 'below' | 'above' | 'unknown';
      crossing: number | null;
      bracket: [number, number] | null;
      points: number;
      excluded: number;
    };

export interface SweepResult {
  kind: ViewsState['sweep']['kind'];
  metric: string;
  xLabel: string;
  yLabel: string;
  trainSteps: number;
  reference: { N: number; M: number } | null;
  notes: string[];
  /**
   * One read-out per series (ResNet/HeunNet, or one per width M): `slope`/`r2` for power-law metrics (points
   * near their round-off floor left out), null for threshold metrics, whose `fit` holds the crossing.
   */
  series: {
    id: string;
    label: string;
    expected: string;
    slope: number | null;
    r2: number | null;
    points: number;
    excluded: number;
    fit: SweepFitJson;
    /** The read-out in words, as the app shows it. */
    readout: string;
  }[];
  /** Depth × width sweeps: one fit through every point (the mean-ODE rate whichever way L·M is split). */
  pooled: { slope: number | null; r2: number | null; points: number } | null;
  points: (Omit<SweepPoint, 'y' | 'loss' | 'initial'> & {
    y: number | null;
    loss: number | null;
    initial?: number | null;
  })[];
}

export class SweepPlanError extends Error {}

const finite = (v: number) => (Number.isFinite(v) ? v : null);

export async function runConfigSweep(
  config: ExperimentConfig,
  options: ViewsState['sweep'],
  makeBackend: (c: ExperimentConfig) => Promise<Backend>,
  onProgress?: (p: SweepProgress) => void,
): Promise<SweepResult> {
  const planned = planSweep(config, options);
  if (!planned.ok) throw new SweepPlanError(planned.errors.join(' '));
  const { plan } = planned;
  const run = await runSweep(plan, { makeBackend, onProgress });
  const series = plan.series.map((s) => ({ ...s, points: run.points.filter((p) => p.seriesId === s.id) }));
  const pooled = plan.kind === 'widthDepth' ? fitPowerLaw(run.points) : null;
  return {
    kind: plan.kind,
    metric: plan.metric,
    xLabel: plan.xLabel,
    yLabel: plan.yLabel,
    trainSteps: plan.trainSteps,
    reference: plan.reference,
    notes: plan.notes,
    series: series.map((s) => {
      const f = fitSeries(plan.metric, s.points, run.points);
      const ok = f.kind === 'powerLaw' && f.n >= 2 && Number.isFinite(f.slope);
      const fit: SweepFitJson =
        f.kind === 'powerLaw'
          ? {
              kind: 'powerLaw',
              slope: ok ? f.slope : null,
              r2: ok && Number.isFinite(f.r2) ? f.r2 : null,
              points: f.n,
              excluded: f.excluded,
            }
          : {
              kind: 'threshold',
              level: finite(f.level),
              outcome: f.outcome,
              crossing: f.crossing,
              bracket: f.bracket,
              points: f.n,
              excluded: f.excluded,
            };
      return {
        id: s.id,
        label: s.label,
        expected: s.expected,
        slope: fit.kind === 'powerLaw' ? fit.slope : null,
        r2: fit.kind === 'powerLaw' ? fit.r2 : null,
        points: f.n,
        excluded: f.excluded,
        fit,
        readout: formatFit(plan.metric, f),
      };
    }),
    pooled: pooled && {
      slope: pooled.n >= 2 && Number.isFinite(pooled.slope) ? pooled.slope : null,
      r2: pooled.n >= 2 && Number.isFinite(pooled.r2) ? pooled.r2 : null,
      points: pooled.n,
    },
    points: run.points.map((p) => ({
      ...p,
      y: finite(p.y),
      loss: finite(p.loss),
      ...(p.initial !== undefined ? { initial: finite(p.initial) } : {}),
    })),
  };
}

/** sweep.csv: one row per measured point (`initial`: the value at initialisation, for threshold metrics). */
export function sweepCsv(s: SweepResult): string {
  const rows = s.points.map((p) =>
    [p.seriesId, p.N, p.M, p.x, p.y ?? '', p.floor, p.precision, p.loss ?? '', p.note ?? '', p.initial ?? '']
      .map((v) => (typeof v === 'string' && /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v)))
      .join(','),
  );
  return `${['series,N,M,x,y,floor,precision,loss,note,initial', ...rows].join('\n')}\n`;
}
