// The autosave's word on the page: after a reload restored the experiment, what was restored and a "Start fresh"
// button (the escape: it deletes the saved copy and restarts from the initialisation); and why nothing is being
// saved, when that is the case. Reads the autosave status only.
import { useState } from 'react';
import { autosave } from '../../autosave/autosave';
import { useAutosave } from '../../autosave/status';
import { NoticeBox } from '../common/NoticeBox';

export function AutosaveNote() {
  const restored = useAutosave((s) => s.restored);
  const problem = useAutosave((s) => s.problem);
  const [busy, setBusy] = useState(false);
  const [hidden, setHidden] = useState<string | null>(null);
  if (restored) {
    const at = new Date(restored.savedAt);
    return (
      <NoticeBox
        kind="info"
        icon="↺"
        label="Restored"
        testId="autosave-restored"
        onDismiss={() => useAutosave.setState({ restored: null })}
        actions={
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
        }
      >
        this experiment came back from this browser at step {restored.step} (saved{' '}
        {Number.isFinite(at.getTime()) ? at.toLocaleString() : 'earlier'}): weights, curves and sweep points.
      </NoticeBox>
    );
  }
  if (problem && problem !== hidden)
    return (
      <NoticeBox
        kind="warning"
        icon="⚠"
        label="Not autosaved"
        testId="autosave-problem"
        onDismiss={() => setHidden(problem)}
      >
        {problem}.
      </NoticeBox>
    );
  return null;
}
