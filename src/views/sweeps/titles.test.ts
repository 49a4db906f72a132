import { describe, expect, it } from 'vitest';
import { geometricRange, RANGE_RATIOS, rangeOf } from '../../sweep/lists';
import { sweepPanelTitle } from './plot';

describe('sweep panel texts and fields', () => {
  it('names the depth × width grid in its title', () => {
    expect(sweepPanelTitle('depth')).toBe('Sweeps over depth');
    expect(sweepPanelTitle('widthDepth')).toBe('Sweeps over depth × width');
  });

  it('the range fields agree with the listed depths', () => {
    expect(rangeOf([4, 8, 16, 32, 64, 128, 256])).toEqual({ from: 4, to: 256, ratio: 2 });
    // Fig. 3(c)'s list: 16…512, not the builder's old fixed 4…256
    expect(rangeOf([16, 32, 64, 128, 256, 512])).toEqual({ from: 16, to: 512, ratio: 2 });
    expect(rangeOf([4, 16, 64, 256])).toEqual({ from: 4, to: 256, ratio: 4 });
    expect(rangeOf([8, 11, 16, 23, 32])).toEqual({ from: 8, to: 32, ratio: Math.SQRT2 });
    // a list no offered ratio rebuilds: its ends, ×2
    expect(rangeOf([3, 10, 12])).toEqual({ from: 3, to: 12, ratio: 2 });
    expect(rangeOf([7])).toEqual({ from: 7, to: 7, ratio: 2 });
    // whatever the list, filling with the fields' range gives it back when a ratio matched
    for (const r of RANGE_RATIOS) {
      const list = geometricRange(5, 300, r);
      const f = rangeOf(list);
      expect(geometricRange(f.from, f.to, f.ratio)).toEqual(list);
    }
  });
});
