// Compare runs: the pinned runs (rename, unpin, pick the one to compare), the picked one beside the current run
// with shared axes and colour scales, and what differs: config fields and final numbers.
import { useCallback, useMemo, useState } from 'react';
import { configDiff, finalDeltas } from '../../compare/diff';
import { finalNumbers, MAX_PINS, type Pin } from '../../compare/pin';
import { pinSnapshot } from '../../compare/pin-snapshot';
import { pinStyle } from '../../compare/style';
import { useExperiment } from '../../state/experiment';
import { pinCurrentRun, renamePin, unpin, usePins } from '../../state/pins';
import { useRun } from '../../state/run';
import type { Draw } from '../common/exporters';
import { formatNumber } from '../common/format';
import { Panel } from '../common/Panel';
import { useCanvas } from '../common/useCanvas';
import { seriesColors } from '../curves/series';
import { drawCompare, figuresOf, type Side } from './draw';
import './compare.css';

/** Height of one figure's row (px), by the canvas width: two panels side by side, or stacked when narrow. */
const figureHeight = (width: number) => (width > 0 && width < 560 ? 2 * 250 : 300);

function PinItem({
  pin,
  index,
  selected,
  onSelect,
}: {
  pin: Pin;
  index: number;
  selected: boolean;
  onSelect: () => void;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const { color } = pinStyle(index);
  return (
    <li className={`pin-item${selected ? ' selected' : ''}`} data-testid="pin-item" data-pin-id={pin.id}>
      <span className="pin-swatch" style={{ background: color }} aria-hidden="true" />
      <input
        className="pin-label"
        aria-label={`Name of pinned run ${index + 1}`}
        data-testid="pin-label"
        value={draft ?? pin.label}
        maxLength={80}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => {
          if (draft !== null) renamePin(pin.id, draft);
          setDraft(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') e.currentTarget.blur();
          if (e.key === 'Escape') {
            setDraft(null);
            e.currentTarget.blur();
          }
        }}
      />
      <span className="pin-facts">
        step {pin.final.step.toLocaleString('en-US')} · train loss {formatNumber(pin.final.trainLoss)}
      </span>
      <button
        type="button"
        className="btn"
        aria-pressed={selected}
        data-testid="pin-select"
        title="Set this pinned run beside the current one"
        onClick={onSelect}
      >
        {selected ? 'Compared' : 'Compare'}
      </button>
      <button
        type="button"
        className="btn"
        data-testid="pin-remove"
        title="Unpin this run"
        onClick={() => unpin(pin.id)}
      >
        Unpin
      </button>
    </li>
  );
}

/** The side-by-side figures (mounted with the first pin, so the canvas is measured once it exists). */
function Pictures({ draw, figures, label }: { draw: Draw; figures: number; label: string }) {
  const { ref, size } = useCanvas(draw, [draw]);
  return (
    <div className="plot plot-compare" style={{ height: Math.max(1, figures) * figureHeight(size.width) }}>
      <canvas
        ref={ref}
        data-testid="compare-canvas"
        role="img"
        aria-label={`${label}: trajectories, decision regions and weight norms on shared scales`}
      />
    </div>
  );
}

export function CompareView() {
  const pins = usePins((s) => s.pins);
  const message = usePins((s) => s.message);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const pin: Pin | null = pins.find((p) => p.id === selectedId) ?? pins.at(-1) ?? null;
  const pinIndex = pin ? pins.indexOf(pin) : 0;

  const config = useExperiment((s) => s.config);
  const snapshot = useRun((s) => s.snapshot);
  const step = useRun((s) => s.step);
  const loss = useRun((s) => s.loss);
  const losses = useRun((s) => s.losses);
  const evals = useRun((s) => s.evals);
  const gradErrors = useRun((s) => s.gradErrors);
  const current = useMemo(() => (snapshot ? pinSnapshot(snapshot) : null), [snapshot]);
  const final = useMemo(
    () => finalNumbers({ step, loss, losses, evals, gradErrors }),
    [step, loss, losses, evals, gradErrors],
  );
  const diffs = useMemo(() => (pin ? configDiff(pin.config, config) : []), [pin, config]);
  const deltas = pin ? finalDeltas(pin.final, final) : [];

  const sides = useMemo((): [Side, Side] => {
    const a: Side = {
      title: pin ? `pinned: ${pin.label} (step ${pin.final.step.toLocaleString('en-US')})` : 'no pinned run',
      snap: pin?.snapshot ?? null,
      color: pinStyle(pinIndex).color,
    };
    const b: Side = {
      title: `current run (step ${(current?.step ?? step).toLocaleString('en-US')})`,
      snap: current,
      color: seriesColors().train,
    };
    return [a, b];
  }, [pin, pinIndex, current, step]);
  const figures = figuresOf(sides[0].snap, sides[1].snap).length;
  const draw = useCallback(
    (ctx: CanvasRenderingContext2D, w: number, h: number) => drawCompare(ctx, w, h, sides[0], sides[1]),
    [sides],
  );

  return (
    <Panel
      id="compare"
      title="Compare runs"
      hint={
        <>
          Pin a run, change the experiment and train again: the pinned run stays beside the current one, on
          the same axes and colour scales, with the settings and final numbers that differ. Pinned runs also
          show on the training curves.
        </>
      }
      toolbar={
        <button
          type="button"
          className="btn"
          data-testid="compare-pin"
          title={`Pin the current run (at most ${MAX_PINS})`}
          onClick={() => pinCurrentRun()}
        >
          Pin current run
        </button>
      }
      exports={
        pin
          ? {
              name: 'compare-runs',
              draw,
              size: { width: 1200, height: Math.max(1, figures) * figureHeight(1200) },
            }
          : undefined
      }
    >
      {message && (
        <p className="pin-message" role="status" data-testid="compare-message">
          {message}
        </p>
      )}
      {pins.length === 0 ? (
        <p className="compare-empty" data-testid="compare-empty">
          No pinned runs yet. Train a few steps, press “Pin current run” (or “Pin run” on the training
          curves), then change a setting and train again.
        </p>
      ) : (
        <>
          <ul className="pin-list" aria-label="Pinned runs" data-testid="pin-list">
            {pins.map((p, k) => (
              <PinItem
                key={p.id}
                pin={p}
                index={k}
                selected={p === pin}
                onSelect={() => setSelectedId(p.id)}
              />
            ))}
          </ul>
          <div className="compare-tables">
            <table className="compare-table" data-testid="compare-diff">
              <caption>Settings that differ</caption>
              <thead>
                <tr>
                  <th scope="col">Setting</th>
                  <th scope="col">Pinned</th>
                  <th scope="col">Current</th>
                </tr>
              </thead>
              <tbody>
                {diffs.length === 0 ? (
                  <tr>
                    <td colSpan={3} className="muted">
                      Same settings
                    </td>
                  </tr>
                ) : (
                  diffs.map((d) => (
                    <tr key={d.path} data-testid="compare-diff-row" data-path={d.path}>
                      <th scope="row">{d.label}</th>
                      <td>{d.a}</td>
                      <td>{d.b}</td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
            <table className="compare-table" data-testid="compare-finals">
              <caption>Final numbers</caption>
              <thead>
                <tr>
                  <th scope="col" />
                  <th scope="col">Pinned</th>
                  <th scope="col">Current</th>
                  <th scope="col">Change</th>
                </tr>
              </thead>
              <tbody>
                {deltas.map((d) => (
                  <tr key={d.name} data-testid="compare-final-row">
                    <th scope="row">{d.name}</th>
                    <td>{d.name === 'Step' ? d.a.toLocaleString('en-US') : formatNumber(d.a)}</td>
                    <td>{d.name === 'Step' ? d.b.toLocaleString('en-US') : formatNumber(d.b)}</td>
                    <td>{d.delta}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pictures draw={draw} figures={figures} label={`${sides[0].title} beside ${sides[1].title}`} />
        </>
      )}
    </Panel>
  );
}
