// Pure helpers of the run bar: speed steps and the texts of the counters.
import type { RunStatus } from '../../state/run';

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

export function formatStep(step: number, budget: number): string {
  const s = step.toLocaleString('en-US');
  return budget > 0 ? `${s} / ${budget.toLocaleString('en-US')}` : s;
}

export const STATUS_TEXT: Record<RunStatus, string> = {
  idle: 'waiting for WebGPU check',
  starting: 'building…',
  ready: 'ready',
  running: 'training',
  paused: 'paused',
  error: 'stopped (error)',
};

/** Which buttons can act in this status. */
export function runActions(status: RunStatus): { play: boolean; step: boolean; reset: boolean } {
  const live = status === 'ready' || status === 'running' || status === 'paused';
  return { play: live, step: live, reset: live || status === 'error' };
}
