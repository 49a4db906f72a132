// Your own data: paste or upload a CSV, choose the two input columns and the label column, see how many rows are
// used and which were refused (and why), then use them as the 'custom' data set. Nothing changes until "Use"
// succeeds. Also: download the current data set (any kind) as CSV. The parsing is pure (src/io/csv.ts).
import { useEffect, useMemo, useRef, useState } from 'react';
import { formatErrors } from '../../core/config';
import { makeDataset } from '../../core/data';
import {
  type ColumnChoice,
  datasetToCsv,
  parseCsvTable,
  tableToPoints,
  withCustomPoints,
} from '../../io/csv';
import { useExperiment } from '../../state/experiment';
import { usePresets } from '../../state/presets';
import { useRun } from '../../state/run';
import { download } from '../common/exporters';
import '../common/dialog.css';
import './csv-dialog.css';

/** Refused rows listed in the dialog (the count says how many more). */
const SHOWN_BAD = 12;

export function CustomDataButtons() {
  const [open, setOpen] = useState(false);
  return (
    <div className="custom-data-buttons">
      <button
        type="button"
        className="small"
        data-testid="csv-open"
        title="Paste or upload a CSV of 2-D points with a class column, and train on it"
        onClick={() => setOpen(true)}
      >
        Your data (CSV)…
      </button>
      <button
        type="button"
        className="small"
        data-testid="csv-export"
        title="Download the current data set (train and test rows) as CSV"
        onClick={() => {
          try {
            download(
              datasetToCsv(makeDataset(useExperiment.getState().config)),
              'ode-lens-data.csv',
              'text/csv',
            );
          } catch (e) {
            const why = e instanceof Error ? e.message : String(e);
            useRun.setState({ notice: { kind: 'error', text: `Could not export the data: ${why}.` } });
          }
        }}
      >
        Export CSV
      </button>
      {open && <CsvDialog onClose={() => setOpen(false)} />}
    </div>
  );
}

function CsvDialog({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement | null>(null);
  const file = useRef<HTMLInputElement | null>(null);
  const [text, setText] = useState('');
  const [cols, setCols] = useState<ColumnChoice>({ x1: 0, x2: 1, label: 2 });
  const [applyError, setApplyError] = useState<string | null>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal?.();
  }, []);

  const table = useMemo(() => (text.trim() === '' ? null : parseCsvTable(text)), [text]);
  // a new table: default to the first two columns as inputs and the last as the label
  const columns = table?.ok ? table.table.columns : [];
  useEffect(() => {
    const n = columns.length;
    if (n >= 3) setCols({ x1: 0, x2: 1, label: n - 1 });
  }, [columns.length]);
  const points = table?.ok ? tableToPoints(table.table, cols) : null;
  const error = table && !table.ok ? table.message : points && !points.ok ? points.message : null;

  const use = () => {
    if (!points?.ok) return;
    const r = withCustomPoints(useExperiment.getState().config, points.points);
    if (!r.ok) {
      setApplyError(formatErrors(r.errors));
      return;
    }
    useExperiment.getState().load(r.config);
    usePresets.setState({ active: null });
    onClose();
  };

  // columns are positional (names may repeat): the position is the identity
  const options = columns.map((name, index) => ({ key: `col-${index}`, name, index }));
  const select = (key: keyof ColumnChoice, label: string) => (
    <label className="csv-col">
      {label}
      <select
        data-testid={`csv-col-${key}`}
        value={cols[key]}
        onChange={(e) => setCols({ ...cols, [key]: Number(e.target.value) })}
      >
        {options.map((o) => (
          <option key={o.key} value={o.index}>
            {o.name}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <dialog
      ref={ref}
      className="csv-dialog"
      data-testid="csv-dialog"
      aria-labelledby="csv-dialog-title"
      onClose={onClose}
    >
      <header className="csv-dialog-header">
        <h2 id="csv-dialog-title">Your data: 2-D points with two classes</h2>
        <button type="button" className="btn-close" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </header>
      <div className="csv-dialog-body">
        <p className="muted">
          Paste CSV text or choose a file: numeric columns separated by commas, semicolons or tabs, an
          optional header row, at most 2000 rows, coordinates within ±100. The label column may hold any two
          values (the smaller becomes class 0). A quarter of the rows, picked by the seed, are held out for
          testing.
        </p>
        <div className="csv-row">
          <button type="button" className="small" onClick={() => file.current?.click()}>
            Choose file…
          </button>
          <input
            ref={file}
            type="file"
            accept=".csv,.tsv,.txt,text/csv,text/plain"
            hidden
            data-testid="csv-file-input"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (!f) return;
              setApplyError(null);
              setText(f.size > 2_000_000 ? '' : await f.text());
              if (f.size > 2_000_000) setApplyError(`the file has ${f.size} bytes (at most 2000000)`);
            }}
          />
        </div>
        <textarea
          className="csv-text"
          data-testid="csv-text"
          aria-label="CSV text"
          rows={8}
          spellCheck={false}
          placeholder={'x1,x2,label\n0.5,1.2,0\n-0.3,0.8,1'}
          value={text}
          onChange={(e) => {
            setApplyError(null);
            setText(e.target.value);
          }}
        />
        {columns.length > 0 && (
          <div className="csv-row">
            {select('x1', 'x₁')}
            {select('x2', 'x₂')}
            {select('label', 'class')}
          </div>
        )}
        <div className="csv-summary" data-testid="csv-summary" aria-live="polite">
          {error && (
            <p className="field-error" role="alert" data-testid="csv-error">
              {error}
            </p>
          )}
          {points?.ok && (
            <p data-testid="csv-used" data-count={points.points.length}>
              {points.points.length} rows used ({points.points.filter((p) => p[2] === 0).length} of class 0 “
              {points.classes[0]}”, {points.points.filter((p) => p[2] === 1).length} of class 1 “
              {points.classes[1]}”)
              {points.bad.length > 0 && `, ${points.bad.length} refused`}.
            </p>
          )}
          {points && points.bad.length > 0 && (
            <ul className="csv-bad" data-testid="csv-bad" data-count={points.bad.length}>
              {points.bad.slice(0, SHOWN_BAD).map((b) => (
                <li key={b.line}>
                  line {b.line}: {b.reason}
                </li>
              ))}
              {points.bad.length > SHOWN_BAD && <li>… and {points.bad.length - SHOWN_BAD} more</li>}
            </ul>
          )}
          {applyError && (
            <p className="field-error" role="alert" data-testid="csv-apply-error">
              {applyError}. Nothing was changed.
            </p>
          )}
        </div>
      </div>
      <footer className="csv-dialog-footer">
        <button type="button" className="small" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="btn" data-testid="csv-use" disabled={!points?.ok} onClick={use}>
          Use these points
        </button>
      </footer>
    </dialog>
  );
}
