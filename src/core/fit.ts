// Least-squares line through (log x, log y): convergence rates are slopes on log-log axes.

export interface LogLogFit {
  slope: number;
  /** log(y) ≈ intercept + slope·log(x) (natural logs). */
  intercept: number;
  /** Coefficient of determination of the log-log fit. */
  r2: number;
  /** Points used (those with x > 0, y > 0 and both finite). */
  n: number;
}

export function logLogFit(xs: ArrayLike<number>, ys: ArrayLike<number>): LogLogFit {
  const lx: number[] = [];
  const ly: number[] = [];
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const x = xs[i];
    const y = ys[i];
    if (x > 0 && y > 0 && Number.isFinite(x) && Number.isFinite(y)) {
      lx.push(Math.log(x));
      ly.push(Math.log(y));
    }
  }
  const n = lx.length;
  if (n < 2) return { slope: Number.NaN, intercept: Number.NaN, r2: Number.NaN, n };
  const mx = lx.reduce((a, b) => a + b, 0) / n;
  const my = ly.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (lx[i] - mx) ** 2;
    sxy += (lx[i] - mx) * (ly[i] - my);
    syy += (ly[i] - my) ** 2;
  }
  const slope = sxy / sxx;
  const r2 = syy > 0 ? (sxy * sxy) / (sxx * syy) : 1;
  return { slope, intercept: my - slope * mx, r2, n };
}
