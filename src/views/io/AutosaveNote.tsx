// The autosave's word on the page: after a reload restored the experiment, what was restored and a "Start fresh"
// button (the escape: it deletes the saved copy and restarts from the initialisation); and why nothing is being
// saved, when that is the case. Reads the autosave status only.
import { useState } from 'react';
import { autosave } from '../../autosave/autosave';
import { useAutosave } from '../../autosave/status';

export function AutosaveNote() {
  const restored = useAutosave((s) => s.restored);
  const problem = useAutosave((s) => s.problem);
  const [busy, setBusy] = useState(false);
  const [hidden, setHidden] = useState<string | null>(null);
  if (restored) {
    const at = new Date(restored.savedAt);
    return (
      <div className="notice notice-info" role="status" data-testid="autosave-restored">
        <span className="notice-icon" aria-hidden="true">
          ↺
        </span>
        <p>
          <strong>Restored:</strong> this experiment came back from this browser at step {restored.step}{' '}
          (saved {Number.isFinite(at.getTime()) ? at.toLocaleString() : 'earlier'}): weights, curves and sweep
          points.
        </p>
        <button
          type="button"
          data-testid="autosave-start-fresh"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            try {
              await autosave()?.startFresh();
            } finally {
              setBusy(false);
            }
          }}
          title="Delete the saved copy and start this experiment again from its initialisation"
        >
          Start fresh
        </button>
        <button
          type="button"
          className="notice-close"
          onClick={() => useAutosave.setState({ restored: null })}
          aria-label="Dismiss"
        >
          ✕
        </button>
      </div>
    );
  }
  if (problem && problem !== hidden)
    return (
      <div className="notice notice-warning" role="status" data-testid="autosave-problem">
        <span className="notice-icon" aria-hidden="true">
          ⚠
        </span>
        <p>
          <strong>Not autosaved:</strong> {problem}.
        </p>
        <button
          type="button"
          className="notice-close"
          onClick={() => setHidden(problem)}
          aria-label="Dismiss"
        >
          ✕
        </button>
      </div>
    );
  return null;
}
