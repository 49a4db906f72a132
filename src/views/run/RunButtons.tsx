// Play/pause, one step and reset: the run bar's buttons, shared with presentation mode's bar and the embed
// overlay (the same actions, enabled by the same state machine). `only` leaves out the ones a place has no
// room for; `testIdPrefix` keeps test ids unique where two sets are on the page.
import { playsOrWillPlay } from '../../run/machine';
import { useRun } from '../../state/run';
import { resetRun, stepOnce, togglePlay, useStepping } from './actions';
import { PauseIcon, PlayIcon, ResetIcon, StepIcon } from './icons';
import { runActions } from './runbar';

type Button = 'play' | 'step' | 'reset';

export function RunButtons(props: { only?: Button[]; testIdPrefix?: string; className?: string }) {
  const { only = ['play', 'step', 'reset'], testIdPrefix = 'run', className = 'run-buttons' } = props;
  const machine = useRun((s) => s.machine);
  const stepping = useStepping((s) => s.stepping);
  const can = runActions(machine);
  const offersPause = playsOrWillPlay(machine);
  return (
    <fieldset className={className}>
      <legend className="visually-hidden">Training</legend>
      {only.includes('play') && (
        <button
          type="button"
          className="primary play"
          onClick={togglePlay}
          disabled={!can.play || stepping}
          aria-keyshortcuts="Space"
          title={offersPause ? 'Pause (Space)' : 'Train (Space)'}
          data-testid={`${testIdPrefix}-play`}
        >
          {offersPause ? <PauseIcon /> : <PlayIcon />} {offersPause ? 'Pause' : 'Play'}
        </button>
      )}
      {only.includes('step') && (
        <button
          type="button"
          onClick={() => void stepOnce()}
          disabled={!can.step || stepping}
          aria-keyshortcuts="ArrowRight"
          title="One training step (→)"
          data-testid={`${testIdPrefix}-step`}
        >
          <StepIcon /> Step
        </button>
      )}
      {only.includes('reset') && (
        <button
          type="button"
          onClick={resetRun}
          disabled={!can.reset || stepping}
          aria-keyshortcuts="R"
          title="Back to the initial weights (R)"
          data-testid={`${testIdPrefix}-reset`}
        >
          <ResetIcon /> Reset
        </button>
      )}
    </fieldset>
  );
}
