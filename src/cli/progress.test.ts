import { describe, expect, it } from 'vitest';
import { formatDuration, progressLine, throttled } from './progress';

describe('runner progress', () => {
  it('formats durations coarsely and never prints NaN', () => {
    expect(formatDuration(4.4)).toBe('4 s');
    expect(formatDuration(65)).toBe('1 min 5 s');
    expect(formatDuration(7380)).toBe('2 h 3 min');
    expect(formatDuration(Number.NaN)).toBe('?');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('?');
  });

  it('a line says the step, the share done, the loss, the rate and the time left', () => {
    // 50 of 200 steps in 10 s: 5 steps/s, 150 left → 30 s
    expect(progressLine(50, 200, 0.5, 10_000, 50)).toBe(
      '  step  50/200 (25%)  loss 5.0000e-1  5.00 steps/s  ~30 s left',
    );
    // slow: one step in 40 s
    expect(progressLine(1, 10, 1, 40_000, 1)).toMatch(/40 s per step {2}~6 min 0 s left$/);
    // nothing done yet: no rate, no estimate
    expect(progressLine(0, 10, Number.NaN, 0, 0)).toMatch(/loss NaN {2}rate \? {2}~\? left$/);
  });

  it('lets one line through every interval, and forced lines always', () => {
    let t = 0;
    const lines: string[] = [];
    const p = throttled(
      (s) => lines.push(s),
      3000,
      () => t,
    );
    for (t = 0; t <= 10_000; t += 500) p(() => `t=${t}`);
    expect(lines).toEqual(['t=0', 't=3000', 't=6000', 't=9000']);
    t = 9100;
    expect(p(() => 'final', true)).toBe(true);
    expect(lines.at(-1)).toBe('final');
  });
});
