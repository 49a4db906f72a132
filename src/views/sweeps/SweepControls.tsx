// The sweep's options: kind, metric, depth list (typed, or built as a geometric range), widths, training
// steps, precision, and Run / Cancel. Lists are edited as drafts; only a valid list reaches the store.
import { useEffect, useId, useState } from 'react';
import { MAX_DEPTH, MAX_WIDTH } from '../../core/config';
import { type SweepMetric, useExperiment } from '../../state/experiment';
import { geometricRange, type ListParse, parseIntList, rangeOf } from '../../sweep/lists';
import { metricsFor, sweepMetric } from '../../sweep/metrics';
import { plannedMetric } from '../../sweep/plan';

function ListField(props: {
  label: string;
  values: number[];
  max: number;
  what: string;
  onChange: (v: number[]) => void;
  disabled: boolean;
  testId: string;
}) {
  const { values, max, what, onChange } = props;
  const [text, setText] = useState(values.join(', '));
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  // follow the store when it changes from elsewhere (a link, the range builder)
  useEffect(() => {
    setText((t) => {
      const r = parseIntList(t, 1, max, what);
      return r.ok && r.values.join() === values.join() ? t : values.join(', ');
    });
    setError(null);
  }, [values, max, what]);
  const edit = (t: string) => {
    setText(t);
    const r: ListParse = parseIntList(t, 1, max, what);
    if (r.ok) {
      setError(null);
      if (r.values.join() !== values.join()) onChange(r.values);
    } else setError(r.message);
  };
  return (
    <label className="sweep-field sweep-list" htmlFor={id}>
      <span>{props.label}</span>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        value={text}
        disabled={props.disabled}
        aria-invalid={!!error}
        aria-describedby={error ? `${id}-err` : undefined}
        data-testid={props.testId}
        onChange={(e) => edit(e.target.value)}
        placeholder="4, 8, 16, 32"
      />
      {error && (
        <span className="sweep-error" id={`${id}-err`} role="alert">
          {error}
        </span>
      )}
    </label>
  );
}

function RangeBuilder(props: { values: number[]; onFill: (v: number[]) => void; disabled: boolean }) {
  // the fields start from the listed depths and follow the list when it changes (typed, a link, a preset)
  const listed = rangeOf(props.values);
  const [from, setFrom] = useState(listed.from);
  const [to, setTo] = useState(listed.to);
  const [ratio, setRatio] = useState(listed.ratio);
  const key = props.values.join(',');
  useEffect(() => {
    const r = rangeOf(key ? key.split(',').map(Number) : []);
    setFrom(r.from);
    setTo(r.to);
    setRatio(r.ratio);
  }, [key]);
  const range = geometricRange(from, to, ratio);
  return (
    <div
      className="sweep-range"
      title="Fill the depth list with a geometric range (even spacing on log axes)"
    >
      <span>range</span>
      <input
        type="number"
        min={1}
        max={MAX_DEPTH}
        value={from}
        aria-label="range from"
        disabled={props.disabled}
        onChange={(e) => setFrom(Math.max(1, Math.round(Number(e.target.value) || 1)))}
      />
      <span>to</span>
      <input
        type="number"
        min={1}
        max={MAX_DEPTH}
        value={to}
        aria-label="range to"
        disabled={props.disabled}
        onChange={(e) => setTo(Math.min(MAX_DEPTH, Math.max(1, Math.round(Number(e.target.value) || 1))))}
      />
      <select
        value={ratio}
        aria-label="range ratio"
        disabled={props.disabled}
        onChange={(e) => setRatio(Number(e.target.value))}
      >
        <option value={2}>×2</option>
        <option value={Math.SQRT2}>×√2</option>
        <option value={4}>×4</option>
      </select>
      <button
        type="button"
        disabled={props.disabled || range.length < 2}
        onClick={() => props.onFill(range)}
        title={range.join(', ')}
      >
        Fill
      </button>
    </div>
  );
}

