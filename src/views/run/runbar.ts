// Pure helpers of the run bar: speed steps and the texts of the counters.
import { canTrain, type RunMachine, type RunPhase } from '../../run/machine';

/** Speed multipliers offered by the slider (the store clamps to [0.25, 16]). */
export const SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16] as const;

/** Index of the offered speed closest to `speed` (in log scale). */
export function speedIndex(speed: number): number {
  let best = 0;
  for (let i = 1; i < SPEEDS.length; i++)
    if (Math.abs(Math.log2(SPEEDS[i] / speed)) < Math.abs(Math.log2(SPEEDS[best] / speed))) best = i;
  return best;
}

export function formatSpeed(speed: number): string {
  return speed === 0.25 ? '¼×' : speed === 0.5 ? '½×' : `${speed}×`;
}

/** Loss with 4 significant digits (small differences matter while training), '—' before the first step. */
export function formatLoss(loss: number): string {
  if (Number.isNaN(loss)) return '—';
  if (!Number.isFinite(loss)) return loss > 0 ? '∞' : '−∞';
  const a = Math.abs(loss);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return loss.toExponential(3);
  return String(Number(loss.toPrecision(4)));
}

export function formatRate(stepsPerSec: number): string {
  if (!Number.isFinite(stepsPerSec) || stepsPerSec <= 0) return '—';
  return stepsPerSec >= 100 ? Math.round(stepsPerSec).toLocaleString('en-US') : stepsPerSec.toPrecision(3);
}

/**
 * "1,234 / 2,000"; past the budget (Play goes on after it) "84,626 (past 3,000)", not "84,626 / 3,000", which
 * reads as a count that has not reached its total.
 */
export function formatStep(step: number, budget: number): string {
  const s = step.toLocaleString('en-US');
  if (budget <= 0) return s;
  const b = budget.toLocaleString('en-US');
  return step > budget ? `${s} (past ${b})` : `${s} / ${b}`;
}

/**
 * The step and loss texts of the run bar and the presentation bar. While a run is being built the store still
 * holds the previous run's numbers, which read as this run's ("727 / 3,000" against the new budget, the old
 * loss): both say '—' until it is built.
 */
export function runCounters(
  phase: RunPhase,
  step: number,
  budget: number,
  loss: number,
): { step: string; loss: string } {
  if (phase === 'building') return { step: '—', loss: '—' };
  return { step: formatStep(step, budget), loss: formatLoss(loss) };
}

const STATUS_TEXT: Record<RunPhase, string> = {
  idle: 'not started',
  building: 'building…',
  playing: 'training',
  paused: 'paused',
  finished: 'paused at the step budget',
  diverged: 'diverged: paused',
  lost: 'stopped (error)',
};

/** The run bar's status text: the machine's phase in words ('ready' for a new run that has not trained). */
export function statusText(m: RunMachine, step: number): string {
  if (m.phase === 'building' && m.resume) return 'building… (then training)';
  if (m.phase === 'paused' && step === 0) return 'ready';
  return STATUS_TEXT[m.phase];
}

/**
 * Which buttons can act in this state. Play/Pause also acts while building: it decides whether the new run
 * plays once built.
 */
export function runActions(m: RunMachine): { play: boolean; step: boolean; reset: boolean } {
  const live = canTrain(m.phase);
  return { play: live || m.phase === 'building', step: live, reset: live || m.phase === 'lost' };
}
