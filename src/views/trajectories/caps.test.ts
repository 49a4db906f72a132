import { describe, expect, it } from 'vitest';
import { GRID, type GridStates } from '../../run/snapshot';
import { capsText } from './caps';

const grid = (side: number): GridStates => ({
  nx: side,
  ny: side,
  x0: 0,
  x1: 1,
  y0: 0,
  y1: 1,
  xS: new Float64Array(side * side * 2),
});

describe('the trajectories view on cut read-outs', () => {
  it('says nothing when nothing was cut', () => {
    expect(capsText({ grid: grid(GRID), F: 64 })).toBeNull();
    expect(capsText({ grid: null, F: 0 })).toBeNull();
  });
  it('names a coarse grid and a capped fan', () => {
    expect(capsText({ grid: grid(24), F: 64 })).toBe('regions on a 24×24 grid: the net is deep');
    expect(capsText({ grid: null, F: 23, fanAsked: 64 })).toBe('23 of 64 inputs in the fan: the net is deep');
    expect(capsText({ grid: null, gridLater: true, F: 64 })).toBe(
      'regions after the first steps: the net is deep',
    );
    expect(capsText({ grid: grid(16), F: 23, fanAsked: 64 })).toBe(
      'regions on a 16×16 grid, 23 of 64 inputs in the fan: the net is deep',
    );
  });
});
