import { describe, expect, it } from 'vitest';
import type { RunMachine, RunPhase } from '../../run/machine';
import {
  formatLoss,
  formatRate,
  formatSpeed,
  formatStep,
  runActions,
  runCounters,
  SPEEDS,
  speedIndex,
  statusText,
} from './runbar';

describe('run bar helpers', () => {
  it('finds the nearest offered speed in log scale', () => {
    expect(SPEEDS[speedIndex(1)]).toBe(1);
    expect(SPEEDS[speedIndex(0.25)]).toBe(0.25);
    expect(SPEEDS[speedIndex(16)]).toBe(16);
    expect(SPEEDS[speedIndex(3)]).toBe(4); // log2(3) = 1.58 is closer to 2 than to 1
    expect(SPEEDS[speedIndex(100)]).toBe(16);
    expect(SPEEDS[speedIndex(0.01)]).toBe(0.25);
  });

  it('formats speeds, losses, rates and steps', () => {
    expect(formatSpeed(0.25)).toBe('¼×');
    expect(formatSpeed(8)).toBe('8×');
    expect(formatLoss(Number.NaN)).toBe('—');
    expect(formatLoss(0.123456)).toBe('0.1235');
    expect(formatLoss(1.5e-5)).toBe('1.500e-5');
    expect(formatLoss(Number.POSITIVE_INFINITY)).toBe('∞');
    expect(formatRate(0)).toBe('—');
    expect(formatRate(12.345)).toBe('12.3');
    expect(formatRate(1234.5)).toBe('1,235');
    expect(formatStep(1234, 2000)).toBe('1,234 / 2,000');
    expect(formatStep(5, 0)).toBe('5');
    expect(formatStep(3000, 3000)).toBe('3,000 / 3,000');
    // Play goes on past the budget: not "84,626 / 3,000"
    expect(formatStep(84626, 3000)).toBe('84,626 (past 3,000)');
    expect(runCounters('paused', 727, 1000, 0.0123)).toEqual({ step: '727 / 1,000', loss: '0.0123' });
    // a new run being built: the store still holds the old run's step and loss, not this run's
    expect(runCounters('building', 727, 3000, 0.0123)).toEqual({ step: '—', loss: '—' });
  });

  it('enables the buttons only when they can act, and says the phase in words', () => {
    const at = (phase: RunPhase, resume = false, under: RunMachine['under'] = null): RunMachine => ({
      phase,
      resume,
      under,
    });
    expect(runActions(at('idle'))).toEqual({ play: false, step: false, reset: false });
    expect(runActions(at('building'))).toEqual({ play: true, step: false, reset: false });
    expect(runActions(at('paused'))).toEqual({ play: true, step: true, reset: true });
    expect(runActions(at('finished'))).toEqual({ play: true, step: true, reset: true });
    expect(runActions(at('diverged'))).toEqual({ play: true, step: true, reset: true });
    expect(runActions(at('lost'))).toEqual({ play: false, step: false, reset: true });
    expect(statusText(at('paused'), 0)).toBe('ready');
    expect(statusText(at('paused'), 3)).toBe('paused');
    expect(statusText(at('building', true, 'paused'), 3)).toBe('building… (then training)');
    expect(statusText(at('finished'), 100)).toBe('paused at the step budget');
  });
});
