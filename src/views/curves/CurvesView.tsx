// Training curves: batch loss, evaluated train/test loss, accuracy (classification) and the memory-free
// adjoint's relative gradient error, on one shared step axis, with hover values and PNG/SVG/CSV export.
import { useCallback, useMemo, useState } from 'react';
import { pinStyle } from '../../compare/style';
import { isClassification } from '../../core/config';
import { useExperiment } from '../../state/experiment';
import { pinCurrentRun, usePins } from '../../state/pins';
import { useRun } from '../../state/run';
import { toCsv } from '../common/exporters';
import { formatNumber } from '../common/format';
import { Panel } from '../common/Panel';
import { useCanvas } from '../common/useCanvas';
import { type CurvesDrawInput, drawCurves, hitCurves } from './drawCurves';
import { curveData, curvesCsv, nearestByX, type Series, seriesColors, withPins } from './series';
import './curves.css';

interface Hover {
  px: number;
  py: number;
  step: number;
}

function Toggle(props: { label: string; checked: boolean; onChange: (v: boolean) => void; title: string }) {
  return (
    <label className="toggle" title={props.title}>
      <input type="checkbox" checked={props.checked} onChange={(e) => props.onChange(e.target.checked)} />
      {props.label}
    </label>
  );
}

function TooltipRows({ series, step }: { series: Series[]; step: number }) {
  return (
    <>
      {series.map((s) => {
        const p = nearestByX(s.points, step);
        if (!p) return null;
        return (
          <div key={s.id} className="tip-row">
            <span className="swatch" style={{ background: s.color }} />
            <span>{s.label}</span>
            <span className="tip-value">
              {formatNumber(p.y)}
              {Math.abs(p.x - step) > 0.5 && <span className="tip-at"> @{p.x}</span>}
            </span>
          </div>
        );
      })}
    </>
  );
}

