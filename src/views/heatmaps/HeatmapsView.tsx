// Weights over depth (Sander et al., Fig. 2; Marion et al.): a live depth × entries heatmap where a weight that
// varies smoothly with depth shows as a smooth vertical band (tied / smooth init: a discretized θ(s)) and
// independent layers show as speckle (i.i.d.), and a depth × training-step heatmap of ‖θ_n‖, the increments
// N‖θ_{n+1} − θ_n‖ (bounded in N for smooth weights, Prop. 2) or one entry, with N·max‖Δθ‖ underneath.
import { useCallback, useMemo, useState } from 'react';
import { netSpec } from '../../core/params';
import { scheme } from '../../schemes';
import { type ExperimentStore, useExperiment } from '../../state/experiment';
import { useRun, type WeightColumn } from '../../state/run';
import { formatNumber } from '../common/format';
import { Panel } from '../common/Panel';
import { useCanvas } from '../common/useCanvas';
import { heatmapsCsv } from './csv';
import {
  drawTimeHeatmap,
  drawWeightsHeatmap,
  type HeatHover,
  hitTime,
  hitWeights,
  type TimeHeatmap,
  type WeightsHeatmap,
} from './draw';
import {
  colorRange,
  columnEdges,
  entriesMatrix,
  entryName,
  layoutOf,
  neuronNormsMatrix,
  smoothnessSeries,
  type TimeMetric,
  timeMatrix,
  unusedSet,
} from './summaries';
import './heatmaps.css';

type HeatmapOptions = ExperimentStore['views']['heatmap'];

const METRICS: { value: TimeMetric; label: string; caption: string }[] = [
  {
    value: 'increment',
    label: 'increments N‖Δθ‖',
    caption:
      'N‖θ_{n+1} − θ_n‖: smoothness in depth. It stays bounded as N grows when the weights discretize a Lipschitz θ(s) (smooth or tied init, Prop. 2); for i.i.d. layers it is of order N.',
  },
  {
    value: 'norm',
    label: 'norms ‖θ_n‖',
    caption: '‖θ_n‖: the size of each layer’s weights as training goes on.',
  },
  {
    value: 'entry',
    label: 'one entry',
    caption:
      'One weight entry in every layer as training goes on (click a column of the left heatmap to follow it).',
  },
];

interface Tip {
  which: 'weights' | 'time';
  px: number;
  py: number;
  lines: string[];
}

function fitsSpec(c: WeightColumn, P: number): boolean {
  return c.norms.length === P;
}

const NO_HISTORY: WeightColumn[] = [];

