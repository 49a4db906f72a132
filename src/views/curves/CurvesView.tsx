// Training curves: batch loss, evaluated train/test loss, accuracy (classification) and the memory-free
// adjoint's relative gradient error, on one shared step axis, with hover values and PNG/SVG/CSV export.
import { useCallback, useMemo, useState } from 'react';
import { isClassification } from '../../core/config';
import { useExperiment } from '../../state/experiment';
import { useRun } from '../../state/run';
import { toCsv } from '../common/exporters';
import { formatNumber } from '../common/format';
import { Panel } from '../common/Panel';
import { useCanvas } from '../common/useCanvas';
import { type CurvesDrawInput, drawCurves, hitCurves } from './drawCurves';
import { curveData, curvesCsv, nearestByX, type Series } from './series';
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
  const classification = isClassification(config);
  const hasTest = config.data.kind !== 'matrix' && config.data.nTest > 0;

  const input: CurvesDrawInput = useMemo(
    () => ({
      data: curveData(
        { losses, evals, gradErrors },
        {
          showTest: opts.showTest,
          showAccuracy: opts.showAccuracy,
          showGradError: opts.showGradError,
          classification,
          hasTest,
        },
      ),
      logScale: opts.logScale,
      lossName: config.train.loss === 'xent' ? 'cross-entropy' : 'mean squared error',
    }),
    [losses, evals, gradErrors, opts, classification, hasTest, config.train.loss],
  );

  const [hover, setHover] = useState<Hover | null>(null);
  const draw = useCallback(
    (ctx: CanvasRenderingContext2D, w: number, h: number) => drawCurves(ctx, w, h, input, hover?.step),
    [input, hover],
  );
  const { ref, size } = useCanvas(draw, [draw]);
  const exportDraw = useCallback(
    (ctx: CanvasRenderingContext2D, w: number, h: number) => drawCurves(ctx, w, h, input),
    [input],
  );

  const onMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const px = e.clientX - r.left;
    const py = e.clientY - r.top;
    const hit = hitCurves(input, size.width, size.height, px, py);
    setHover(hit ? { px, py, step: Math.max(0, Math.round(hit.step)) } : null);
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
              left: Math.min(hover.px + 14, Math.max(0, size.width - 200)),
              top: Math.max(0, hover.py - 10),
            }}
            data-testid="curves-tooltip"
          >
            <div className="tip-title">step {hover.step.toLocaleString('en-US')}</div>
            <TooltipRows series={allSeries} step={hover.step} />
          </div>
        )}
      </div>
    </Panel>
  );
}
