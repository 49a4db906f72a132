// The run's state machine: one pure transition function that the controller sends every command and outcome
// through, so the phase the run bar shows is the phase the controller acts on. Overlapping edits cannot
// desync it: a build that starts while another is pending inherits its "play once built", and only the
// newest build's outcome reaches the machine.
//
//   idle ──build──▶ building ──built──▶ playing (play was wanted) | paused
//                      │  ──failed──▶ the phase of the run underneath (paused if it was playing), or idle
//                      └─ ──keep────▶ the run underneath again (a config equal to the running one)
//   playing ──pause──▶ paused ──play──▶ playing;  playing ──budget──▶ finished;  ──diverged──▶ diverged
//   any phase with a run ──lost──▶ lost (only a new build leaves it)

export type RunPhase = 'idle' | 'building' | 'playing' | 'paused' | 'finished' | 'diverged' | 'lost';

/** A phase a run can rest in while another is being built (playing is remembered as `resume` instead). */
export type RestingPhase = 'paused' | 'finished' | 'diverged' | 'lost';

export interface RunMachine {
  phase: RunPhase;
  /** While building: play once the new run is built (the run was playing, or play was pressed meanwhile). */
  resume: boolean;
  /** While building: the run that exists underneath and its phase (null: none yet). */
  under: RestingPhase | null;
}

export type MachineEvent =
  /** A new run is being built (a config change, reset, another engine, an imported experiment). */
  | { type: 'build' }
  /** The newest build succeeded: its run replaces the previous one. */
  | { type: 'built' }
  /** The newest build failed: the previous run (if any) stays. */
  | { type: 'buildFailed' }
  /** The build is dropped because the config asked for is the one running: back to that run. */
  | { type: 'keep' }
  | { type: 'play' }
  | { type: 'pause' }
  /** A single step ran (it pauses first); a finished or diverged run is then an ordinary paused one. */
  | { type: 'stepped' }
  /** Training reached the step budget while playing. */
  | { type: 'budget' }
  /** Training diverged; the run was rolled back and stops. */
  | { type: 'diverged' }
  /** The engine failed (device lost, a worker died): the run cannot go on. */
  | { type: 'lost' }
  /** The controller was disposed. */
  | { type: 'dispose' };

export const initialMachine: RunMachine = { phase: 'idle', resume: false, under: null };

/** Whether a run exists that can train (play, step). */
export function canTrain(phase: RunPhase): boolean {
  return phase === 'playing' || phase === 'paused' || phase === 'finished' || phase === 'diverged';
}

const rest = (phase: RunPhase): RestingPhase | null =>
  phase === 'playing'
    ? 'paused'
    : phase === 'paused' || phase === 'finished' || phase === 'diverged' || phase === 'lost'
      ? phase
      : null;

const at = (phase: RunPhase): RunMachine => ({ phase, resume: false, under: null });

/** The state after `e`; an event that does not apply in this state leaves it as it is (the same object). */
export function transition(s: RunMachine, e: MachineEvent): RunMachine {
  switch (e.type) {
    case 'build':
      if (s.phase === 'building') return s; // the newer build inherits the pending one's resume and run
      return { phase: 'building', resume: s.phase === 'playing', under: rest(s.phase) };
    case 'built':
      return s.phase === 'building' ? at(s.resume ? 'playing' : 'paused') : s;
    case 'buildFailed':
      // a run that was playing stays paused under the message; the user decides whether to go on
      return s.phase === 'building' ? at(s.under ?? 'idle') : s;
    case 'keep':
      if (s.phase !== 'building') return s;
      if (s.under === null) return s; // nothing to keep: the build goes on
      return at(s.resume && s.under !== 'lost' ? 'playing' : s.under);
    case 'play':
      if (s.phase === 'building') return s.resume ? s : { ...s, resume: true };
      return s.phase === 'paused' || s.phase === 'finished' || s.phase === 'diverged' ? at('playing') : s;
    case 'pause':
      if (s.phase === 'building') return s.resume ? { ...s, resume: false } : s;
      return s.phase === 'playing' ? at('paused') : s;
    case 'stepped':
      return s.phase === 'finished' || s.phase === 'diverged' ? at('paused') : s;
    case 'budget':
      return s.phase === 'playing' ? at('finished') : s;
    case 'diverged':
      return s.phase === 'playing' || s.phase === 'paused' || s.phase === 'finished' ? at('diverged') : s;
    case 'lost':
      if (s.phase === 'building') return s.under === null ? s : { ...s, resume: false, under: 'lost' };
      return canTrain(s.phase) ? at('lost') : s;
    case 'dispose':
      return initialMachine;
  }
}

/** What the Play/Pause button offers: Pause while playing or about to play once built. */
export function playsOrWillPlay(s: RunMachine): boolean {
  return s.phase === 'playing' || (s.phase === 'building' && s.resume);
}
