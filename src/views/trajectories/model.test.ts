import { describe, expect, it } from 'vitest';
import { trajectoriesCsv } from './csv';
import {
  buildTrajModel,
  maxRowDistance,
  nearestTrajectory,
  paddedExtent,
  targetState,
  valueAtLayer,
} from './model';

const spec1 = { d: 1, N: 4, steps: 4, inputDim: 1, readout: 'project' as const };

describe('buildTrajModel', () => {
  it('1-D: plots x_n against s = n/N, counts crossings and places the targets at the last layer', () => {
    // two inputs 0.5 and 2 that swap order between layers 1 and 2
    const traj = Float64Array.from([0.5, 2, 1, 1.5, 1.6, 1.2, 1.7, 1.1, 1.8, 1]);
    const m = buildTrajModel({
      spec: spec1,
      dataKind: 'neg-square',
      classification: false,
      weights: null,
      fanX: Float64Array.from([0.5, 2]),
      F: 2,
      fanLabels: null,
      trajectories: traj,
      ode: traj,
      grid: null,
    });
    expect(m.mode).toBe('line');
    expect(m.L).toBe(5);
    expect(m.xy[2 * (3 * 2 + 1)]).toBeCloseTo(0.75, 12); // s of layer 3
    expect(m.xy[2 * (3 * 2 + 1) + 1]).toBe(1.1);
    expect(m.crossings?.count).toBe(1);
    expect(m.crossingXy[0]).toBeGreaterThan(0.25);
    expect(m.crossingXy[0]).toBeLessThan(0.5);
    expect(m.targets?.map((t) => t.y)).toEqual([-0.125, -2]);
    expect(m.targets?.[0].x).toBe(1);
    expect(m.odeDistance?.max).toBe(0);
    expect(m.legend).toMatchObject({ kind: 'continuous', title: 'input x', lo: 0.5, hi: 2 });
    expect(m.inputText(1)).toBe('input x = 2');
    // the y domain holds the targets
    expect(m.yDomain[0]).toBeLessThan(-2);
  });

  it('2-D: colours classes to match the decision regions and checks segment crossings', () => {
    const traj = Float64Array.from([0, 0, 0, 2, 2, 2, 2, 0]); // [L=2][F=2][2]: an X
    const m = buildTrajModel({
      spec: { d: 2, N: 1, steps: 1, inputDim: 2, readout: 'trained' },
      dataKind: 'moons',
      classification: true,
      weights: null,
      fanX: Float64Array.from([0, 0, 0, 2]),
      F: 2,
      fanLabels: Int32Array.from([0, 1]),
      trajectories: traj,
      ode: null,
      grid: { nx: 1, ny: 1, x0: -5, x1: 5, y0: -1, y1: 1, values: Float32Array.from([0.5]) },
    });
    expect(m.mode).toBe('plane');
    expect(m.crossings?.count).toBe(1);
    expect(m.legend.kind).toBe('classes');
    expect(m.colors[0]).not.toBe(m.colors[1]);
    // the domain is the trajectories' (the regions' grid is wider and is clipped to the plot, which it fills)
    expect(m.xDomain[0]).toBeGreaterThan(-1);
    expect(m.xDomain[0]).toBeLessThanOrEqual(0);
    expect(m.xDomain[1]).toBeGreaterThanOrEqual(2);
    expect(m.inputText(1)).toBe('input #1 · class 1 · (0, 2)');
  });

  it('d > 2: projects on the principal plane and skips the crossing check', () => {
    // states along the first axis only, so PC 1 explains everything
    const L = 3;
    const F = 2;
    const d = 3;
    const traj = new Float64Array(L * F * d);
    for (let n = 0; n < L; n++) for (let i = 0; i < F; i++) traj[(n * F + i) * d] = n + 10 * i;
    const m = buildTrajModel({
      spec: { d, N: 2, steps: 2, inputDim: 3, readout: 'trained' },
      dataKind: 'gaussian',
      classification: false,
      weights: null,
      fanX: new Float64Array(F * 3),
      F,
      fanLabels: null,
      trajectories: traj,
      ode: null,
      grid: null,
    });
    expect(m.mode).toBe('pca');
    expect(m.crossings).toBeNull();
    expect(m.pca?.dims).toBe(3);
    expect(m.pca?.explained).toBeCloseTo(1, 12);
    expect(Math.abs(m.xy[2 * 5] - m.xy[0])).toBeCloseTo(12, 10); // (n=2,i=1) vs (n=0,i=0)
  });
});

describe('helpers', () => {
  it('maps the target through an affine read-out', () => {
    expect(targetState('square', 2, 'project', null)).toBe(2);
    expect(
      targetState('neg-square', 2, 'trained', { readoutW: Float64Array.of(2), readoutB: Float64Array.of(1) }),
    ).toBe(-1.5);
    expect(
      targetState('square', 2, 'trained', { readoutW: Float64Array.of(0), readoutB: Float64Array.of(0) }),
    ).toBeNaN();
  });

  it('measures the largest distance between two trajectories', () => {
    const r = maxRowDistance([0, 0, 1, 1], [0, 0, 4, 5], 2, 2);
    expect(r).toEqual({ max: 5, row: 1 });
  });

  it('pads extents and survives constants and NaN', () => {
    expect(paddedExtent([0, 10], 0.1)).toEqual([-1, 11]);
    expect(paddedExtent([3, 3, Number.NaN])).toEqual([2.5, 3.5]);
    expect(paddedExtent([])).toEqual([-1, 1]);
  });

  it('interpolates a 1-D trajectory between layers', () => {
    const traj = [0, 10, 1, 20, 3, 40]; // [3][2]
    expect(valueAtLayer(traj, 3, 2, 0, 1.5)).toBeCloseTo(2, 12);
    expect(valueAtLayer(traj, 3, 2, 1, 9)).toBe(40);
  });

  it('finds the trajectory under the pointer, within a radius', () => {
    // screen coordinates [L=2][F=2][2]: two horizontal lines at y = 0 and y = 10
    const screen = Float64Array.from([0, 0, 0, 10, 100, 0, 100, 10]);
    expect(nearestTrajectory(screen, 2, 2, 50, 8, 5)).toEqual({ i: 1, u: 0.5, dist: 2 });
    expect(nearestTrajectory(screen, 2, 2, 50, 5.1, 2)).toBeNull();
  });

  it('writes the trajectories and the ODE as CSV rows', () => {
    const csv = trajectoriesCsv([1, 2, 3, 4], [1.5, 2.5, 3.5, 4.5], 2, 2, 1, 2, Int32Array.of(0, 1))
      .trim()
      .split('\n');
    expect(csv[0]).toBe('input,class,layer,s,x0,ode_x0');
    expect(csv.slice(1)).toEqual(['0,0,0,0,1,1.5', '0,0,1,0.5,3,3.5', '1,1,0,0,2,2.5', '1,1,1,0.5,4,4.5']);
  });
});
