// Residual functions f(x, θ) and their vector-Jacobian products, in float64, one sample at a time.
// linear: f(x) = θ x + b.   mlp: f(h) = V σ(c·W h + b).
import type { Activation } from './config';
import type { NetSpec } from './params';

const GELU_K = Math.sqrt(2 / Math.PI);

/**
 * σ(a). GELU is the tanh form (PyTorch's approximate='tanh'): WGSL has no erf, and GPU and CPU must compute
 * the same function.
 */
export function activate(act: Activation, a: number): number {
  switch (act) {
    case 'relu':
      return Math.max(a, 0); // propagates NaN, so a diverged run is detected
    case 'tanh':
      return Math.tanh(a);
    case 'gelu':
      return 0.5 * a * (1 + Math.tanh(GELU_K * (a + 0.044715 * a * a * a)));
    case 'identity':
      return a;
  }
}

/** σ'(a); ReLU's derivative at 0 is taken as 0. */
export function activateDeriv(act: Activation, a: number): number {
  switch (act) {
    case 'relu':
      return a > 0 ? 1 : 0;
    case 'tanh': {
      const t = Math.tanh(a);
      return 1 - t * t;
    }
    case 'gelu': {
      const u = GELU_K * (a + 0.044715 * a * a * a);
      const t = Math.tanh(u);
      return 0.5 * (1 + t) + 0.5 * a * (1 - t * t) * GELU_K * (1 + 3 * 0.044715 * a * a);
    }
    case 'identity':
      return 1;
  }
}

/** Scratch space for one sample (pre-activations and activations of an MLP block). */
export interface Scratch {
  a: Float64Array;
  z: Float64Array;
  gz: Float64Array;
}

export function makeScratch(spec: NetSpec): Scratch {
  const m = Math.max(1, spec.M);
  return { a: new Float64Array(m), z: new Float64Array(m), gz: new Float64Array(m) };
}

/**
 * out[oo..oo+d) = f(x[xo..xo+d), θ) with θ = p[po..po+setSize). `out` may not alias `x`.
 * For MLPs, leaves the pre-activation a and activation z in `sc` (the VJP uses them).
 */
export function residual(
  spec: NetSpec,
  p: Float64Array,
  po: number,
  x: Float64Array,
  xo: number,
  out: Float64Array,
  oo: number,
  sc: Scratch,
): void {
  const { d, M, off } = spec;
  if (spec.residual === 'linear') {
    for (let i = 0; i < d; i++) {
      let s = off.b >= 0 ? p[po + off.b + i] : 0;
      const row = po + off.theta + i * d;
      for (let j = 0; j < d; j++) s += p[row + j] * x[xo + j];
      out[oo + i] = s;
    }
    return;
  }
  const { c, act } = spec;
  for (let j = 0; j < M; j++) {
    let s = 0;
    const row = po + off.W + j * d;
    for (let k = 0; k < d; k++) s += p[row + k] * x[xo + k];
    const a = c * s + (off.b >= 0 ? p[po + off.b + j] : 0);
    sc.a[j] = a;
    sc.z[j] = activate(act, a);
  }
  for (let i = 0; i < d; i++) {
    let s = 0;
    const row = po + off.V + i * M;
    for (let j = 0; j < M; j++) s += p[row + j] * sc.z[j];
    out[oo + i] = s;
  }
}

/**
 * Vector-Jacobian products of f at the point last evaluated by `residual` (same x, θ, scratch):
 *   gp[gpo..] += ∂θ f(x, θ)ᵀ u        gx[gxo..] += ∂x f(x, θ)ᵀ u  (skipped when gx is null)
 */
export function residualVjp(
  spec: NetSpec,
  p: Float64Array,
  po: number,
  x: Float64Array,
  xo: number,
  u: Float64Array,
  uo: number,
  gp: Float64Array,
  gpo: number,
  gx: Float64Array | null,
  gxo: number,
  sc: Scratch,
): void {
  const { d, M, off } = spec;
  if (spec.residual === 'linear') {
    for (let i = 0; i < d; i++) {
      const ui = u[uo + i];
      const row = off.theta + i * d;
      for (let j = 0; j < d; j++) {
        gp[gpo + row + j] += ui * x[xo + j];
        if (gx) gx[gxo + j] += p[po + row + j] * ui;
      }
      if (off.b >= 0) gp[gpo + off.b + i] += ui;
    }
    return;
  }
  const { c, act } = spec;
  const gz = sc.gz;
  gz.fill(0, 0, M);
  for (let i = 0; i < d; i++) {
    const ui = u[uo + i];
    const row = off.V + i * M;
    for (let j = 0; j < M; j++) {
      gp[gpo + row + j] += ui * sc.z[j];
      gz[j] += p[po + row + j] * ui;
    }
  }
  for (let j = 0; j < M; j++) {
    const ga = activateDeriv(act, sc.a[j]) * gz[j];
    if (off.b >= 0) gp[gpo + off.b + j] += ga;
    const row = off.W + j * d;
    const cga = c * ga;
    for (let k = 0; k < d; k++) {
      gp[gpo + row + k] += cga * x[xo + k];
      if (gx) gx[gxo + k] += p[po + row + k] * cga;
    }
  }
}
