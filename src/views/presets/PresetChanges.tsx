// "Changed from the preset": the fields where the experiment differs from the open preset (preset value → current
// value) and the way back to it. Shown inside the preset's explanation.
import type { PresetChange } from './changes';
import './preset-changes.css';

/** At most this many rows; the rest are counted (a link rarely changes more than a few). */
const MAX_ROWS = 8;

export function PresetChanges({ changes, onRestore }: { changes: PresetChange[]; onRestore: () => void }) {
  if (changes.length === 0) return null;
  return (
    <section className="preset-changes" data-testid="preset-modified" aria-labelledby="preset-changes-title">
      <div className="preset-changes-head">
        <h3 id="preset-changes-title">Changed from the preset</h3>
        <button
          type="button"
          className="small"
          data-testid="preset-restore"
          title="Open the preset again with its own settings and views"
          onClick={onRestore}
        >
          Back to the preset
        </button>
      </div>
      <ul data-testid="preset-changes">
        {changes.slice(0, MAX_ROWS).map((c) => (
          <li key={c.path} data-path={c.path}>
            <span className="preset-change-label">{c.label}</span>: {c.from} → <strong>{c.to}</strong>
          </li>
        ))}
        {changes.length > MAX_ROWS && <li>… and {changes.length - MAX_ROWS} more</li>}
      </ul>
      <p className="muted">What follows describes the preset’s own settings.</p>
    </section>
  );
}
