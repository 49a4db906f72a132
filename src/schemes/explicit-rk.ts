// The float64 forward, reverse and backward steps of any explicit Runge–Kutta scheme (types.ts Tableau), one
// sample at a time, for any residual kind. Euler and Heun come out bit-identical to their hand-written forms
// (golden-numerics.test.ts): sums Σ b_i k_i are formed first and scaled by h once (0.5·k1 + 0.5·k2 = 0.5·(k1+k2)
// exactly), zero coefficients are skipped, cotangents are formed as (h·b)·ḡ + Σ (h·a)·λ left to right, and the
// first stage's VJP accumulates straight into ∂L/∂x.
import type { NetSpec } from '../core/params';
import { residualKind } from '../residuals';
import type { Float64Residual, Scratch } from '../residuals/types';
import { scheme } from './index';
import type { SchemeInfo } from './types';

type Spec = Pick<
  NetSpec,
  'residual' | 'scheme' | 'd' | 'M' | 'bias' | 'act' | 'c' | 'off' | 'h' | 'N' | 'setSize'
>;

/** Scratch of one sample for a spec's scheme and kind, allocated once per pass. */
export class RkWork {
  readonly f: Float64Residual;
  readonly sch: SchemeInfo;
  readonly sc: Scratch;
  /** Stage slopes k_i. */
  readonly k: Float64Array[];
  /** Stage inputs Y_i (Y_0 is the state itself and is not copied). */
  readonly Y: Float64Array[];
  /** ∂L/∂Y_i of stages i ≥ 1. */
  readonly lam: Float64Array[];
  readonly kbar: Float64Array;
  readonly sum: Float64Array;
  /** A blended set (1−w)θ_n + wθ_{n+1} for fractional stage positions, cached by (n, w). */
  readonly mix: Float64Array;
  readonly gmix: Float64Array;
  private mixN = -1;
  private mixW = -1;
  private mixP: Float64Array | null = null;

  /** `sch` defaults to the spec's scheme from the registry (tests pass a tableau of their own). */
  constructor(
    readonly spec: Spec,
    sch: SchemeInfo = scheme(spec.scheme),
  ) {
    const kind = residualKind(spec.residual);
    this.f = kind.f64;
    this.sch = sch;
    this.sc = kind.scratch(spec);
    const s = this.sch.stages;
    const vecs = () => Array.from({ length: s }, () => new Float64Array(spec.d));
    this.k = vecs();
    this.Y = vecs();
    this.lam = vecs();
    this.kbar = new Float64Array(spec.d);
    this.sum = new Float64Array(spec.d);
    this.mix = new Float64Array(this.sch.mix ? spec.setSize : 0);
    this.gmix = new Float64Array(this.sch.mix ? spec.setSize : 0);
  }

  /** The weights at position w of step n: sets th[to..] (no allocation per sample and stage). */
  th: Float64Array = new Float64Array(0);
  to = 0;
  select(p: Float64Array, n: number, w: number): void {
    const set = this.spec.setSize;
    if (w === 0 || w === 1) {
      this.th = p;
      this.to = (n + w) * set;
      return;
    }
    if (this.mixN !== n || this.mixW !== w || this.mixP !== p) {
      // the interpolating ODE's θ(s) (ode.ts interpolateWeights): the same formula, so w = ½ is (θ_n + θ_{n+1})/2
      const a = n * set;
      const b = (n + 1) * set;
      for (let i = 0; i < set; i++) this.mix[i] = (1 - w) * p[a + i] + w * p[b + i];
      this.mixN = n;
      this.mixW = w;
      this.mixP = p;
    }
    this.th = this.mix;
    this.to = 0;
  }
}

/**
 * Run the stages of one step from the state x[xo..] with step `hs` (h forward, −h reverse) at positions `pos`:
 * the inputs Y_i (i ≥ 1) of every stage, and k_i = f(Y_i) for the first `evaluate` stages.
 */
function stages(
  wk: RkWork,
  p: Float64Array,
  n: number,
  x: Float64Array,
  xo: number,
  hs: number,
  pos: readonly number[],
  evaluate: number,
) {
  const { spec, sch, f, sc } = wk;
  const { d, N } = spec;
  const a = sch.tableau.a;
  for (let i = 0; i < sch.stages; i++) {
    if (i > 0) {
      const Y = wk.Y[i];
      const row = a[i];
      for (let l = 0; l < d; l++) {
        let t = 0;
        let first = true;
        for (let j = 0; j < i; j++) {
          if (row[j] === 0) continue;
          t = first ? row[j] * wk.k[j][l] : t + row[j] * wk.k[j][l];
          first = false;
        }
        Y[l] = x[xo + l] + hs * t;
      }
    }
    if (i >= evaluate) break;
    wk.select(p, n, pos[i]);
    if (i === 0) f.f(spec, wk.th, wk.to, x, xo, (n + pos[i]) / N, wk.k[0], 0, sc);
    else f.f(spec, wk.th, wk.to, wk.Y[i], 0, (n + pos[i]) / N, wk.k[i], 0, sc);
  }
}

