// The runner's sweep (`--sweep`): the sweep a link or preset sets up in its sweep view (depths, widths, metric,
// training steps), run headless on the chosen backend, with the fitted log-log slope per series. Pure data in
// and out, like experiment.ts; the backend factory comes from the caller.
import type { ExperimentConfig } from '../core/config';
import type { Backend } from '../run/backend';
import { fitPoints, planSweep, runSweep, type SweepPoint, type SweepProgress } from '../run/sweep';
import type { ViewsState } from '../state/experiment';

export interface SweepResult {
  kind: ViewsState['sweep']['kind'];
  metric: string;
  xLabel: string;
  yLabel: string;
  trainSteps: number;
  reference: { N: number; M: number } | null;
  notes: string[];
  /** One fitted line per series (ResNet/HeunNet, or one per width M); points near their round-off floor left out. */
  series: {
    id: string;
    label: string;
    expected: string;
    slope: number | null;
    r2: number | null;
    points: number;
    excluded: number;
  }[];
  /** Depth × width sweeps: one fit through every point (the mean-ODE rate whichever way L·M is split). */
  pooled: { slope: number | null; r2: number | null; points: number } | null;
  points: (Omit<SweepPoint, 'y' | 'loss'> & { y: number | null; loss: number | null })[];
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
  return {
    kind: plan.kind,
    metric: plan.metric,
    xLabel: plan.xLabel,
    yLabel: plan.yLabel,
    trainSteps: plan.trainSteps,
    reference: plan.reference,
    notes: plan.notes,
    series: plan.series.map((s) => {
      const pts = run.points.filter((p) => p.seriesId === s.id);
      const fit = fitPoints(pts);
      const ok = fit.n >= 2 && Number.isFinite(fit.slope);
      return {
        id: s.id,
        label: s.label,
        expected: s.expected,
        slope: ok ? fit.slope : null,
        r2: ok && Number.isFinite(fit.r2) ? fit.r2 : null,
        points: fit.n,
        excluded: fit.excluded,
      };
    }),
    pooled: plan.kind === 'widthDepth' ? pooledFit(run.points) : null,
    points: run.points.map((p) => ({ ...p, y: finite(p.y), loss: finite(p.loss) })),
  };
}

function pooledFit(points: SweepPoint[]): SweepResult['pooled'] {
  const fit = fitPoints(points);
  const ok = fit.n >= 2 && Number.isFinite(fit.slope);
  return { slope: ok ? fit.slope : null, r2: ok && Number.isFinite(fit.r2) ? fit.r2 : null, points: fit.n };
}

/** sweep.csv: one row per measured point. */
export function sweepCsv(s: SweepResult): string {
  const rows = s.points.map((p) =>
    [p.seriesId, p.N, p.M, p.x, p.y ?? '', p.floor, p.precision, p.loss ?? '', p.note ?? '']
      .map((v) => (typeof v === 'string' && /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v)))
      .join(','),
  );
  return `${['series,N,M,x,y,floor,precision,loss,note', ...rows].join('\n')}\n`;
}
