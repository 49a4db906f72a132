// The presets: a gallery (dialog) of paper figures to open in one click, and the open preset's explanation.
import { useEffect, useRef } from 'react';
import { PRESETS, type Preset, presetConfig } from '../../presets/presets';
import { useExperiment } from '../../state/experiment';
import { usePresets } from '../../state/presets';
import { MathText } from './MathText';

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
  const p = PRESETS.find((x) => x.id === active);
  if (!p) return null;
  return (
    <aside className="preset-info" data-testid="preset-info" aria-label="About this preset">
      <header>
        <span className="preset-source">{p.source}</span>
        <h2>{p.title}</h2>
        <button
          type="button"
          className="btn-close"
          aria-label="Close the explanation"
          onClick={() => usePresets.setState({ active: null })}
        >
          ×
        </button>
      </header>
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
      <p className="muted">Suggested training: about {p.steps.toLocaleString('en-US')} steps (press play).</p>
    </aside>
  );
}
