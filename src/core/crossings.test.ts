import { describe, expect, it } from 'vitest';
import { crossings1d, crossings2d } from './crossings';

/** [L][F] from per-trajectory arrays. */
function layers(trajs: number[][]): Float64Array {
  const F = trajs.length;
  const L = trajs[0].length;
  const out = new Float64Array(L * F);
  for (let i = 0; i < F; i++) for (let n = 0; n < L; n++) out[n * F + i] = trajs[i][n];
  return out;
}

describe('crossings1d', () => {
  it('finds no crossing in a monotone flow (x → x²/2 keeps the order of positive inputs)', () => {
    const L = 31;
    const xs = [0.5, 0.8, 1.2, 1.6, 2];
    const trajs = xs.map((x) => Array.from({ length: L }, (_, n) => x + ((x * x) / 2 - x) * (n / (L - 1))));
    const r = crossings1d(layers(trajs), L, xs.length);
    expect(r.count).toBe(0);
    expect(r.pairs).toBe(0);
    expect(Array.from(r.involved)).toEqual([0, 0, 0, 0, 0]);
  });

  it('counts every pair of a reversing map (x → −x²/2 over a straight path) and locates the crossings', () => {
    const L = 11;
    const xs = [0.5, 1, 1.5, 2];
    const trajs = xs.map((x) => Array.from({ length: L }, (_, n) => x + (-(x * x) / 2 - x) * (n / (L - 1))));
    const r = crossings1d(layers(trajs), L, xs.length);
    expect(r.count).toBe(6); // every pair swaps exactly once
    expect(r.pairs).toBe(6);
    for (const c of r.points) {
      // both trajectories pass through the reported point at the reported fraction of the step
      const [i, j] = [c.i, c.j];
      const at = (k: number) => trajs[k][c.n] + c.t * (trajs[k][c.n + 1] - trajs[k][c.n]);
      expect(at(i)).toBeCloseTo(c.at[0], 12);
      expect(at(j)).toBeCloseTo(c.at[0], 12);
      expect(c.t).toBeGreaterThanOrEqual(0);
      expect(c.t).toBeLessThanOrEqual(1);
    }
  });

  it('counts a swap and a swap back as two crossings of one pair', () => {
    const r = crossings1d(
      layers([
        [0, 1, 0, 0],
        [0.5, 0.5, 0.5, 0.5],
      ]),
      4,
      2,
    );
    expect(r.count).toBe(2);
    expect(r.pairs).toBe(1);
    expect(r.points.map((c) => c.n)).toEqual([0, 1]);
    expect(r.points[0].t).toBeCloseTo(0.5, 12);
    expect(r.points[0].at[0]).toBeCloseTo(0.5, 12);
  });

  it('treats touching and going back as no crossing, touching and passing as one', () => {
    const back = crossings1d(
      layers([
        [0, 1, 0],
        [1, 1, 1],
      ]),
      3,
      2,
    );
    expect(back.count).toBe(0);
    const through = crossings1d(
      layers([
        [0, 1, 2],
        [1, 1, 1],
      ]),
      3,
      2,
    );
    expect(through.count).toBe(1);
    expect(through.points[0]).toMatchObject({ n: 1, t: 0, at: [1] });
  });

  it('ignores NaN states and caps the listed points but not the count', () => {
    const nan = crossings1d(
      layers([
        [0, Number.NaN, 0],
        [1, 1, 1],
      ]),
      3,
      2,
    );
    expect(nan.count).toBe(0);
    const L = 2;
    const F = 20;
    const trajs = Array.from({ length: F }, (_, i) => [i, -i]); // full reversal: all 190 pairs
    const r = crossings1d(layers(trajs), L, F, 10);
    expect(r.count).toBe(190);
    expect(r.points).toHaveLength(10);
  });
});

/** [L][F][2] from per-trajectory point lists. */
function plane(trajs: [number, number][][]): Float64Array {
  const F = trajs.length;
  const L = trajs[0].length;
  const out = new Float64Array(L * F * 2);
  for (let i = 0; i < F; i++)
    for (let n = 0; n < L; n++) {
      out[(n * F + i) * 2] = trajs[i][n][0];
      out[(n * F + i) * 2 + 1] = trajs[i][n][1];
    }
  return out;
}

