// Sweeps over depth (and depth × width): run the current experiment at many depths, measure one metric per
// network and read it off a log-log plot: a convergence rate (fitted slopes and reference lines), or for
// threshold metrics the depth where the effect sets in (a level line and a marker per series).
import { type MouseEvent, useCallback, useMemo, useState } from 'react';
import { pinnedSweeps } from '../../compare/sweep-overlay';
import { sweepRunner } from '../../run/sweep-runner';
import { useExperiment } from '../../state/experiment';
import { usePins } from '../../state/pins';
import { formatDuration } from '../../state/run';
import { type SweepMeta, type SweepSeries, sweepSecondsLeft, useSweep } from '../../state/sweep';
import { aboveFloor, FLOOR_MARGIN, formatFit, formatSlope } from '../../sweep/fit';
import { type SweepMetricId, sweepMetric } from '../../sweep/metrics';
import { plannedMetric, planSweep } from '../../sweep/plan';
import type { SweepPoint } from '../../sweep/types';
import { type Draw, toCsv } from '../common/exporters';
import { formatNumber } from '../common/format';
import { Panel } from '../common/Panel';
import { useCanvas } from '../common/useCanvas';
import {
  drawSweepPlot,
  emptySweepText,
  type Hover,
  hitTest,
  layoutPlot,
  type PlotModel,
  seriesColor,
  sweepPanelTitle,
} from './plot';
import { SweepControls } from './SweepControls';
import './sweep.css';

function plotModel(
  meta: SweepMeta | null,
  series: SweepSeries[],
  running: boolean,
  planned: { xs: number[]; metric: SweepMetricId; kind: 'depth' | 'widthDepth' },
): PlotModel {
  if (!meta) {
    const info = sweepMetric(planned.metric);
    return {
      title: `${info.plotTitle} vs ${planned.kind === 'depth' ? 'depth N' : 'L·M'}`,
      subtitle: 'No sweep yet',
      xLabel: planned.kind === 'depth' ? 'depth N' : 'L·M (depth × width)',
      yLabel: info.yLabel,
      xs: planned.xs,
      series: [],
      refSlopes: [],
      variable: planned.kind === 'depth' ? 'N' : 'LM',
      floor: null,
      level: null,
      empty: 'Choose what to measure and press “Run sweep”.',
    };
  }
  const info = sweepMetric(meta.metric);
  const policy = info.fit;
  const ref = meta.reference
    ? meta.kind === 'depth'
      ? ` · reference N = ${meta.reference.N}`
      : ` · reference L = ${meta.reference.N}, M = ${meta.reference.M}`
    : '';
  return {
    title: `${info.plotTitle} vs ${meta.kind === 'depth' ? 'depth N' : 'L·M'}`,
    subtitle: `${meta.experiment} · ${meta.backendLabel}${ref}`,
    xLabel: meta.xLabel,
    yLabel: meta.yLabel,
    xs: meta.xs,
    series: series.map((s) => {
      const { fit } = s;
      const used = s.points.filter(aboveFloor);
      return {
        id: s.id,
        label: s.label,
        points: s.points,
        fitText: formatFit(meta.metric, fit),
        fitLine:
          fit.kind === 'powerLaw' && fit.n >= 2
            ? {
                slope: fit.slope,
                intercept: fit.intercept,
                x0: Math.min(...used.map((p) => p.x)),
                x1: Math.max(...used.map((p) => p.x)),
              }
            : undefined,
        crossing: fit.kind === 'threshold' && fit.crossing !== null ? fit.crossing : undefined,
      };
    }),
    // reference lines are power laws: none for a threshold read-out (records from before had a slope's)
    refSlopes: policy.kind === 'powerLaw' ? meta.refSlopes : [],
    variable: meta.kind === 'depth' ? 'N' : 'LM',
    floor: meta.precision === 'float32' && info.hasFloor ? relativeFloorOf(series) : null,
    level: policy.kind === 'threshold' ? levelOf(series, policy.levelLabel) : null,
    empty: emptySweepText(running, series),
  };
}

/** The level of a threshold read-out (every series of a sweep shares it), or null when unknown. */
function levelOf(series: SweepSeries[], label: string): PlotModel['level'] {
  const f = series.map((s) => s.fit).find((x) => x.kind === 'threshold' && Number.isFinite(x.level));
  return f && f.kind === 'threshold' ? { y: f.level, label: `level: ${label}` } : null;
}