/** x ← x + hs Σ b_i k_i. */
function combine(wk: RkWork, x: Float64Array, xo: number, hs: number) {
  const { b } = wk.sch.tableau;
  for (let l = 0; l < wk.spec.d; l++) {
    let t = 0;
    let first = true;
    for (let i = 0; i < b.length; i++) {
      if (b[i] === 0) continue;
      t = first ? b[i] * wk.k[i][l] : t + b[i] * wk.k[i][l];
      first = false;
    }
    x[xo + l] += hs * t;
  }
}

/** One forward step in place on x[xo..xo+d): x_n → x_{n+1}. */
export function stepForward(p: Float64Array, n: number, x: Float64Array, xo: number, wk: RkWork): void {
  stages(wk, p, n, x, xo, wk.spec.h, wk.sch.tableau.w, wk.sch.stages);
  combine(wk, x, xo, wk.spec.h);
}

/** One reverse step in place: x̃_{n+1} → x̃_n, the tableau run with −h at the reverse positions. */
export function stepReverse(p: Float64Array, n: number, x: Float64Array, xo: number, wk: RkWork): void {
  const h = -wk.spec.h;
  // a position w of the reverse step counts from s_n like the forward ones: stage i at (n + reverseW_i)/N
  stages(wk, p, n, x, xo, h, wk.sch.reverseW, wk.sch.stages);
  combine(wk, x, xo, h);
}

/**
 * Backpropagate one step for one sample: given ḡ = ∂L/∂x_{n+1} at gv[go..] and the state x_n at x[xo..],
 * accumulate ∂L/∂θ into gp and overwrite gv with ∂L/∂x_n (eq. 3 for Euler; the stages in reverse order for any
 * tableau: K̄_i = h b_i ḡ + Σ_{j>i} h a_ji λ_j, λ_i = ∂_Y f(Y_i)ᵀ K̄_i, θ^(i) gets ∂_θ f(Y_i)ᵀ K̄_i).
 */
export function stepBackward(
  p: Float64Array,
  n: number,
  x: Float64Array,
  xo: number,
  gv: Float64Array,
  go: number,
  gp: Float64Array,
  wk: RkWork,
): void {
  const { spec, sch, f, sc } = wk;
  const { d, h, N, setSize } = spec;
  const { a, b, w } = sch.tableau;
  const S = sch.stages;
  // the stage inputs Y_1..Y_{S−1}, recomputed from the (stored or reconstructed) x_n
  stages(wk, p, n, x, xo, h, w, S - 1);
  for (let i = S - 1; i >= 0; i--) {
    // K̄_i from the original ḡ (gv is updated only at stage 0)
    const kbar = wk.kbar;
    let any = false;
    for (let l = 0; l < d; l++) {
      let t = 0;
      let first = true;
      if (b[i] !== 0) {
        t = h * b[i] * gv[go + l];
        first = false;
      }
      for (let j = i + 1; j < S; j++) {
        if (a[j][i] === 0) continue;
        t = first ? h * a[j][i] * wk.lam[j][l] : t + h * a[j][i] * wk.lam[j][l];
        first = false;
      }
      kbar[l] = t;
      any ||= !first;
    }
    const lam = wk.lam[i];
    if (i > 0) lam.fill(0);
    else if (S > 1)
      // ∂L/∂x_n = ḡ + Σ_{i≥1} λ_i + λ_0: the λ_i of later stages first, λ_0 accumulates straight into gv
      for (let j = 1; j < S; j++) for (let l = 0; l < d; l++) gv[go + l] += wk.lam[j][l];
    if (!any) continue;
    wk.select(p, n, w[i]);
    const { th, to } = wk;
    const s = (n + w[i]) / N;
    const Y = i === 0 ? x : wk.Y[i];
    const yo = i === 0 ? xo : 0;
    const gx = i === 0 ? gv : lam;
    const gxo = i === 0 ? go : 0;
    f.f(spec, th, to, Y, yo, s, wk.k[i], 0, sc);
    if (w[i] === 0 || w[i] === 1) {
      f.vjp(spec, th, to, Y, yo, s, kbar, 0, gp, (n + w[i]) * setSize, gx, gxo, sc);
    } else {
      const gm = wk.gmix;
      gm.fill(0);
      f.vjp(spec, th, to, Y, yo, s, kbar, 0, gm, 0, gx, gxo, sc);
      const lo = n * setSize;
      const hi = (n + 1) * setSize;
      for (let e = 0; e < setSize; e++) {
        gp[lo + e] += (1 - w[i]) * gm[e];
        gp[hi + e] += w[i] * gm[e];
      }
    }
  }
}
