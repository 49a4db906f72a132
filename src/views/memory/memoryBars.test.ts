import { describe, expect, it } from 'vitest';
import { labelTail, memoryBars, ratioText } from './memoryBars';

const mem = {
  activationBytes: 33_000,
  activationBytesOtherMode: 1_000,
  totalBytes: 50_000,
  precision: 'float32' as const,
};

describe('memory bars', () => {
  it('puts exact first and marks the current mode', () => {
    const exactRun = memoryBars(mem, 'exact');
    expect(exactRun.map((b) => [b.mode, b.bytes, b.current])).toEqual([
      ['exact', 33_000, true],
      ['adjoint', 1_000, false],
    ]);
    const adjointRun = memoryBars(
      { ...mem, activationBytes: 1_000, activationBytesOtherMode: 33_000 },
      'adjoint',
    );
    expect(adjointRun.map((b) => [b.mode, b.bytes, b.current])).toEqual([
      ['exact', 33_000, false],
      ['adjoint', 1_000, true],
    ]);
  });

  it('states the ratio', () => {
    expect(ratioText(memoryBars(mem, 'exact'))).toBe("exact backprop needs 33× the adjoint's memory");
    expect(ratioText(memoryBars({ ...mem, activationBytesOtherMode: 20_000 }, 'exact'))).toBe(
      "exact backprop needs 1.6× the adjoint's memory",
    );
    expect(ratioText(memoryBars({ ...mem, activationBytesOtherMode: 33_000 }, 'exact'))).toMatch(/same/);
    expect(ratioText(memoryBars({ ...mem, activationBytesOtherMode: 0 }, 'exact'))).toBe('');
  });

  it('cuts the description, never the "training now" tag, when the label line is narrow', () => {
    const measure = (t: string) => 6 * t.length; // 6 px a character
    const detail = 'rebuilds the states backwards';
    expect(labelTail(measure, 1000, detail, true)).toBe(' — rebuilds the states backwards  ◀ training now');
    expect(labelTail(measure, 1000, detail, false)).toBe(' — rebuilds the states backwards');
    const cut = labelTail(measure, 6 * 30, detail, true);
    expect(cut.endsWith('…  ◀ training now')).toBe(true);
    expect(measure(cut)).toBeLessThanOrEqual(6 * 30);
    expect(cut.startsWith(' — rebuilds')).toBe(true);
    // no room for any of the description: the tag alone, then nothing
    expect(labelTail(measure, 6 * 17, detail, true)).toBe('  ◀ training now');
    expect(labelTail(measure, 6 * 5, detail, true)).toBe('');
  });
});
