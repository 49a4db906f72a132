// The sidebar: every config field, grouped, with help on hover/focus, inline messages for rejected edits,
// the seed, and the facts that follow from the model settings.
import { useEffect, useRef, useState } from 'react';
import { defaultConfig, type ExperimentConfig, isClassification } from '../../core/config';
import { scheme } from '../../schemes';
import { getPath, useExperiment } from '../../state/experiment';
import { CustomDataButtons } from '../io/CsvDialog';
import { planCommit } from './commit';
import { derivedFacts, usedSetsText } from './derived';
import { Field } from './Field';
import { ALL_FIELDS, type FieldGroup, fieldApplies, GROUPS } from './fields';
import './controls.css';

interface Help {
  text: string;
  top: number;
  left: number;
}

const HELP_WIDTH = 300;
/** The phone layout's breakpoint (app.css and controls.css use the same width). */
const PHONE_QUERY = '(max-width: 600px)';
const HOVER_DELAY_MS = 350;

/** Where the help bubble goes for this field: right of the sidebar when there is room, else under the field. */
function helpAt(text: string, anchor: HTMLElement): Help {
  const r = anchor.getBoundingClientRect();
  const roomRight = window.innerWidth - r.right > HELP_WIDTH + 16;
  return {
    text,
    // under the field: kept inside a narrow screen (a phone) rather than running off its right edge
    left: roomRight ? r.right + 10 : Math.max(8, Math.min(r.left, window.innerWidth - HELP_WIDTH - 8)),
    top: roomRight ? Math.max(8, r.top) : r.bottom + 6,
  };
}

function useHelpBubble() {
  const [help, setHelp] = useState<Help | null>(null);
  const timer = useRef<number | undefined>(undefined);
  // the field the bubble points at: the bubble is position: fixed, so it is placed again when the page scrolls
  // or resizes (a phone scrolls the focused field into view above its keyboard); else it stays where the field
  // was and covers the fields that scroll under it
  const anchorRef = useRef<HTMLElement | null>(null);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  const text = help?.text;
  useEffect(() => {
    if (!text) return;
    const follow = () => {
      if (anchorRef.current?.isConnected) setHelp(helpAt(text, anchorRef.current));
      else setHelp(null);
    };
    window.addEventListener('scroll', follow, { capture: true, passive: true });
    window.addEventListener('resize', follow);
    return () => {
      window.removeEventListener('scroll', follow, { capture: true });
      window.removeEventListener('resize', follow);
    };
  }, [text]);
  const onHelp = (text: string | null, anchor: HTMLElement | null, immediate: boolean) => {
    window.clearTimeout(timer.current);
    anchorRef.current = anchor;
    if (!text || !anchor) {
      setHelp(null);
      return;
    }
    if (immediate) setHelp(helpAt(text, anchor));
    else timer.current = window.setTimeout(() => setHelp(helpAt(text, anchor)), HOVER_DELAY_MS);
  };
  return { help, onHelp };
}

function DerivedBox({ config }: { config: ExperimentConfig }) {
  const f = derivedFacts(config);
  const conv = config.model.convention;
  return (
    <div className="derived" data-testid="derived-facts">
      <dl>
        <div>
          <dt title="Residual steps taken by the forward pass">steps S</dt>
          <dd data-testid="derived-steps">{f.steps.toLocaleString('en-US')}</dd>
        </div>
        <div>
          <dt title="Parameter sets θ₀ … θ_{P−1} at sₙ = n/N">sets P</dt>
          <dd data-testid="derived-sets">{f.paramSets.toLocaleString('en-US')}</dd>
        </div>
        <div>
          <dt title="Residual scale in xₙ₊₁ = xₙ + h·f(xₙ, θₙ)">h</dt>
          <dd data-testid="derived-h">{Number(f.h.toPrecision(4))}</dd>
        </div>
        <div>
          <dt title="P × floats per set">residual params</dt>
          <dd data-testid="derived-params">
            {f.residualParams.toLocaleString('en-US')}
            <span className="muted">
              {' '}
              ({f.paramSets} × {f.setSize})
            </span>
          </dd>
        </div>
      </dl>
      <p className="derived-note">
        {conv === 'paper'
          ? 'paper convention: N steps, N + 1 sets. '
          : 'code convention: N − 1 steps, N sets. '}
        {`${scheme(config.model.scheme).name} uses `}
        {usedSetsText(f)}.
      </p>
    </div>
  );
}