/** The floor drawn on the plot: the median of the points' floors (they differ only by the state scale). */
function relativeFloorOf(series: SweepSeries[]): number | null {
  const f = series
    .flatMap((s) => s.points.map((p) => p.floor))
    .filter((v) => v > 0)
    .sort((a, b) => a - b);
  return f.length ? f[Math.floor(f.length / 2)] : null;
}

function sweepCsv(meta: SweepMeta | null, series: SweepSeries[]): string {
  const rows = series.flatMap((s) =>
    s.points.map((p) => [
      s.label,
      p.N,
      p.M,
      p.x,
      p.y,
      p.floor,
      p.precision,
      p.loss,
      p.note ?? '',
      p.initial ?? '',
    ]),
  );
  return toCsv(
    [
      'series',
      'N',
      'M',
      'x',
      meta ? `${meta.metric}: ${meta.yLabel}` : 'y',
      'floor',
      'precision',
      'loss',
      'note',
      'initial',
    ],
    rows,
  );
}

function ProgressLine() {
  const status = useSweep((s) => s.status);
  const progress = useSweep((s) => s.progress);
  const meta = useSweep((s) => s.meta);
  const series = useSweep((s) => s.series);
  const error = useSweep((s) => s.error);
  const startedAt = useSweep((s) => s.startedAt);
  const finishedAt = useSweep((s) => s.finishedAt);
  const costs = useSweep((s) => s.costs);
  const measured = series.reduce((a, s) => a + s.points.length, 0);
  const total = progress?.total ?? 0;
  let text = '';
  let eta = '';
  if (status === 'running' && progress) {
    const t = progress.task;
    const who = !t
      ? 'starting'
      : t.role === 'reference'
        ? `reference network (N = ${t.N}${meta?.kind === 'widthDepth' ? `, M = ${t.M}` : ''})`
        : `${series.find((s) => s.id === t.seriesId)?.label ?? t.seriesId}, N = ${t.N}${meta?.kind === 'widthDepth' ? `, M = ${t.M}` : ''}`;
    const phase =
      progress.phase === 'train'
        ? `training ${progress.trainStep} / ${progress.trainTotal}`
        : progress.phase === 'build'
          ? 'building'
          : 'measuring';
    text = `Network ${Math.min(progress.done + 1, total)} of ${total}: ${who} — ${phase}`;
    const left = sweepSecondsLeft(costs, progress, Date.now() - startedAt);
    if (Number.isFinite(left)) eta = `≈ ${formatDuration(left)} left`;
  } else if (status === 'done') {
    text = `Done: ${measured} points in ${((finishedAt - startedAt) / 1000).toFixed(1)} s.`;
  } else if (status === 'cancelled') {
    text = `Cancelled after ${measured} of ${total - (meta?.reference ? 1 : 0)} points; the measured points stay.`;
  }
  // within a network, training is most of the work: let it move the bar (measuring takes the rest)
  const within =
    progress?.phase === 'train' && progress.trainTotal ? (0.8 * progress.trainStep) / progress.trainTotal : 0;
  const frac = progress && total ? (progress.done + within) / total : 0;
  return (
    <div className="sweep-status" data-testid="sweep-status" data-status={status} data-points={measured}>
      {status !== 'idle' && status !== 'error' && (
        <progress max={1} value={status === 'done' ? 1 : frac} aria-label="sweep progress" />
      )}
      {text && <span className="sweep-status-text">{text}</span>}
      {eta && (
        <span
          className="sweep-eta"
          data-testid="sweep-eta"
          title="From the time the finished networks took, weighted by the size (N·B·M) of those left"
        >
          {eta}
        </span>
      )}
      {status === 'error' && error && (
        <p className="sweep-error" role="alert" data-testid="sweep-error">
          {error}
        </p>
      )}
    </div>
  );
}

