// One control: label (with the paper's symbol), input, and the field's message when its last edit was
// rejected. Numbers commit on blur or Enter (Escape reverts); selects and checkboxes commit at once.
import { useId, useState } from 'react';
import { type FieldSpec, parseNumberText } from './fields';

export interface FieldProps {
  spec: FieldSpec;
  /** The running value. */
  value: unknown;
  /** Draft of a rejected edit (shown instead of the running value), if any. */
  draft?: unknown;
  hasDraft: boolean;
  error?: string;
  onCommit: (path: string, value: unknown) => void;
  onHelp: (text: string | null, anchor: HTMLElement | null, immediate: boolean) => void;
}

function NumberInput(props: {
  id: string;
  shown: unknown;
  integer: boolean;
  step?: number;
  invalid: boolean;
  describedBy: string;
  onCommit: (v: number | string) => void;
}) {
  const [editing, setEditing] = useState<string | null>(null);
  const text = editing ?? (props.shown === undefined ? '' : String(props.shown));
  const commit = () => {
    if (editing === null) return;
    setEditing(null);
    if (editing.trim() !== String(props.shown)) props.onCommit(parseNumberText(editing));
  };
  return (
    <input
      id={props.id}
      type="text"
      inputMode={props.integer ? 'numeric' : 'decimal'}
      spellCheck={false}
      autoComplete="off"
      value={text}
      aria-invalid={props.invalid || undefined}
      aria-describedby={props.describedBy}
      onChange={(e) => setEditing(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
        else if (e.key === 'Escape') {
          setEditing(null);
          e.stopPropagation();
        } else if ((e.key === 'ArrowUp' || e.key === 'ArrowDown') && props.step) {
          // arrows nudge the value by the field's step and commit, like a spinner
          const v = Number(text);
          if (!Number.isFinite(v)) return;
          e.preventDefault();
          const next = Number((v + (e.key === 'ArrowUp' ? props.step : -props.step)).toPrecision(12));
          setEditing(null);
          props.onCommit(next);
        }
      }}
    />
  );
}

export function Field({ spec, value, draft, hasDraft, error, onCommit, onHelp }: FieldProps) {
  const id = useId();
  const helpId = `${id}-help`;
  const errId = `${id}-err`;
  const shown = hasDraft ? draft : value;
  const describedBy = error ? `${errId} ${helpId}` : helpId;
  const commit = (v: unknown) => onCommit(spec.path, v);
  const show = (e: React.SyntheticEvent<HTMLElement>, immediate: boolean) =>
    onHelp(spec.help, e.currentTarget, immediate);

  let input: React.ReactNode;
  if (spec.kind === 'checkbox') {
    input = (
      <input
        id={id}
        type="checkbox"
        checked={shown === true}
        aria-describedby={describedBy}
        aria-invalid={!!error || undefined}
        onChange={(e) => commit(e.target.checked)}
      />
    );
  } else if (spec.kind === 'select') {
    const options = spec.options ?? [];
    const known = options.includes(String(shown));
    input = (
      <select
        id={id}
        value={String(shown)}
        aria-describedby={describedBy}
        aria-invalid={!!error || undefined}
        onChange={(e) => commit(e.target.value)}
      >
        {!known && <option value={String(shown)}>{String(shown)}</option>}
        {options.map((o) => (
          <option key={o} value={o}>
            {spec.optionLabels?.[o] ?? o}
          </option>
        ))}
      </select>
    );
  } else {
    input = (
      <NumberInput
        id={id}
        shown={shown}
        integer={spec.kind === 'int'}
        step={spec.step}
        invalid={!!error}
        describedBy={describedBy}
        onCommit={commit}
      />
    );
  }

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: hover and focus only show the help bubble; the input inside is the control
    <div
      className={`field field-${spec.kind}${error ? ' has-error' : ''}`}
      data-field={spec.path}
      data-testid={`field-${spec.path}`}
      onMouseEnter={(e) => show(e, false)}
      onMouseLeave={() => onHelp(null, null, false)}
      onFocus={(e) => show(e, true)}
      onBlur={() => onHelp(null, null, true)}
    >
      <label htmlFor={id}>
        {spec.label}
        {spec.symbol && <span className="sym"> {spec.symbol}</span>}
      </label>
      {input}
      <span id={helpId} className="visually-hidden">
        {spec.help}
      </span>
      {error && (
        <p id={errId} className="field-error" role="alert" data-testid={`error-${spec.path}`}>
          {error}
        </p>
      )}
    </div>
  );
}
