// The 1-D target drawing area under the trajectories of 1-D data: drag to draw y(x) over [lo, hi] (strokes
// replace the curve where they pass), then "Use this curve" trains on it (the 'curve' data set). Nothing changes
// in the experiment until then; a curve the config refuses is named and the experiment kept.
import { useMemo, useRef, useState } from 'react';
import type { CustomPoint } from '../../core/config';
import { useExperiment } from '../../state/experiment';
import { usePresets } from '../../state/presets';
import { CURVE_Y, curveRange, drawStroke, startingCurve, withCurve } from './curve';

const W = 360;
const H = 180;
const PAD = 24;

export function CurveDrawer() {
  const config = useExperiment((s) => s.config);
  const [lo, hi] = curveRange(config);
  const initial = useMemo(() => startingCurve(config), [config]);
  const [curve, setCurve] = useState<CustomPoint[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const stroke = useRef<[number, number][] | null>(null);
  const [live, setLive] = useState<[number, number][]>([]);
  const shown = curve ?? initial;
  const [y0, y1] = CURVE_Y;
  const px = (x: number) => PAD + ((x - lo) / (hi - lo)) * (W - 2 * PAD);
  const py = (y: number) => H - PAD - ((y - y0) / (y1 - y0)) * (H - 2 * PAD);
  const at = (e: React.PointerEvent<SVGSVGElement>): [number, number] => {
    const r = e.currentTarget.getBoundingClientRect();
    const sx = ((e.clientX - r.left) / r.width) * W;
    const sy = ((e.clientY - r.top) / r.height) * H;
    return [lo + ((sx - PAD) / (W - 2 * PAD)) * (hi - lo), y0 + ((H - PAD - sy) / (H - 2 * PAD)) * (y1 - y0)];
  };
  const onDown = (e: React.PointerEvent<SVGSVGElement>) => {
    e.preventDefault();
    e.currentTarget.setPointerCapture?.(e.pointerId);
    stroke.current = [at(e)];
    setLive(stroke.current);
  };
  const onMove = (e: React.PointerEvent<SVGSVGElement>) => {
    if (!stroke.current) return;
    stroke.current = [...stroke.current, at(e)];
    setLive(stroke.current);
  };
  const onUp = () => {
    const s = stroke.current;
    stroke.current = null;
    setLive([]);
    if (s) setCurve(drawStroke(shown, s, lo, hi));
  };
  const use = () => {
    const r = withCurve(useExperiment.getState().config, shown);
    if (!r.ok) {
      setError(r.errors.map((e) => `${e.field}: ${e.message}`).join('; '));
      return;
    }
    setError(null);
    setCurve(null);
    useExperiment.getState().load(r.config);
    usePresets.setState({ active: null });
  };
  const path = (pts: readonly (readonly [number, number, ...unknown[]])[]) =>
    pts.map(([x, y], i) => `${i ? 'L' : 'M'}${px(x).toFixed(1)},${py(y).toFixed(1)}`).join('');
  return (
    <div className="traj-curve" data-testid="curve-drawer">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="traj-curve-area"
        data-testid="curve-area"
        role="img"
        aria-label={`Target curve y(x) over [${lo}, ${hi}]: drag to draw`}
        onPointerDown={onDown}
        onPointerMove={onMove}
        onPointerUp={onUp}
      >
        <line x1={PAD} x2={W - PAD} y1={py(0)} y2={py(0)} className="axis" />
        <line x1={px(lo)} x2={px(lo)} y1={PAD} y2={H - PAD} className="axis" />
        <text x={W - PAD} y={H - 6} textAnchor="end">
          x ∈ [{lo}, {hi}]
        </text>
        <text x={PAD + 4} y={PAD - 8}>
          y ∈ [{y0}, {y1}]
        </text>
        <path d={path(shown)} className="curve" />
        {shown.map(([x, y]) => (
          <circle key={x} cx={px(x)} cy={py(y)} r={2} className="curve-point" data-testid="curve-point" />
        ))}
        {live.length > 1 && <path d={path(live)} className="stroke" />}
      </svg>
      <div className="traj-curve-actions">
        <span className="muted" data-testid="curve-count">
          {shown.length} points
        </span>
        <button type="button" className="small" data-testid="curve-use" onClick={use} disabled={!curve}>
          Use this curve
        </button>
        <button
          type="button"
          className="small"
          data-testid="curve-reset"
          onClick={() => setCurve(null)}
          disabled={!curve}
        >
          Undo drawing
        </button>
      </div>
      {error && (
        <p className="traj-curve-error" role="alert" data-testid="curve-error">
          {error}
        </p>
      )}
    </div>
  );
}