function Fits({ meta, series }: { meta: SweepMeta; series: SweepSeries[] }) {
  const pooled = useSweep((s) => s.pooled);
  const failed = series.flatMap((s) => s.points.filter((p) => p.note).map((p) => ({ s, p })));
  return (
    <div className="sweep-fits">
      <ul>
        {series.map((s, i) => (
          <li
            key={s.id}
            data-testid={`sweep-fit-${s.id}`}
            data-fit={s.fit.kind}
            data-slope={s.fit.kind === 'powerLaw' && Number.isFinite(s.fit.slope) ? s.fit.slope : ''}
            data-r2={s.fit.kind === 'powerLaw' && Number.isFinite(s.fit.r2) ? s.fit.r2 : ''}
            data-crossing={s.fit.kind === 'threshold' ? (s.fit.crossing ?? '') : undefined}
            data-n={s.fit.n}
          >
            <span className="sweep-swatch" style={{ background: seriesColor(i) }} />
            <strong>{s.label}</strong>:{' '}
            <span className={s.fit.kind === 'powerLaw' ? 'sweep-slope' : 'sweep-crossing'}>
              {formatFit(meta.metric, s.fit)}
            </span>
            <span className="muted">
              {' '}
              over {s.fit.n} point{s.fit.n === 1 ? '' : 's'}
              {s.fit.excluded
                ? ` (${s.fit.excluded} ${s.fit.kind === 'powerLaw' ? 'at the floor or failed' : 'failed'}, left out)`
                : ''}{' '}
              · theory {s.expected}
            </span>
          </li>
        ))}
        {meta.kind === 'widthDepth' && pooled && (
          <li data-testid="sweep-fit-pooled">
            <strong>All widths pooled</strong>: {formatSlope(pooled)}
            <span className="muted"> · 1/√(LM) is slope −½; the 1/L term steepens small grids</span>
          </li>
        )}
      </ul>
      {failed.length > 0 && (
        <ul className="sweep-failed">
          {failed.map(({ s, p }) => (
            <li key={`${s.id}-${p.x}`}>
              {s.label}, N = {p.N}
              {meta.kind === 'widthDepth' ? `, M = ${p.M}` : ''}: {p.note}
            </li>
          ))}
        </ul>
      )}
      <p className="sweep-note" data-testid="sweep-experiment">
        Ran: {meta.experiment} · {meta.backendLabel}.{meta.reference && <> {referenceText(meta)}</>}
      </p>
      {meta.notes.map((n) => (
        <p key={n} className="sweep-note">
          {n}
        </p>
      ))}
    </div>
  );
}

function referenceText(meta: SweepMeta): string {
  const r = meta.reference!;
  const trained = meta.trainSteps ? `, trained the same ${meta.trainSteps} steps` : '';
  if (meta.kind === 'depth') {
    const maxN = meta.xs[meta.xs.length - 1];
    return `Reference: N = ${r.N} (${r.N / maxN} × the deepest point, the same init function${trained}).`;
  }
  const lm = meta.xs[meta.xs.length - 1];
  return `Reference: L = ${r.N}, M = ${r.M} (L·M = ${r.N * r.M}, ${Math.round((r.N * r.M) / lm)} × the largest grid point, so its own 1/√(LM) error is ${Math.round(Math.sqrt((r.N * r.M) / lm))} × smaller${trained}).`;
}

function Tooltip(props: {
  hover: Hover;
  model: PlotModel;
  meta: SweepMeta;
  /** The canvas's size in drawing units, and the scale from them to CSS pixels. */
  size: { width: number; height: number };
  scale: number;
}) {
  const { hover, model, meta, size, scale } = props;
  const s = model.series[hover.series];
  const p = s?.points[hover.point] as (SweepPoint & { note?: string }) | undefined;
  if (!s || !p) return null;
  const layout = layoutPlot(model, size.width, size.height);
  const px = layout.x(p.x) * scale;
  const py = layout.y(p.y) * scale;
  const cssWidth = size.width * scale;
  const left = px > cssWidth * 0.6;
  const atFloor = p.floor > 0 && p.y <= FLOOR_MARGIN * p.floor;
  return (
    <div
      className="sweep-tooltip"
      role="tooltip"
      data-testid="sweep-tooltip"
      style={{
        left: left ? undefined : px + 14,
        right: left ? cssWidth - px + 14 : undefined,
        top: Math.max(4, py - 20),
      }}
    >
      <div className="sweep-tip-title">
        <span className="sweep-swatch" style={{ background: seriesColor(hover.series) }} />
        {s.label}
      </div>
      <div>{meta.kind === 'widthDepth' ? `L = ${p.N}, M = ${p.M}, L·M = ${p.x}` : `N = ${p.N}`}</div>
      <div>
        {sweepMetric(meta.metric).short} = <strong>{formatNumber(p.y)}</strong>
      </div>
      {p.initial !== undefined && <div className="muted">at initialisation {formatNumber(p.initial)}</div>}
      {Number.isFinite(p.loss) && <div className="muted">loss on the batch {formatNumber(p.loss)}</div>}
      {atFloor && (
        <div className="sweep-tip-warn">at the {p.precision} round-off floor: left out of the fit</div>
      )}
    </div>
  );
}