export function CurvesView() {
  const losses = useRun((s) => s.losses);
  const evals = useRun((s) => s.evals);
  const gradErrors = useRun((s) => s.gradErrors);
  const opts = useExperiment((s) => s.views.curves);
  const setView = useExperiment((s) => s.setView);
  const config = useExperiment((s) => s.config);
  const pins = usePins((s) => s.pins);
  const pinMessage = usePins((s) => s.message);
  const classification = isClassification(config);
  const hasTest = config.data.kind !== 'matrix' && config.data.nTest > 0;

  const input: CurvesDrawInput = useMemo(() => {
    const o = {
      showTest: opts.showTest,
      showAccuracy: opts.showAccuracy,
      showGradError: opts.showGradError,
      classification,
      hasTest,
    };
    return {
      data: withPins(curveData({ losses, evals, gradErrors }, o), pins, o),
      logScale: opts.logScale,
      lossName: config.train.loss === 'xent' ? 'cross-entropy' : 'mean squared error',
    };
  }, [losses, evals, gradErrors, opts, classification, hasTest, config.train.loss, pins]);

  const [hover, setHover] = useState<Hover | null>(null);
  const draw = useCallback(
    (ctx: CanvasRenderingContext2D, w: number, h: number) => drawCurves(ctx, w, h, input, hover?.step),
    [input, hover],
  );
  const { ref, size, cssSize, toLocal } = useCanvas(draw, [draw]);
  const exportDraw = useCallback(
    (ctx: CanvasRenderingContext2D, w: number, h: number) => drawCurves(ctx, w, h, input),
    [input],
  );

  const onMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    // hit-test in drawing units, place the tooltip in CSS pixels (they differ in presentation mode)
    const { px, py } = toLocal(e);
    const hit = hitCurves(input, size.width, size.height, px, py);
    const r = e.currentTarget.getBoundingClientRect();
    setHover(
      hit ? { px: e.clientX - r.left, py: e.clientY - r.top, step: Math.max(0, Math.round(hit.step)) } : null,
    );
  };

  const { data } = input;
  const allSeries = [
    ...data.loss,
    ...data.acc.map((s) => ({ ...s, label: `${s.label} accuracy` })),
    ...data.grad,
  ];

  return (
    <Panel
      id="curves"
      title="Training curves"
      hint={
        <>
          Light: the noisy loss of each mini-batch. Solid/dashed: loss on the whole train/test set, evaluated
          about once a second. Purple: how far the memory-free adjoint gradient is from exact backprop.
        </>
      }
      toolbar={
        <>
          <Toggle
            label="log y"
            title="Logarithmic loss axis"
            checked={opts.logScale}
            onChange={(v) => setView('curves', { logScale: v })}
          />
          {hasTest && (
            <Toggle
              label="test"
              title="Show the test-set curves"
              checked={opts.showTest}
              onChange={(v) => setView('curves', { showTest: v })}
            />
          )}
          {classification && (
            <Toggle
              label="accuracy"
              title="Show the accuracy chart"
              checked={opts.showAccuracy}
              onChange={(v) => setView('curves', { showAccuracy: v })}
            />
          )}
          <Toggle
            label="grad error"
            title="Show the adjoint gradient error chart"
            checked={opts.showGradError}
            onChange={(v) => setView('curves', { showGradError: v })}
          />
          <button
            type="button"
            className="btn pin-run"
            data-testid="pin-run"
            title="Keep this run (config, curves, final numbers, a snapshot) to compare later runs with: its curves stay on these charts and the Compare view sets it beside the current run"
            onClick={() => pinCurrentRun()}
          >
            Pin run
          </button>
        </>
      }
      exports={{
        name: 'training-curves',
        draw: exportDraw,
        size: size.width > 0 ? size : { width: 800, height: 480 },
        csv: () => {
          const t = curvesCsv({ losses, evals, gradErrors });
          return toCsv(t.header, t.rows);
        },
      }}
    >
      <div className="plot plot-curves">
        <canvas
          ref={ref}
          data-testid="curves-canvas"
          role="img"
          aria-label={`Training curves: ${losses.length} batch losses, ${evals.length} evaluations, ${gradErrors.length} gradient-error measurements`}
          onPointerMove={onMove}
          onPointerLeave={() => setHover(null)}
        />
        {hover && (
          <div
            className="chart-tip"
            style={{
              left: Math.min(hover.px + 14, Math.max(0, cssSize.width - 200)),
              top: Math.max(0, hover.py - 10),
            }}
            data-testid="curves-tooltip"
          >
            <div className="tip-title">step {hover.step.toLocaleString('en-US')}</div>
            <TooltipRows series={allSeries} step={hover.step} />
          </div>
        )}
      </div>
      {pins.length > 0 && <PinLegend pins={pins.map((p) => ({ id: p.id, label: p.label }))} />}
      {pinMessage && (
        <p className="pin-message" role="status" data-testid="curves-pin-message">
          {pinMessage}
        </p>
      )}
    </Panel>
  );
}

/** The runs on the charts: the current one (solid) and each pinned one in its colour and dash. */
function PinLegend({ pins }: { pins: { id: string; label: string }[] }) {
  const line = (color: string, dash: number[]) => (
    <svg width="26" height="8" aria-hidden="true">
      <line x1="1" y1="4" x2="25" y2="4" stroke={color} strokeWidth="2" strokeDasharray={dash.join(' ')} />
    </svg>
  );
  return (
    <ul className="pin-legend" data-testid="curves-legend" aria-label="Runs on the charts">
      <li data-testid="curves-legend-item">{line(seriesColors().train, [])} current run</li>
      {pins.map(({ id, label }, k) => {
        const { color, dash } = pinStyle(k);
        return (
          <li key={id} data-testid="curves-legend-item">
            {line(color, dash)} {label} <span className="pin-tag">pinned</span>
          </li>
        );
      })}
    </ul>
  );
}
