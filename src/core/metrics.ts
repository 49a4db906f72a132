// Diagnostics, in float64: how far apart two trajectories are per layer, how wrong an approximate gradient is,
// how smooth the weights are in depth.
import type { NetSpec } from './params';

/**
 * Per-layer distance between two trajectories [L][B][d]: the root mean over the batch of ‖a_n − b_n‖²,
 * i.e. sqrt(1/B Σ_b ‖a_{n,b} − b_{n,b}‖²). Used for ‖x_n − x̃_n‖ and for the distance to the ODE.
 */
export function perLayerDistance(a: Float64Array, b: Float64Array, B: number, d: number): Float64Array {
  const L = a.length / (B * d);
  const out = new Float64Array(L);
  for (let n = 0; n < L; n++) {
    let s = 0;
    for (let i = n * B * d; i < (n + 1) * B * d; i++) {
      const e = a[i] - b[i];
      s += e * e;
    }
    out[n] = Math.sqrt(s / B);
  }
  return out;
}

export function maxOf(v: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, v[i]);
  return m;
}

export function norm2(v: ArrayLike<number>, from = 0, to = v.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

export interface GradError {
  /** ‖g̃ − g‖ / ‖g‖ over all residual parameters. */
  global: number;
  /** ‖g̃_n − g_n‖ / ‖g_n‖ per parameter set (NaN where ‖g_n‖ = 0). */
  perLayer: Float64Array;
}

/** Relative error of an approximate gradient `approx` against the exact `exact`, both [P][setSize]. */
export function relativeGradError(spec: NetSpec, exact: Float64Array, approx: Float64Array): GradError {
  const { P, setSize } = spec;
  const perLayer = new Float64Array(P);
  let num = 0;
  let den = 0;
  for (let n = 0; n < P; n++) {
    let a = 0;
    let b = 0;
    for (let i = n * setSize; i < (n + 1) * setSize; i++) {
      const e = approx[i] - exact[i];
      a += e * e;
      b += exact[i] * exact[i];
    }
    num += a;
    den += b;
    perLayer[n] = b > 0 ? Math.sqrt(a / b) : Number.NaN;
  }
  return { global: den > 0 ? Math.sqrt(num / den) : Number.NaN, perLayer };
}

/** ‖θ_{n+1} − θ_n‖ (Frobenius over the whole set) between the sets the network uses. */
export function weightIncrements(spec: NetSpec, p: Float64Array): Float64Array {
  const { used, setSize } = spec;
  const out = new Float64Array(Math.max(0, used - 1));
  for (let n = 0; n + 1 < used; n++) {
    let s = 0;
    for (let i = 0; i < setSize; i++) {
      const e = p[(n + 1) * setSize + i] - p[n * setSize + i];
      s += e * e;
    }
    out[n] = Math.sqrt(s);
  }
  return out;
}

/** N · max_n ‖θ_{n+1} − θ_n‖: bounded in N when the weights are Lipschitz in depth (Prop. 2, Marion et al.). */
export function smoothnessConstant(spec: NetSpec, p: Float64Array): number {
  return spec.N * maxOf(weightIncrements(spec, p));
}

/** ‖θ_n‖ per parameter set. */
export function weightNorms(spec: NetSpec, p: Float64Array): Float64Array {
  const { P, setSize } = spec;
  const out = new Float64Array(P);
  for (let n = 0; n < P; n++) out[n] = norm2(p, n * setSize, (n + 1) * setSize);
  return out;
}
