// Trajectories through depth (Sander et al., Fig. 1): x_n against s = n/N in 1-D, the phase plane in 2-D, a
// PCA plane beyond; the interpolated neural ODE dashed on top, crossings marked (an ODE flow has none),
// particles flowing from s = 0 to 1, hover values, and PNG/SVG/CSV exports from the same draw function.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { isClassification } from '../../core/config';
import { netSpec } from '../../core/params';
import { useExperiment } from '../../state/experiment';
import { type Snapshot, useRun } from '../../state/run';
import { useTheme } from '../../state/theme';
import { formatNumber } from '../common/format';
import { Panel } from '../common/Panel';
import { useCanvas } from '../common/useCanvas';
import { useFrameJob } from '../common/useFrameJob';
import { useStableExtent } from '../common/useStableExtent';
import { trajectoriesCsv } from './csv';
import {
  crossingText,
  drawOverlay,
  drawTrajectories,
  type TrajOptions,
  toScreen,
  trajGeometry,
  trajTitle,
} from './draw';
import {
  buildTrajModel,
  formatPercent,
  formatVector,
  nearestTrajectory,
  type TrajModel,
  valueAtLayer,
} from './model';
import './trajectories.css';
import { withCustomPoints } from '../../io/csv';
import { usePresets } from '../../state/presets';
import { CurveDrawer } from './CurveDrawer';
import { capsText } from './caps';
import { canDrawCurve } from './curve';
import { addPoint, canDraw, erasePoints, startingPoints } from './drawing';
import { useTrajectoryAnalysis } from './useAnalysis';

/** Eraser radius in pixels. */
const ERASE_PX = 12;

/** Seconds for a particle to flow from s = 0 to the last layer. */
const PERIOD_MS = 3200;
const FAN_SIZES = [8, 16, 24, 48, 96];

interface Hover {
  i: number;
  u: number;
  px: number;
  py: number;
}

function Toggle(props: {
  label: string;
  title: string;
  checked: boolean;
  disabled?: boolean;
  onChange: (v: boolean) => void;
}) {
  return (
    <label className={`traj-toggle${props.disabled ? ' is-disabled' : ''}`} title={props.title}>
      <input
        type="checkbox"
        checked={props.checked && !props.disabled}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      {props.label}
    </label>
  );
}

/** Whether a snapshot has the shape the current config implies (it lags a config change by one load). */
function fits(s: Snapshot, spec: ReturnType<typeof netSpec>): boolean {
  return (
    s.trajectories.length === (spec.steps + 1) * s.F * spec.d &&
    s.fanX.length === s.F * spec.inputDim &&
    s.F > 0 &&
    // the residual sets: absent when the overlay was off at that snapshot (the overlay waits for the next)
    (s.weights.residual === null || s.weights.residual.length === spec.P * spec.setSize)
  );
}