function Group(props: {
  group: FieldGroup;
  config: ExperimentConfig;
  drafts: Record<string, unknown>;
  errors: Record<string, string>;
  onCommit: (path: string, value: unknown) => void;
  onHelp: (text: string | null, anchor: HTMLElement | null, immediate: boolean) => void;
}) {
  const { group, config, drafts, errors, onCommit, onHelp } = props;
  // a field with a message stays visible even when the running config would hide it
  const shown = group.fields.filter((f) => fieldApplies(f, config) || errors[f.path] || f.path in drafts);
  const bad = group.fields.some((f) => errors[f.path]);
  return (
    <details
      className={`group group-${group.id}${bad ? ' group-bad' : ''}`}
      open
      data-testid={`group-${group.id}`}
    >
      <summary>{group.title}</summary>
      {group.intro && <p className="group-intro">{group.intro}</p>}
      {shown.map((f) => (
        <Field
          key={f.path}
          spec={f}
          value={getPath(config, f.path)}
          draft={drafts[f.path]}
          hasDraft={f.path in drafts}
          error={errors[f.path]}
          onCommit={onCommit}
          onHelp={onHelp}
        />
      ))}
      {group.id === 'data' && <CustomDataButtons />}
      {group.id === 'model' && <DerivedBox config={config} />}
    </details>
  );
}

export function ControlsPanel() {
  const config = useExperiment((s) => s.config);
  const drafts = useExperiment((s) => s.drafts);
  const fieldErrors = useExperiment((s) => s.fieldErrors);
  const { help, onHelp } = useHelpBubble();
  // a phone opens with the settings folded (the views are the point of the page); wider screens never fold
  const [collapsed, setCollapsed] = useState(
    () => typeof window.matchMedia === 'function' && window.matchMedia(PHONE_QUERY).matches,
  );

  const commit = (path: string, value: unknown) => {
    const s = useExperiment.getState();
    const plan = planCommit(s.config, s.drafts, path, value);
    if (plan.kind === 'reject') {
      s.setFields(plan.edits);
      return;
    }
    if (plan.kind === 'apply') s.setFields(plan.edits);
    else s.clearDrafts();
    if (Object.keys(plan.redraft).length) s.setFields(plan.redraft);
  };

  // messages the fields cannot show (a path without a control, or the whole config)
  const placed = new Set(['seed', ...ALL_FIELDS.map((f) => f.path)]);
  const loose = Object.entries(fieldErrors).filter(([p]) => !placed.has(p));
  const pending = Object.keys(fieldErrors).length > 0;

  return (
    <aside
      id="experiment-settings"
      className={`sidebar${collapsed ? ' is-collapsed' : ''}`}
      aria-label="Experiment settings"
      data-testid="controls"
    >
      <div className="sidebar-head">
        <h2>Experiment</h2>
        {/* shown on narrow screens only (controls.css), where the settings stack with the views */}
        <button
          type="button"
          className="small sidebar-toggle"
          aria-expanded={!collapsed}
          aria-controls="experiment-settings"
          onClick={() => setCollapsed((c) => !c)}
          data-testid="controls-toggle"
        >
          {collapsed ? 'Show settings ▾' : 'Hide settings ▴'}
        </button>
        <button
          type="button"
          className="small"
          title="Back to the default experiment"
          onClick={() => useExperiment.getState().load(defaultConfig())}
        >
          Defaults
        </button>
      </div>
      {pending && (
        <p className="pending-note" role="status" data-testid="controls-pending">
          Some settings are not applied (see the red messages); the run keeps the last valid settings.
        </p>
      )}
      {loose.map(([p, m]) => (
        <p key={p} className="field-error" role="alert">
          {p}: {m}
        </p>
      ))}
      <SeedRow
        seed={config.seed}
        draft={'seed' in drafts ? drafts.seed : undefined}
        hasDraft={'seed' in drafts}
        error={fieldErrors.seed}
        onCommit={commit}
        onHelp={onHelp}
      />
      {GROUPS.map((g) => (
        <Group
          key={g.id}
          group={g}
          config={config}
          drafts={drafts}
          errors={fieldErrors}
          onCommit={commit}
          onHelp={onHelp}
        />
      ))}
      <p className="sidebar-foot muted">
        {isClassification(config) ? 'Classification' : 'Regression'} · changes restart the run from step 0.
      </p>
      {help && (
        <div
          className="help-bubble"
          role="tooltip"
          style={{ top: help.top, left: help.left, maxWidth: HELP_WIDTH }}
        >
          {help.text}
        </div>
      )}
    </aside>
  );
}

function SeedRow(props: {
  seed: number;
  draft: unknown;
  hasDraft: boolean;
  error?: string;
  onCommit: (path: string, value: unknown) => void;
  onHelp: (text: string | null, anchor: HTMLElement | null, immediate: boolean) => void;
}) {
  return (
    <div className="seed-row">
      <Field
        spec={{
          path: 'seed',
          label: 'Seed',
          kind: 'int',
          step: 1,
          help: 'One integer in [0, 2³² − 1] fixes the data, the initial weights and the mini-batches: the same seed gives the same run on the CPU and the GPU.',
        }}
        value={props.seed}
        draft={props.draft}
        hasDraft={props.hasDraft}
        error={props.error}
        onCommit={props.onCommit}
        onHelp={props.onHelp}
      />
      <button
        type="button"
        className="small"
        data-testid="new-seed"
        title="Draw a new random seed"
        onClick={() => props.onCommit('seed', Math.floor(Math.random() * 2 ** 31))}
      >
        New seed
      </button>
    </div>
  );
}
