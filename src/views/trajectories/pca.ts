// Principal component analysis for drawing d > 2 trajectories in a plane: the covariance of all states is
// diagonalised exactly (cyclic Jacobi; d ≤ 256 keeps this cheap) and the states are projected on the top axes.
// Axis signs are kept aligned with the previous fit so a live plot does not flip between snapshots.

export interface Pca {
  dim: number;
  mean: Float64Array;
  /** Unit principal axes, largest variance first. */
  axes: Float64Array[];
  /** Variance along each axis. */
  variances: number[];
  /** Total variance (trace of the covariance). */
  total: number;
  /** Fraction of the total variance the axes explain (1 when the points do not vary). */
  explained: number;
}

/**
 * Eigen-decomposition of a symmetric n×n matrix (row-major). Returns eigenvalues in descending order and
 * the matching unit eigenvectors.
 */
export function symmetricEigen(
  matrix: ArrayLike<number>,
  n: number,
): { values: number[]; vectors: Float64Array[] } {
  const a = new Float64Array(matrix as ArrayLike<number>);
  // v holds the accumulated rotations; its columns become the eigenvectors
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(a[i]));
  for (let sweep = 0; sweep < 100 && scale > 0; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q] * a[p * n + q];
    if (Math.sqrt(off) <= 1e-15 * scale * n) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (Math.abs(apq) <= 1e-300) continue;
        // rotation angle that zeroes a[p][q] (Numerical Recipes' stable form)
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j * n + j] - a[i * n + i]);
  return {
    values: order.map((i) => a[i * n + i]),
    vectors: order.map((i) => Float64Array.from({ length: n }, (_, k) => v[k * n + i])),
  };
}

/**
 * PCA of `count` points of dimension `dim` stored row-major in `points`, keeping `k` axes. `previous` axes
 * (from the last fit) fix the signs; without them the largest-magnitude coordinate of each axis is positive.
 * `stride` > 1 fits on every stride-th point (bounds the cost of the covariance for many high-dimensional points).
 */
export function pca(
  points: ArrayLike<number>,
  count: number,
  dim: number,
  k = 2,
  previous?: Float64Array[] | null,
  stride = 1,
): Pca {
  const mean = new Float64Array(dim);
  let used = 0;
  const step = Math.max(1, Math.floor(stride));
  for (let p = 0; p < count; p += step) {
    if (!finiteRow(points, p, dim)) continue;
    used++;
    for (let i = 0; i < dim; i++) mean[i] += points[p * dim + i];
  }
  if (used > 0) for (let i = 0; i < dim; i++) mean[i] /= used;
  const cov = new Float64Array(dim * dim);
  const row = new Float64Array(dim);
  for (let p = 0; p < count; p += step) {
    if (!finiteRow(points, p, dim)) continue;
    for (let i = 0; i < dim; i++) row[i] = points[p * dim + i] - mean[i];
    for (let i = 0; i < dim; i++) {
      const ri = row[i];
      if (ri === 0) continue;
      for (let j = i; j < dim; j++) cov[i * dim + j] += ri * row[j];
    }
  }
  for (let i = 0; i < dim; i++)
    for (let j = i; j < dim; j++) {
      cov[i * dim + j] /= Math.max(1, used);
      cov[j * dim + i] = cov[i * dim + j];
    }
  let total = 0;
  for (let i = 0; i < dim; i++) total += cov[i * dim + i];
  const kk = Math.min(k, dim);
  const { values, vectors } = symmetricEigen(cov, dim);
  const axes = vectors.slice(0, kk);
  const variances = values.slice(0, kk).map((v) => Math.max(0, v));
  for (let a = 0; a < kk; a++) {
    const ref = previous?.[a];
    let flip: boolean;
    if (ref && ref.length === dim) flip = dot(axes[a], ref) < 0;
    else {
      let big = 0;
      for (let i = 1; i < dim; i++) if (Math.abs(axes[a][i]) > Math.abs(axes[a][big]) + 1e-12) big = i;
      flip = axes[a][big] < 0;
    }
    if (flip) for (let i = 0; i < dim; i++) axes[a][i] = -axes[a][i];
  }
  const kept = variances.reduce((s, v) => s + v, 0);
  return { dim, mean, axes, variances, total, explained: total > 0 ? Math.min(1, kept / total) : 1 };
}

/** Coordinates of `count` points on the axes of `p`, row-major [count][axes]. */
export function project(p: Pca, points: ArrayLike<number>, count: number): Float64Array {
  const { dim, mean, axes } = p;
  const k = axes.length;
  const out = new Float64Array(count * k);
  for (let q = 0; q < count; q++)
    for (let a = 0; a < k; a++) {
      let s = 0;
      for (let i = 0; i < dim; i++) s += (points[q * dim + i] - mean[i]) * axes[a][i];
      out[q * k + a] = s;
    }
  return out;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function finiteRow(points: ArrayLike<number>, p: number, dim: number): boolean {
  for (let i = 0; i < dim; i++) if (!Number.isFinite(points[p * dim + i])) return false;
  return true;
}