export function HeatmapsView() {
  const config = useExperiment((s) => s.config);
  const opts = useExperiment((s) => s.views.heatmap);
  const setView = useExperiment((s) => s.setView);
  const snapshot = useRun((s) => s.snapshot);
  const history = useRun((s) => s.snapshot?.views.heatmap) ?? NO_HISTORY;
  const spec = useMemo(() => netSpec(config), [config]);
  const unused = unusedSet(spec);
  const schemeName = scheme(spec.scheme).name;
  const entry = Math.min(Math.max(0, Math.round(opts.entry)), spec.setSize - 1);

  const weights = useMemo<WeightsHeatmap | null>(() => {
    const residual = snapshot?.weights.residual;
    if (!snapshot || !residual || residual.length !== spec.P * spec.setSize) return null;
    const norms = opts.mode === 'norms';
    const { matrix, blocks } = norms ? neuronNormsMatrix(spec, residual) : entriesMatrix(spec, residual);
    const kind = norms ? 'sequential' : 'diverging';
    const units = layoutOf(spec).units;
    const unit = units.letter;
    return {
      title: `${norms ? 'Per-neuron norms' : 'Weights θ_n'} over depth · step ${snapshot.step}`,
      matrix,
      blocks,
      kind,
      range: colorRange(matrix, kind, unused),
      unusedRow: unused,
      unusedBy: schemeName,
      N: spec.N,
      colName: (c) => {
        if (!norms) return entryName(spec, c);
        const b = blocks.find((k) => c >= k.start && c < k.start + k.count)!;
        return `${b.label.replace(`_${unit}`, `_${c - b.start}`)}`;
      },
      xLabel: norms ? units.axis : `the ${spec.setSize} entries of θ_n, flattened row-major`,
      followed: opts.timeMetric === 'entry' && !norms ? entry : null,
    };
  }, [snapshot, spec, opts.mode, opts.timeMetric, entry, unused, schemeName]);

  const time = useMemo<TimeHeatmap | null>(() => {
    const cols = history.filter((c) => fitsSpec(c, spec.P));
    if (cols.length === 0) return null;
    const metric = opts.timeMetric;
    const matrix = timeMatrix(cols, metric);
    const stale = cols.map((c) => metric === 'entry' && c.entryIndex !== undefined && c.entryIndex !== entry);
    if (stale.some(Boolean))
      for (let r = 0; r < matrix.rows; r++)
        stale.forEach((s, k) => {
          if (s) matrix.values[r * matrix.cols + k] = Number.NaN;
        });
    const kind = metric === 'entry' ? 'diverging' : 'sequential';
    const rowUnused = metric === 'increment' ? null : unused;
    const range = colorRange(matrix, kind, rowUnused);
    const name = entryName(spec, entry);
    return {
      title:
        metric === 'increment'
          ? 'N‖θ_{n+1} − θ_n‖ over training'
          : metric === 'norm'
            ? '‖θ_n‖ over training'
            : `Entry ${name} over training`,
      metric,
      matrix,
      steps: cols.map((c) => c.step),
      edges: columnEdges(cols.map((c) => c.step)),
      kind,
      range,
      unusedRow: rowUnused,
      N: spec.N,
      stale,
      rowName: (r) =>
        metric === 'increment'
          ? `N‖θ_${r + 1} − θ_${r}‖`
          : metric === 'norm'
            ? `‖θ_${r}‖`
            : `${name} of θ_${r}`,
      smooth: smoothnessSeries(cols),
      legendTitle: metric === 'increment' ? 'N‖Δθ‖' : metric === 'norm' ? '‖θ_n‖' : name,
    };
  }, [history, spec, opts.timeMetric, entry, unused]);

  const [hoverRow, setHoverRow] = useState<number | null>(null);
  const [tip, setTip] = useState<Tip | null>(null);

  const drawW = useCallback(
    (ctx: CanvasRenderingContext2D, w: number, h: number) => drawWeightsHeatmap(ctx, w, h, weights, hoverRow),
    [weights, hoverRow],
  );
  const drawT = useCallback(
    (ctx: CanvasRenderingContext2D, w: number, h: number) => drawTimeHeatmap(ctx, w, h, time, hoverRow),
    [time, hoverRow],
  );
  const cw = useCanvas(drawW, [drawW]);
  const ct = useCanvas(drawT, [drawT]);

  const onMoveWeights = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (!weights) return;
    // hit-test in drawing units, place the tooltip in CSS pixels (they differ in presentation mode)
    const { px: lx, py: ly } = cw.toLocal(e);
    const hit = hitWeights(cw.size.width, cw.size.height, weights, lx, ly);
    const r = e.currentTarget.getBoundingClientRect();
    const px = e.clientX - r.left;
    const py = e.clientY - r.top;
    if (!hit) return clearHover();
    const v = weights.matrix.values[hit.row * weights.matrix.cols + hit.col];
    const lines = [
      `layer n = ${hit.row} (s = ${formatNumber(hit.row / spec.N)})`,
      `${weights.colName(hit.col)} = ${formatNumber(v)}`,
    ];
    if (hit.row === unused)
      lines.push(`θ_S: not used by the ${schemeName} net, only by the interpolating ODE`);
    if (opts.mode === 'entries') lines.push('click: follow this entry over training');
    setHoverRow(hit.row);
    setTip({ which: 'weights', px, py, lines });
  };

  const onMoveTime = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (!time) return;
    const { px: lx, py: ly } = ct.toLocal(e);
    const hit: HeatHover | null = hitTime(ct.size.width, ct.size.height, time, lx, ly);
    const r = e.currentTarget.getBoundingClientRect();
    const px = e.clientX - r.left;
    const py = e.clientY - r.top;
    if (!hit) return clearHover();
    const step = time.steps[hit.col];
    const lines = [`step ${step}`];
    if (hit.row >= 0) {
      const v = time.matrix.values[hit.row * time.matrix.cols + hit.col];
      lines.push(
        `layer n = ${hit.row} (s = ${formatNumber(hit.row / spec.N)})`,
        time.stale[hit.col]
          ? 'another entry was followed at this step'
          : `${time.rowName(hit.row)} = ${formatNumber(v)}`,
      );
      setHoverRow(hit.row);
    } else setHoverRow(null);
    lines.push(`N·max‖θ_{n+1} − θ_n‖ = ${formatNumber(time.smooth[hit.col])}`);
    setTip({ which: 'time', px, py, lines });
  };

  const clearHover = () => {
    setHoverRow(null);
    setTip(null);
  };

  const onClickWeights = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (!weights || opts.mode !== 'entries') return;
    const { px, py } = cw.toLocal(e);
    const hit = hitWeights(cw.size.width, cw.size.height, weights, px, py);
    if (hit) setView('heatmap', { entry: hit.col, timeMetric: 'entry' });
  };

  // export: both heatmaps side by side, drawn by the same functions
  const w1 = Math.max(cw.size.width, 420);
  const w2 = Math.max(ct.size.width, 420);
  const hh = Math.max(cw.size.height, ct.size.height, 320);
  const exportDraw = (ctx: CanvasRenderingContext2D, _w: number, h: number) => {
    drawWeightsHeatmap(ctx, w1, h, weights);
    ctx.save();
    ctx.translate(w1, 0);
    drawTimeHeatmap(ctx, w2, h, time);
    ctx.restore();
  };
  const csv = () => heatmapsCsv(weights, time, spec.N);
  const caption = METRICS.find((m) => m.value === opts.timeMetric)?.caption ?? '';
  const smoothNow = time?.smooth[time.smooth.length - 1];

  return (
    <Panel
      id="heatmap"
      title="Weights over depth"
      hint={
        <>
          Left: every weight of every layer (rows = layers). Smooth vertical bands mean each weight varies
          smoothly with depth, like a discretized θ(s) (tied or smooth init); speckle means independent layers
          (i.i.d.). Right: how a per-layer quantity evolves during training.
        </>
      }
      toolbar={
        <HeatmapToolbar
          opts={opts}
          setView={setView}
          normsLabel={layoutOf(spec).units.menu}
          entryLabel={entryName(spec, entry)}
          maxEntry={spec.setSize - 1}
          entry={entry}
        />
      }
      exports={{
        name: 'weight-heatmaps',
        draw: exportDraw,
        size: { width: w1 + w2, height: hh },
        csv: weights || time ? csv : undefined,
      }}
    >
      <div className="hm-grid">
        <figure className="hm-figure" data-testid="heatmap-weights-figure">
          <div className="hm-plot">
            <canvas
              ref={cw.ref}
              data-testid="heatmap-weights-canvas"
              role="img"
              aria-label={weights?.title ?? 'No weights yet'}
              onPointerMove={onMoveWeights}
              onPointerLeave={clearHover}
              onClick={onClickWeights}
              className={opts.mode === 'entries' ? 'hm-clickable' : undefined}
            />
            {tip?.which === 'weights' && <HeatTip tip={tip} width={cw.cssSize.width} />}
          </div>
          <figcaption data-testid="heatmap-weights-caption">
            {weights
              ? `${weights.kind === 'diverging' ? 'Diverging colours centred at 0 (red > 0 > blue)' : 'Sequential colours (viridis)'}, range ${formatNumber(weights.range[0])} … ${formatNumber(weights.range[1])}.`
              : 'Waiting for the first snapshot.'}
            {unused !== null &&
              ` θ_${unused} is hatched: the ${schemeName} net never uses it (only the interpolating ODE does).`}
          </figcaption>
        </figure>
        <figure className="hm-figure" data-testid="heatmap-time-figure">
          <div className="hm-plot">
            <canvas
              ref={ct.ref}
              data-testid="heatmap-time-canvas"
              role="img"
              aria-label={time?.title ?? 'No history yet'}
              onPointerMove={onMoveTime}
              onPointerLeave={clearHover}
            />
            {tip?.which === 'time' && <HeatTip tip={tip} width={ct.cssSize.width} />}
          </div>
          <figcaption data-testid="heatmap-time-caption" data-metric={opts.timeMetric}>
            {caption}
            {time && ` Colour range ${formatNumber(time.range[0])} … ${formatNumber(time.range[1])}.`}
            {time?.stale.some(Boolean) &&
              ' Light grey columns followed another entry; the new one is recorded from the next training step.'}
            {smoothNow !== undefined && (
              <>
                {' '}
                Now N·max‖θ_{'{n+1}'} − θ_n‖ ={' '}
                <strong data-testid="heatmap-smoothness">{formatNumber(smoothNow)}</strong>.
              </>
            )}
          </figcaption>
        </figure>
      </div>
    </Panel>
  );
}

