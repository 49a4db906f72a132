// The presets: a gallery (dialog) of paper figures to open in one click, and the open preset's explanation (which
// follows the link: `preset=<id>`, and lists what was changed from the preset).
import { useEffect, useMemo, useRef, useState } from 'react';
import { PRESETS, presetConfig } from '../../presets/presets';
import { useExperiment } from '../../state/experiment';
import { openPreset, usePresets } from '../../state/presets';
import { presetChanges } from './changes';
import { MathText } from './MathText';
import { PresetChanges } from './PresetChanges';
import { pairPartner, pinAndOpenPartner } from './pair';
import { untieRun } from './untie';
import '../common/dialog.css';
import './presets.css';
import { suggestedTraining } from './suggested';

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

/** The open preset's explanation, what to look for, and what was changed from it (hidden when no preset is open). */
export function PresetInfo() {
  const active = usePresets((s) => s.active);
  const config = useExperiment((s) => s.config);
  const p = PRESETS.find((x) => x.id === active);
  // the preset's own config, to list what the user (or the link) changed since
  const original = useMemo(() => (p ? presetConfig(p).config : null), [p]);
  const changes = useMemo(() => (original ? presetChanges(original, config) : []), [original, config]);
  const [collapsed, setCollapsed] = useState(false);
  if (!p) return null;
  const partner = pairPartner(p);
  return (
    <aside
      className={`preset-info${collapsed ? ' is-collapsed' : ''}`}
      data-testid="preset-info"
      aria-label="About this preset"
    >
      <header>
        <span className="preset-source">{p.source}</span>
        <h2>{p.title}</h2>
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
      <PresetChanges changes={changes} onRestore={() => openPreset(p)} />
      <p>
        <MathText text={p.summary} />
      </p>
      <h3>What to look for</h3>
      <ul data-testid="preset-look-for">
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
      {partner && (
        <p>
          <button
            type="button"
            className="btn"
            data-testid="preset-pair"
            title={`Pin this run as “${p.title}” and open “${partner.title}” with the Compare view: train it to see both side by side`}
            onClick={() => void pinAndOpenPartner(p)}
          >
            Pin and compare with “{partner.title}”
          </button>
        </p>
      )}
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
