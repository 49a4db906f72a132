// Presentation mode's only controls: play/step/reset, the step and loss, which views are shown large (one or
// two of the open ones), the theme, and the way out (the button, P or Escape).
import { useExperiment } from '../state/experiment';
import { useRun } from '../state/run';
import { ThemePicker } from '../views/help/ThemePicker';
import { type ViewId, viewDef } from '../views/registry';
import { RunButtons } from '../views/run/RunButtons';
import { runCounters } from '../views/run/runbar';
import { exitPresentation, toggleLarge } from './presentation';

export function PresentBar({ shown }: { shown: readonly ViewId[] }) {
  const open = useExperiment((s) => s.views.open);
  const setLayout = useExperiment((s) => s.setLayout);
  const step = useRun((s) => s.step);
  const loss = useRun((s) => s.loss);
  const budget = useExperiment((s) => s.config.train.steps);
  const phase = useRun((s) => s.machine.phase);
  const counters = runCounters(phase, step, budget, loss);
  return (
    <div className="present-bar" data-testid="present-bar">
      <strong className="present-brand">ODE Lens</strong>
      <RunButtons testIdPrefix="present" />
      <span className="present-stats" data-testid="present-step">
        step {counters.step} · loss {counters.loss}
      </span>
      {open.length > 1 && (
        <fieldset className="present-views">
          <legend className="visually-hidden">Views shown large (one or two)</legend>
          {open.map((id) => (
            <button
              key={id}
              type="button"
              className="small"
              aria-pressed={shown.includes(id)}
              // from what is shown (the default too): pressed goes, another one joins (the oldest of two goes)
              onClick={() => setLayout({ large: toggleLarge(shown, id) })}
              data-testid={`present-view-${id}`}
              title="Show this view large (at most two)"
            >
              {viewDef(id).title}
            </button>
          ))}
        </fieldset>
      )}
      <ThemePicker id="present-theme" />
      <button
        type="button"
        className="present-exit"
        onClick={exitPresentation}
        aria-keyshortcuts="Escape P"
        title="Leave presentation mode (Esc or P)"
        data-testid="present-exit"
      >
        Exit
      </button>
    </div>
  );
}
