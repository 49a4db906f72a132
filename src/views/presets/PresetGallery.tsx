// The presets: a gallery (dialog) of paper figures to open in one click, and the open preset's explanation.
import { useEffect, useMemo, useRef, useState } from 'react';
import { PRESETS, type Preset, presetConfig } from '../../presets/presets';
import { useExperiment } from '../../state/experiment';
import { usePresets } from '../../state/presets';
import { MathText } from './MathText';
import { untieRun } from './untie';
import '../common/dialog.css';
import './presets.css';
import { suggestedTraining } from './suggested';

export function openPreset(p: Preset): void {
  const { config, views } = presetConfig(p);
  useExperiment.getState().load(config, views);
  usePresets.setState({ active: p.id, galleryOpen: false });
}

export function PresetsButton() {
  return (
    <button
      type="button"
      className="btn"
      data-testid="presets-open"
      onClick={() => usePresets.setState({ galleryOpen: true })}
    >
      Presets
    </button>
  );
}

export function PresetGallery() {
  const open = usePresets((s) => s.galleryOpen);
  const ref = useRef<HTMLDialogElement | null>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal?.();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="preset-gallery"
      data-testid="preset-gallery"
      aria-labelledby="preset-gallery-title"
      onClose={() => usePresets.setState({ galleryOpen: false })}
    >
      <header className="preset-gallery-header">
        <h2 id="preset-gallery-title">Presets: the papers’ figures, live</h2>
        <button
          type="button"
          className="btn-close"
          aria-label="Close"
          onClick={() => usePresets.setState({ galleryOpen: false })}
        >
          ×
        </button>
      </header>
      <div className="preset-grid">
        {PRESETS.map((p) => (
          <button
            type="button"
            key={p.id}
            className="preset-card"
            data-testid={`preset-${p.id}`}
            onClick={() => openPreset(p)}
          >
            <span className="preset-source">{p.source}</span>
            <strong className="preset-title">{p.title}</strong>
            <span className="preset-summary">
              <MathText text={p.summary} />
            </span>
          </button>
        ))}
      </div>
    </dialog>
  );
}

/** The open preset's explanation and what to look for (hidden when no preset is open). */
export function PresetInfo() {
  const active = usePresets((s) => s.active);
  const config = useExperiment((s) => s.config);
  const p = PRESETS.find((x) => x.id === active);
  // the preset's own config, to tell when the user has changed settings since opening it
  const original = useMemo(() => (p ? presetConfig(p).config : null), [p]);
  const [collapsed, setCollapsed] = useState(false);
  if (!p) return null;
  const modified = !!original && JSON.stringify(original) !== JSON.stringify(config);
  return (
    <aside
      className={`preset-info${collapsed ? ' is-collapsed' : ''}`}
      data-testid="preset-info"
      aria-label="About this preset"
    >
      <header>
        <span className="preset-source">{p.source}</span>
        <h2>{p.title}</h2>
        {modified && (
          <button
            type="button"
            className="small"
            data-testid="preset-restore"
            title="Your settings differ from the preset's: open it again"
            onClick={() => openPreset(p)}
          >
            Back to the preset
          </button>
        )}
        <button
          type="button"
          className="small"
          aria-expanded={!collapsed}
          data-testid="preset-collapse"
          onClick={() => setCollapsed((c) => !c)}
        >
          {collapsed ? 'Show' : 'Hide'} explanation
        </button>
        <button
          type="button"
          className="btn-close"
          aria-label="Close the explanation"
          onClick={() => usePresets.setState({ active: null })}
        >
          ×
        </button>
      </header>
      {modified && (
        <p className="preset-modified" data-testid="preset-modified">
          You changed settings since opening this preset; what follows describes the preset’s own settings.
        </p>
      )}
      <p>
        <MathText text={p.summary} />
      </p>
      <h3>What to look for</h3>
      <ul>
        {p.lookFor.map((l) => (
          <li key={l}>
            <MathText text={l} />
          </li>
        ))}
      </ul>
      {p.notes && (
        <p className="muted">
          <MathText text={p.notes} />
        </p>
      )}
      <p className="muted">{suggestedTraining(p.steps)}</p>
      {p.untie && (
        <p>
          <button
            type="button"
            className="btn"
            data-testid="preset-untie"
            title={`Copy the trained weights into a network ${p.untie} times deeper (each layer repeated ${p.untie} times) and switch to adjoint gradients`}
            onClick={() => void untieRun(p.untie!)}
          >
            Untie ×{p.untie} and fine-tune
          </button>
        </p>
      )}
    </aside>
  );
}