export function SweepControls(props: {
  running: boolean;
  canRun: boolean;
  onRun: () => void;
  onCancel: () => void;
}) {
  const opts = useExperiment((s) => s.views.sweep);
  const setView = useExperiment((s) => s.setView);
  const set = (patch: Partial<typeof opts>) => setView('sweep', patch);
  const { running } = props;
  const grid = opts.kind === 'widthDepth';
  const metric = plannedMetric(opts);
  // the metrics of a kind of sweep: choosing the kind keeps the metric if it fits, else takes the first
  const choices = metricsFor(opts.kind);
  return (
    <div className="sweep-controls">
      <label className="sweep-field">
        <span>Sweep over</span>
        <select
          value={opts.kind}
          disabled={running}
          data-testid="sweep-kind"
          onChange={(e) => {
            const kind = e.target.value as typeof opts.kind;
            const fits = sweepMetric(opts.metric).sweep === kind;
            set({ kind, metric: fits ? opts.metric : metricsFor(kind)[0].id });
          }}
        >
          <option value="depth">depth N</option>
          <option value="widthDepth">depth L × width M (mean ODE)</option>
        </select>
      </label>
      <label className="sweep-field">
        <span>Measure</span>
        <select
          value={metric.id}
          disabled={running || choices.length < 2}
          data-testid="sweep-metric"
          title={metric.title}
          onChange={(e) => set({ metric: e.target.value as SweepMetric })}
        >
          {choices.map((m) => (
            <option key={m.id} value={m.id} title={m.title}>
              {m.label}
            </option>
          ))}
        </select>
      </label>
      <div className="sweep-depths">
        <ListField
          label={grid ? 'Depths L' : 'Depths N'}
          values={opts.depths}
          max={MAX_DEPTH}
          what="depths"
          disabled={running}
          testId="sweep-depths"
          onChange={(depths) => set({ depths })}
        />
        <RangeBuilder disabled={running} values={opts.depths} onFill={(depths) => set({ depths })} />
      </div>
      {grid && (
        <ListField
          label="Widths M"
          values={opts.widths}
          max={MAX_WIDTH}
          what="widths"
          disabled={running}
          testId="sweep-widths"
          onChange={(widths) => set({ widths })}
        />
      )}
      <label
        className="sweep-field sweep-narrow"
        title="Train every network this many steps before measuring (same seed, data and batches)"
      >
        <span>Train steps</span>
        <input
          type="number"
          min={0}
          max={100000}
          step={10}
          value={opts.trainSteps}
          disabled={running}
          data-testid="sweep-train-steps"
          onChange={(e) =>
            set({ trainSteps: Math.min(100000, Math.max(0, Math.round(Number(e.target.value) || 0))) })
          }
        />
      </label>
      <fieldset className="sweep-field sweep-precision" disabled={running}>
        <legend>Precision</legend>
        <label title="WebGPU, float32: fast; errors floor near 1e-6 relative">
          <input
            type="radio"
            name="sweep-precision"
            checked={opts.precision === 'gpu'}
            onChange={() => set({ precision: 'gpu' })}
            data-testid="sweep-precision-gpu"
          />
          GPU · float32
        </label>
        <label title="float64 reference engine in a worker: slower, precise slopes">
          <input
            type="radio"
            name="sweep-precision"
            checked={opts.precision === 'cpu'}
            onChange={() => set({ precision: 'cpu' })}
            data-testid="sweep-precision-cpu"
          />
          CPU · float64
        </label>
      </fieldset>
      <div className="sweep-actions">
        <button
          type="button"
          className="sweep-run"
          disabled={running || !props.canRun}
          onClick={props.onRun}
          data-testid="sweep-run"
        >
          Run sweep
        </button>
        <button type="button" disabled={!running} onClick={props.onCancel} data-testid="sweep-cancel">
          Cancel
        </button>
      </div>
    </div>
  );
}