describe('crossings2d', () => {
  it('finds segments that intersect in the same step, at the right point', () => {
    const a: [number, number][] = [
      [0, 0],
      [2, 2],
      [3, 2],
    ];
    const b: [number, number][] = [
      [0, 2],
      [2, 0],
      [3, 0],
    ];
    const r = crossings2d(plane([a, b]), 3, 2);
    expect(r.count).toBe(1);
    expect(r.points[0]).toMatchObject({ i: 0, j: 1, n: 0 });
    expect(r.points[0].t).toBeCloseTo(0.5, 12);
    expect(r.points[0].at[0]).toBeCloseTo(1, 12);
    expect(r.points[0].at[1]).toBeCloseTo(1, 12);
  });

  it('does not count segments of two points moving in line, one behind the other (no swap)', () => {
    // b starts on a's path and moves almost parallel: the segments meet, the pair keeps its sides
    const a: [number, number][] = [
      [0, 0],
      [1, 0.1],
    ];
    const b: [number, number][] = [
      [0.5, 0.02],
      [1.5, 0.04],
    ];
    expect(crossings2d(plane([a, b]), 2, 2).count).toBe(0);
  });

  it('never fires for an invertible step x ↦ x + δ(x) with Lip(δ) < 1, wherever the points are', () => {
    // δ(x) = 0.9·R(x) with R a rotation by 80°: Lip = 0.9, large moves that make many segments intersect
    const c = Math.cos((80 * Math.PI) / 180);
    const sn = Math.sin((80 * Math.PI) / 180);
    const F = 60;
    const trajs: [number, number][][] = [];
    let seed = 11;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31 - 0.5;
    };
    for (let i = 0; i < F; i++) {
      let p: [number, number] = [2 * rand(), 2 * rand()];
      const path: [number, number][] = [p];
      for (let n = 0; n < 5; n++) {
        p = [p[0] + 0.9 * (c * p[0] - sn * p[1]), p[1] + 0.9 * (sn * p[0] + c * p[1])];
        path.push(p);
      }
      trajs.push(path);
    }
    const r = crossings2d(plane(trajs), 6, F);
    expect(r.count).toBe(0);
  });

  it('does not count paths that cross the same place at different depths (a time-dependent ODE can)', () => {
    // b passes through (1, 1) one step after a did
    const a: [number, number][] = [
      [0, 0],
      [2, 2],
      [4, 4],
    ];
    const b: [number, number][] = [
      [5, -5],
      [2, 0],
      [0, 2],
    ];
    expect(crossings2d(plane([a, b]), 3, 2).count).toBe(0);
  });

  it('finds no crossing for concentric rotations (an ODE flow)', () => {
    const L = 40;
    const radii = [0.5, 1, 1.5, 2];
    const trajs = radii.map((r, k) =>
      Array.from({ length: L }, (_, n): [number, number] => {
        const angle = k + (n / (L - 1)) * Math.PI;
        return [r * Math.cos(angle), r * Math.sin(angle)];
      }),
    );
    const res = crossings2d(plane(trajs), L, radii.length);
    expect(res.count).toBe(0);
  });

  it('counts a meeting at a layer once, and parallel overlapping segments not at all', () => {
    const a: [number, number][] = [
      [0, 0],
      [1, 1],
      [2, 0],
    ];
    const b: [number, number][] = [
      [2, 0],
      [1, 1],
      [0, 0],
    ];
    const r = crossings2d(plane([a, b]), 3, 2);
    expect(r.count).toBe(1);
    expect(r.points[0]).toMatchObject({ n: 0, t: 1 });
    const c: [number, number][] = [
      [0, 0],
      [2, 0],
    ];
    const d: [number, number][] = [
      [1, 0],
      [3, 0],
    ];
    expect(crossings2d(plane([c, d]), 2, 2).count).toBe(0);
  });

  it('marks the trajectories involved and counts distinct pairs', () => {
    const a: [number, number][] = [
      [0, 0],
      [2, 2],
    ];
    const b: [number, number][] = [
      [0, 2],
      [2, 0],
    ];
    const c: [number, number][] = [
      [5, 5],
      [6, 6],
    ];
    const r = crossings2d(plane([a, b, c]), 2, 3);
    expect(r.pairs).toBe(1);
    expect(Array.from(r.involved)).toEqual([1, 1, 0]);
  });
});