export function TrajectoriesView() {
  const config = useExperiment((s) => s.config);
  const opts = useExperiment((s) => s.views.trajectories);
  const setView = useExperiment((s) => s.setView);
  const latest = useRun((s) => s.snapshot);
  const status = useRun((s) => s.status);
  const spec = useMemo(() => netSpec(config), [config]);
  const classification = isClassification(config);
  // the ODE overlay and the PCA plane come from a worker: the snapshot drawn is the newest one they are done for
  const shown = useTrajectoryAnalysis(latest, spec, opts.showOde, fits);
  // its model (50k points at depth 2048) is built in an animation frame of its own, not in this render: the
  // view shows the last model that is ready, with the snapshot and analysis it was built from (issue 13)
  const built = useFrameJob(() => {
    if (!shown || !fits(shown.snapshot, spec)) return null;
    const { snapshot, heavy } = shown;
    const L = spec.steps + 1;
    const ode = heavy.ode && heavy.ode.length === L * snapshot.F * spec.d ? heavy.ode : null;
    const model: TrajModel = buildTrajModel({
      spec,
      dataKind: config.data.kind,
      classification,
      weights: snapshot.weights,
      fanX: snapshot.fanX,
      F: snapshot.F,
      fanLabels: snapshot.fanLabels,
      trajectories: snapshot.trajectories,
      ode,
      grid: snapshot.views.trajectories,
      embed: spec.inputDim === 2 && spec.d === 2 ? snapshot.weights.embed : null,
      projected: heavy.pca,
      crossings: heavy.crossings,
    });
    return { snapshot, heavy, model };
  }, [shown, spec, config.data.kind, classification]);
  const current = built && fits(built.snapshot, spec) ? built : null;
  const snapshot = current?.snapshot ?? null;
  const heavy = current?.heavy ?? null;
  // the read-outs cut to their cost: said by the badge and by an exported image's caption, in the same words
  const caps = snapshot ? capsText(snapshot) : null;
  // the axes change only with hysteresis (a new experiment or the Re-fit button fits them again)
  const [refit, setRefit] = useState(0);
  const fitted = current?.model ?? null;
  const model = useStableExtent(fitted, config, refit, fitted?.mode === 'line');

  const regionsAvailable = spec.d === 2 && spec.inputDim === 2;
  const drawOpts: TrajOptions = useMemo(
    () => ({
      showOde: opts.showOde,
      highlightCrossings: opts.highlightCrossings,
      regions: opts.regions && regionsAvailable,
      step: snapshot?.step ?? 0,
    }),
    [opts.showOde, opts.highlightCrossings, opts.regions, regionsAvailable, snapshot?.step],
  );
  const message =
    status === 'lost'
      ? 'The run stopped (see the message above)'
      : status === 'building' || (latest && !model && fits(latest, spec))
        ? 'Building the run…'
        : latest && !model
          ? // a snapshot read while this view was closed has no fan: the next one (at once when resting) does
            'Reading the trajectories…'
          : 'No run yet';
  const draw = useCallback(
    (ctx: CanvasRenderingContext2D, w: number, h: number) =>
      drawTrajectories(ctx, w, h, model, drawOpts, message),
    [model, drawOpts, message],
  );
  const { ref, size, cssSize, scale, toLocal } = useCanvas(draw, [draw]);
  const palette = useTheme((s) => s.palette);
  const reducedMotion = useTheme((s) => s.reducedMotion);

  // the model's screen positions (particles, hover) in a frame of their own too; used only while they belong to
  // the model and size shown
  const placed = useFrameJob(() => {
    if (!model || size.width === 0) return null;
    const geom = trajGeometry(size.width, size.height, model);
    return { model, size, geom, screen: toScreen(geom, model.xy) };
  }, [model, size]);
  const fresh = placed && placed.model === model && placed.size === size ? placed : null;
  const geom = fresh?.geom ?? null;
  const screen = fresh?.screen ?? null;

  // overlay: particles (requestAnimationFrame, paused while the tab is hidden) and the hovered trajectory
  const overlayRef = useRef<HTMLCanvasElement | null>(null);
  const [hover, setHover] = useState<Hover | null>(null);
  const startRef = useRef(performance.now());
  // biome-ignore lint/correctness/useExhaustiveDependencies: repaint with the theme's colours (drawOverlay reads them)
  useEffect(() => {
    const canvas = overlayRef.current;
    if (!canvas || size.width === 0) return;
    const dpr = window.devicePixelRatio || 1;
    const W = Math.round(cssSize.width * dpr);
    const H = Math.round(cssSize.height * dpr);
    if (canvas.width !== W || canvas.height !== H) {
      canvas.width = W;
      canvas.height = H;
      canvas.style.width = `${cssSize.width}px`;
      canvas.style.height = `${cssSize.height}px`;
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const paint = (phase: number | null) => {
      // the static figure's scale (presentation mode), so the overlay lands on it
      ctx.setTransform(dpr * scale, 0, 0, dpr * scale, 0, 0);
      ctx.clearRect(0, 0, size.width, size.height);
      if (model && geom && screen) drawOverlay(ctx, geom, model, screen, { phase, hover });
    };
    // prefers-reduced-motion: the particles stand still at the inputs (the toggle stays, as a promise kept)
    const animate = opts.particles && !!model && model.L > 1 && !reducedMotion;
    if (!animate) {
      canvas.dataset.particles = 'off';
      paint(null);
      return;
    }
    let raf = 0;
    let running = false;
    const frame = (t: number) => {
      const phase = ((t - startRef.current) / PERIOD_MS) % 1;
      paint(phase < 0 ? phase + 1 : phase);
      raf = requestAnimationFrame(frame);
    };
    const start = () => {
      if (running || document.hidden) return;
      running = true;
      canvas.dataset.particles = 'running';
      raf = requestAnimationFrame(frame);
    };
    const stop = () => {
      running = false;
      canvas.dataset.particles = 'paused';
      cancelAnimationFrame(raf);
    };
    const onVisibility = () => (document.hidden ? stop() : start());
    document.addEventListener('visibilitychange', onVisibility);
    paint(0);
    start();
    return () => {
      stop();
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [model, geom, screen, size, cssSize, scale, palette, reducedMotion, opts.particles, hover]);

  // drawing your own points: click adds class 0, shift-click class 1, alt-click/drag erases (applied on release)
  const [drawing, setDrawing] = useState(false);
  const drawable = canDraw(config) && model?.mode === 'plane';
  // 1-D data: draw the target curve y(x) instead (its own area under the plot)
  const curveDrawable = canDrawCurve(config);
  const eraser = useRef<[number, number][] | null>(null);
  const planeAt = (e: React.PointerEvent<HTMLDivElement>): [number, number] | null => {
    if (!geom) return null;
    const { px, py } = toLocal(e);
    return [geom.x.invert(px), geom.y.invert(py)];
  };
  const applyPoints = (points: ReturnType<typeof startingPoints>) => {
    const r = withCustomPoints(useExperiment.getState().config, points);
    if (!r.ok) return; // e.g. erased below two points: nothing changes
    useExperiment.getState().load(r.config);
    usePresets.setState({ active: null });
  };
  const onDown = (e: React.PointerEvent<HTMLDivElement>) => {
    if (!drawing || !drawable || !geom) return;
    const at = planeAt(e);
    if (!at) return;
    e.preventDefault();
    if (e.altKey) {
      eraser.current = [at];
      e.currentTarget.setPointerCapture?.(e.pointerId);
      return;
    }
    applyPoints(addPoint(startingPoints(config), at[0], at[1], e.shiftKey ? 1 : 0));
  };
  const onUp = () => {
    const path = eraser.current;
    eraser.current = null;
    if (!path || !geom) return;
    const radius = Math.abs(geom.x.invert(ERASE_PX) - geom.x.invert(0));
    const before = startingPoints(config);
    const after = erasePoints(before, path, radius);
    if (after.length !== before.length) applyPoints(after);
  };

  const onMove = (e: React.PointerEvent<HTMLDivElement>) => {
    if (eraser.current) {
      const at = planeAt(e);
      if (at) eraser.current.push(at);
      return;
    }
    if (!model || !geom || !screen) return;
    const { px, py } = toLocal(e);
    const hit = nearestTrajectory(screen, model.L, model.F, px, py, 14);
    if (!hit) {
      if (hover) setHover(null);
      return;
    }
    // in 1-D the pointer's depth is read off the x axis
    const u = model.mode === 'line' ? Math.min(model.L - 1, Math.max(0, geom.x.invert(px) * model.N)) : hit.u;
    setHover({ i: hit.i, u, px, py });
  };

  // toggles that change what the snapshot carries (ODE, regions, fan): a resting run reads a new snapshot at
  // once, as for any change of what the open views need (src/app/wiring.ts)
  const setAndRefresh = (patch: Partial<typeof opts>) => setView('trajectories', patch);

  const crossing = model ? crossingText(model) : null;
  const exportSize =
    size.width > 0 ? { width: Math.max(size.width, 640), height: Math.max(size.height, 400) } : undefined;

  return (
    <Panel
      id="trajectories"
      title="Trajectories through depth"
      hint={
        <>
          Each line follows one input x_0 through the layers to x_S (depth s = n/N). The trajectories of a
          neural ODE never cross, so a crossing (red ring) means the ResNet is not the discretization of an
          ODE flow. Dashed: the neural ODE with the same weights interpolated in depth.
        </>
      }
      toolbar={
        <>
          <Toggle
            label="ODE overlay"
            title="Overlay the neural ODE whose weights interpolate θ_n in depth (dashed)"
            checked={opts.showOde}
            onChange={(v) => setAndRefresh({ showOde: v })}
          />
          <Toggle
            label="Crossings"
            title="Mark where trajectories cross (an ODE flow cannot)"
            checked={opts.highlightCrossings}
            disabled={spec.d > 2}
            onChange={(v) => setView('trajectories', { highlightCrossings: v })}
          />
          <Toggle
            label="Particles"
            title="Animate one particle per input flowing from s = 0 to s = 1"
            checked={opts.particles}
            onChange={(v) => setView('trajectories', { particles: v })}
          />
          <Toggle
            label="Regions"
            title={
              regionsAvailable
                ? 'Decision regions of the model behind the phase plane'
                : 'Regions need 2-D inputs and d = 2'
            }
            checked={opts.regions}
            disabled={!regionsAvailable}
            onChange={(v) => setAndRefresh({ regions: v })}
          />
          <Toggle
            label="Draw"
            title={
              curveDrawable
                ? 'Draw your own 1-D target curve y(x): drag in the area under the plot, then use it (the data set becomes curve)'
                : drawable
                  ? 'Draw your own points: click adds class 0, shift-click class 1, alt-click or alt-drag erases (the data set becomes custom)'
                  : 'Drawing needs 2-D classification data with d = 2 and the pad embedding, or 1-D data (a target curve)'
            }
            checked={drawing}
            disabled={!drawable && !curveDrawable}
            onChange={setDrawing}
          />
          <button
            type="button"
            className="traj-refit"
            data-testid="trajectories-refit"
            title="Fit the axes to the trajectories now (they otherwise grow at once and shrink only after a while)"
            onClick={() => setRefit((r) => r + 1)}
          >
            Re-fit axes
          </button>
          <label
            className="traj-select"
            title="Number of inputs drawn (1-D data; classification shows ≥ 64 points)"
          >
            fan
            <select value={opts.fan} onChange={(e) => setAndRefresh({ fan: Number(e.target.value) })}>
              {[...new Set([...FAN_SIZES, opts.fan])]
                .sort((a, b) => a - b)
                .map((f) => (
                  <option key={f} value={f}>
                    {f}
                  </option>
                ))}
            </select>
          </label>
        </>
      }
      exports={{
        name: 'trajectories',
        draw: (ctx, w, h) => drawTrajectories(ctx, w, h, model, drawOpts, message),
        shown: snapshot,
        note: caps,
        size: exportSize,
        csv:
          snapshot && model
            ? () =>
                trajectoriesCsv(
                  snapshot.trajectories,
                  model.odeXy ? (heavy?.ode ?? null) : null,
                  model.L,
                  model.F,
                  model.d,
                  model.N,
                  snapshot.fanLabels,
                )
            : undefined,
      }}
    >
      <div className="traj-status" data-testid="trajectories-status" aria-live="polite">
        {model && crossing && (
          <span
            className={`traj-badge ${model.crossings ? (crossing.bad ? 'is-bad' : 'is-ok') : ''}`}
            data-testid="trajectories-crossings"
            data-count={model.crossings?.count ?? ''}
            title="Segments of two trajectories that meet between the same layers n → n+1 (1-D: pairs whose order flips)"
          >
            {crossing.text}
          </span>
        )}
        {caps && (
          <span
            className="traj-badge"
            data-testid="trajectories-caps"
            title="The read-outs for this view are limited by their cost on this engine: a pass through this deep net is expensive"
          >
            {caps}
          </span>
        )}
        {model?.pca && (
          <span className="traj-badge" data-testid="trajectories-pca">
            PCA of {model.pca.dims} dims, {formatPercent(model.pca.explained)} variance
          </span>
        )}
        {model && opts.showOde && (
          <span className="traj-badge" data-testid="trajectories-ode-distance">
            {model.odeDistance
              ? `max ‖x_n − x(s_n)‖ = ${formatNumber(model.odeDistance.max)} (${formatPercent(model.odeDistance.relative)} of the states' spread)`
              : (heavy?.odeNote ?? 'ODE: solving…')}
          </span>
        )}
      </div>
      <div
        className={`traj-plot${drawing && drawable ? ' is-drawing' : ''}`}
        onPointerDown={onDown}
        onPointerUp={onUp}
        onPointerMove={onMove}
        onPointerLeave={() => setHover(null)}
        data-testid="trajectories-plot"
      >
        <canvas
          ref={ref}
          className="traj-canvas"
          data-testid="trajectories-canvas"
          role="img"
          data-step={model ? drawOpts.step : undefined}
          aria-label={model ? `${trajTitle(model, drawOpts.step)}: ${crossing?.text}` : message}
        />
        <canvas
          ref={overlayRef}
          className="traj-canvas traj-overlay"
          data-testid="trajectories-overlay"
          aria-hidden
        />
        {hover && model && snapshot && (
          <Tooltip
            hover={hover}
            model={model}
            snapshot={snapshot}
            ode={heavy?.ode ?? null}
            width={size.width}
            scale={scale}
          />
        )}
      </div>
      {drawing && curveDrawable && <CurveDrawer />}
    </Panel>
  );
}

function Tooltip({
  hover,
  model,
  snapshot,
  ode,
  width,
  scale,
}: {
  hover: Hover;
  model: TrajModel;
  snapshot: Snapshot;
  ode: Float64Array | null;
  /** In drawing units, like hover's px and py; `scale` takes them to CSS pixels. */
  width: number;
  scale: number;
}) {
  const { i, u } = hover;
  const { L, F, N, d } = model;
  const last = model.stateAt(i, L - 1);
  const n = Math.round(u);
  const crossingsOfI = model.crossings?.points.filter((c) => c.i === i || c.j === i).length ?? 0;
  const [hx, hy, cssWidth] = [hover.px * scale, hover.py * scale, width * scale];
  const left = hx + 16 + 260 > cssWidth ? hx - 16 - 260 : hx + 16;
  return (
    <div className="traj-tip" style={{ left: Math.max(0, left), top: Math.max(0, hy - 10) }} role="tooltip">
      <div className="traj-tip-title">
        <span className="traj-swatch" style={{ background: model.colors[i] }} />
        {model.inputText(i)}
      </div>
      <div>
        output x_S = {d === 1 ? formatNumber(last[0]) : formatVector(last)}
        {model.targets && Number.isFinite(model.targets[i]?.y) && (
          <> (target {formatNumber(model.targets[i].y)})</>
        )}
      </div>
      {model.mode === 'line' ? (
        <div>
          at s = {formatNumber(u / N)}: x = {formatNumber(valueAtLayer(snapshot.trajectories, L, F, i, u))}
          {model.odeXy && ode && <>, ODE {formatNumber(valueAtLayer(ode, L, F, i, u))}</>}
        </div>
      ) : (
        <div>
          layer n = {n} (s = {formatNumber(n / N)}): {formatVector(model.stateAt(i, n))}
        </div>
      )}
      {crossingsOfI > 0 && <div className="traj-tip-bad">crosses other trajectories {crossingsOfI}×</div>}
    </div>
  );
}
