// The run bar's time left to the step budget.
import { describe, expect, it } from 'vitest';
import { formatDuration, formatTimeLeft, stepTimeLeft } from './run';

describe('time left', () => {
  it('formats durations to what matters', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(44.6)).toBe('45 s');
    expect(formatDuration(60)).toBe('1 min');
    expect(formatDuration(250)).toBe('4 min 10 s');
    expect(formatDuration(599)).toBe('9 min 59 s');
    expect(formatDuration(12 * 60 + 40)).toBe('13 min');
    expect(formatDuration(3600)).toBe('1 h');
    expect(formatDuration(2 * 3600 + 5 * 60)).toBe('2 h 05 min');
    expect(formatDuration(3 * 3600 + 59 * 60 + 50)).toBe('4 h');
    expect(formatDuration(3 * 86400 + 4 * 3600)).toBe('3 d 4 h');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('∞');
  });

  it('says how long to the step budget at the measured rate, or nothing', () => {
    expect(formatTimeLeft(500, 3000, 10)).toBe('≈ 4 min 10 s left');
    expect(formatTimeLeft(2990, 3000, 2)).toBe('≈ 5 s left');
    expect(formatTimeLeft(1982, 2000, 169)).toBe('< 1 s left');
    expect(formatTimeLeft(3000, 3000, 10)).toBe(''); // at the budget
    expect(formatTimeLeft(10, 0, 10)).toBe(''); // no budget
    expect(formatTimeLeft(10, 3000, 0)).toBe(''); // no rate yet
    expect(formatTimeLeft(10, 3000, Number.NaN)).toBe('');
  });

  it('says how long the step in flight has left at its pace, once a few percent are done', () => {
    expect(stepTimeLeft(0.25, 60_000)).toBe('≈ 3 min left'); // a quarter in a minute: three more
    expect(stepTimeLeft(0.5, 10_000)).toBe('≈ 10 s left');
    expect(stepTimeLeft(0.01, 5_000)).toBe(''); // too early to say
    expect(stepTimeLeft(1, 5_000)).toBe('');
    expect(stepTimeLeft(Number.NaN, 5_000)).toBe('');
  });
});