function HeatmapToolbar(props: {
  opts: HeatmapOptions;
  setView: ExperimentStore['setView'];
  /** Menu text of the per-unit norms of the kind ('neuron norms', 'row norms'). */
  normsLabel: string;
  entry: number;
  entryLabel: string;
  maxEntry: number;
}) {
  const { opts, setView } = props;
  return (
    <>
      <label
        className="hm-select"
        title="Left heatmap: every weight entry, or per-neuron norms (readable for wide MLPs)"
      >
        show
        <select
          value={opts.mode}
          data-testid="heatmap-mode"
          onChange={(e) => setView('heatmap', { mode: e.target.value as HeatmapOptions['mode'] })}
        >
          <option value="entries">entries</option>
          <option value="norms">{props.normsLabel}</option>
        </select>
      </label>
      <label className="hm-select" title="Right heatmap: the per-layer quantity followed over training">
        over training
        <select
          value={opts.timeMetric}
          data-testid="heatmap-metric"
          onChange={(e) => setView('heatmap', { timeMetric: e.target.value as TimeMetric })}
        >
          {METRICS.map((m) => (
            <option key={m.value} value={m.value}>
              {m.label}
            </option>
          ))}
        </select>
      </label>
      {opts.timeMetric === 'entry' && (
        <label
          className="hm-select"
          title="Index of the followed entry in a parameter set (new snapshots use it)"
        >
          entry
          <input
            type="number"
            min={0}
            max={props.maxEntry}
            value={props.entry}
            data-testid="heatmap-entry"
            onChange={(e) => {
              const v = Number(e.target.value);
              if (Number.isFinite(v))
                setView('heatmap', { entry: Math.min(props.maxEntry, Math.max(0, Math.round(v))) });
            }}
          />
          <span className="hm-entry-name">{props.entryLabel}</span>
        </label>
      )}
    </>
  );
}

function HeatTip({ tip, width }: { tip: Tip; width: number }) {
  const left = tip.px + 14 + 240 > width ? tip.px - 14 - 240 : tip.px + 14;
  return (
    <div className="hm-tip" role="tooltip" style={{ left: Math.max(0, left), top: Math.max(0, tip.py - 8) }}>
      <div className="hm-tip-title">{tip.lines[0]}</div>
      {tip.lines.slice(1).map((l) => (
        <div key={l}>{l}</div>
      ))}
    </div>
  );
}