export function SweepView() {
  const config = useExperiment((s) => s.config);
  const opts = useExperiment((s) => s.views.sweep);
  const status = useSweep((s) => s.status);
  const meta = useSweep((s) => s.meta);
  const series = useSweep((s) => s.series);
  const running = status === 'running';
  const planned = useMemo(() => planSweep(config, opts), [config, opts]);
  const [hover, setHover] = useState<Hover | null>(null);

  const pins = usePins((s) => s.pins);
  const model = useMemo(() => {
    const m = plotModel(meta, series, running, {
      xs: planned.ok ? planned.plan.tasks.filter((t) => t.role === 'point').map((t) => t.x) : opts.depths,
      metric: plannedMetric(opts).id as SweepMetricId,
      kind: opts.kind,
    });
    return {
      ...m,
      pinned: pinnedSweeps(pins, meta?.metric ?? plannedMetric(opts).id, meta?.kind ?? opts.kind),
    };
  }, [meta, series, running, planned, opts, pins]);
  const draw: Draw = useCallback((ctx, w, h) => drawSweepPlot(ctx, w, h, model, null), [model]);
  const { ref, size, scale, toLocal } = useCanvas(
    (ctx, w, h) => drawSweepPlot(ctx, w, h, model, hover),
    [model, hover],
  );

  const onMove = (e: MouseEvent<HTMLCanvasElement>) => {
    const { px, py } = toLocal(e);
    const h = hitTest(model, layoutPlot(model, size.width, size.height), px, py);
    setHover((old) => (old?.series === h?.series && old?.point === h?.point ? old : h));
  };

  const pointCount = series.reduce((a, s) => a + s.points.length, 0);
  return (
    <Panel
      id="sweep"
      title={sweepPanelTitle(opts.kind)}
      hint={
        <>
          Run this experiment at many depths and read the <em>rate</em> off the log-log slope: −1 means the
          error halves when N doubles (ResNet, Euler), −2 means it quarters (HeunNet). Hover a point for its
          value.
        </>
      }
      exports={{
        name: `sweep-${meta?.metric ?? opts.metric}`,
        draw,
        size: size.width > 0 ? size : { width: 800, height: 460 },
        csv: pointCount ? () => sweepCsv(meta, series) : undefined,
      }}
    >
      <SweepControls
        running={running}
        canRun={planned.ok}
        onRun={() => void sweepRunner.start(config, opts)}
        onCancel={() => sweepRunner.cancel()}
      />
      {!planned.ok && (
        <ul className="sweep-plan-errors" data-testid="sweep-plan-errors">
          {planned.errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      <p className="sweep-note">
        {opts.precision === 'gpu'
          ? 'On the GPU (float32), round-off floors errors near ~1e-6 relative: Heun’s fast rates hit it early. Points near the floor are left out of the fits; use the CPU (float64) for precise slopes.'
          : 'The float64 engine runs in a background worker: precise down to ~1e-13, slower than the GPU.'}{' '}
        The main run pauses while a sweep runs.
      </p>
      <ProgressLine />
      <div className="sweep-plot">
        <canvas
          ref={ref}
          data-testid="sweep-canvas"
          aria-label={`${model.title}: log-log plot`}
          onMouseMove={onMove}
          onMouseLeave={() => setHover(null)}
        />
        {hover && meta && <Tooltip hover={hover} model={model} meta={meta} size={size} scale={scale} />}
      </div>
      {model.pinned.length > 0 && (
        <ul className="pin-legend" data-testid="sweep-pinned" aria-label="Pinned sweeps on the plot">
          {model.pinned.map((p) => (
            <li key={p.label}>
              <svg width="26" height="8" aria-hidden="true">
                <line
                  x1="1"
                  y1="4"
                  x2="25"
                  y2="4"
                  stroke={p.color}
                  strokeWidth="2"
                  strokeDasharray={p.dash.join(' ')}
                />
              </svg>{' '}
              {p.label} <span className="pin-tag">pinned</span>
            </li>
          ))}
        </ul>
      )}
      {meta && <Fits meta={meta} series={series} />}
    </Panel>
  );
}
