import { describe, expect, it } from 'vitest';
import { pca, project, symmetricEigen } from './pca';

describe('symmetricEigen', () => {
  it('diagonalises a known symmetric matrix', () => {
    // eigenvalues of [[2,1,0],[1,2,0],[0,0,5]] are 5, 3, 1
    const { values, vectors } = symmetricEigen([2, 1, 0, 1, 2, 0, 0, 0, 5], 3);
    expect(values[0]).toBeCloseTo(5, 12);
    expect(values[1]).toBeCloseTo(3, 12);
    expect(values[2]).toBeCloseTo(1, 12);
    expect(Math.abs(vectors[0][2])).toBeCloseTo(1, 12);
    expect(Math.abs(vectors[1][0])).toBeCloseTo(Math.SQRT1_2, 12);
    expect(vectors[1][0] * vectors[1][1]).toBeGreaterThan(0); // (1, 1)/√2
  });

  it('reconstructs a random symmetric matrix A = Σ λ v vᵀ', () => {
    const n = 12;
    const a = new Float64Array(n * n);
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31 - 0.5;
    };
    for (let i = 0; i < n; i++)
      for (let j = i; j < n; j++) {
        a[i * n + j] = rand();
        a[j * n + i] = a[i * n + j];
      }
    const { values, vectors } = symmetricEigen(a, n);
    for (let k = 1; k < n; k++) expect(values[k]).toBeLessThanOrEqual(values[k - 1]);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += values[k] * vectors[k][i] * vectors[k][j];
        expect(s).toBeCloseTo(a[i * n + j], 10);
      }
  });
});

describe('pca', () => {
  it('finds the axes and variances of points spread along known directions', () => {
    // points in 3-D: large spread along u = (1,1,0)/√2, small along w = (0,0,1), none along (1,-1,0)
    const u = [Math.SQRT1_2, Math.SQRT1_2, 0];
    const pts: number[] = [];
    const a = [-3, -1, 1, 3];
    const b = [-0.5, 0.5];
    for (const s of a) for (const t of b) pts.push(1 + s * u[0], 2 + s * u[1], -1 + t);
    const count = pts.length / 3;
    const p = pca(pts, count, 3);
    expect(Array.from(p.mean)).toEqual([1, 2, -1].map((v) => expect.closeTo(v, 12)));
    expect(p.variances[0]).toBeCloseTo(5, 12); // mean of s² over {±1, ±3}
    expect(p.variances[1]).toBeCloseTo(0.25, 12);
    expect(p.total).toBeCloseTo(5.25, 12);
    expect(p.explained).toBeCloseTo(1, 12);
    expect(Math.abs(p.axes[0][0] * u[0] + p.axes[0][1] * u[1])).toBeCloseTo(1, 12);
    expect(Math.abs(p.axes[1][2])).toBeCloseTo(1, 12);
    // projections keep the distances within the plane
    const xy = project(p, pts, count);
    expect(Math.abs(xy[0] - xy[2 * 6])).toBeCloseTo(6, 10); // s = -3 vs s = 3, same t
  });

  it('reports the explained fraction when a third direction carries variance', () => {
    const pts = [2, 0, 0, -2, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 0.5, 0, 0, -0.5];
    const p = pca(pts, 6, 3);
    // variances 8/6, 2/6, 0.5/6
    expect(p.explained).toBeCloseTo(10 / 10.5, 12);
  });

  it('keeps axis signs aligned with the previous fit, and is deterministic without one', () => {
    const pts = [1, 0, -1, 0, 0, 0.2, 0, -0.2];
    const first = pca(pts, 4, 2);
    expect(first.axes[0][0]).toBeGreaterThan(0); // largest coordinate positive
    const flipped = [new Float64Array([-1, 0]), new Float64Array([0, -1])];
    const aligned = pca(pts, 4, 2, 2, flipped);
    expect(aligned.axes[0][0]).toBeCloseTo(-1, 12);
    expect(aligned.axes[1][1]).toBeCloseTo(-1, 12);
  });

  it('ignores non-finite points and handles points that do not vary', () => {
    const p = pca([1, 1, 1, 1, Number.NaN, 3], 3, 2);
    expect(p.total).toBe(0);
    expect(p.explained).toBe(1);
    expect(Array.from(p.mean)).toEqual([1, 1]);
  });
});
