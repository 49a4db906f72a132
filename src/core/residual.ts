// Residual functions f(x, s, θ) and their vector-Jacobian products, in float64, one sample at a time: thin
// dispatchers to the kind's module (src/residuals/), so callers need only the NetSpec.
import { residualKind } from '../residuals';
import type { Scratch } from '../residuals/types';
import type { NetSpec } from './params';

export type { Scratch } from '../residuals/types';
export { activate, activateDeriv } from './activations';

export function makeScratch(spec: Pick<NetSpec, 'residual' | 'M'>): Scratch {
  return residualKind(spec.residual).scratch(spec);
}

/**
 * out[oo..oo+d) = f(x[xo..xo+d), s, θ) with θ = p[po..po+setSize) at depth s. `out` may not alias `x`.
 * Leaves in `sc` what the VJP needs (an MLP's pre-activations and activations).
 */
export function residual(
  spec: NetSpec,
  p: Float64Array,
  po: number,
  x: Float64Array,
  xo: number,
  s: number,
  out: Float64Array,
  oo: number,
  sc: Scratch,
): void {
  residualKind(spec.residual).f64.f(spec, p, po, x, xo, s, out, oo, sc);
}

/**
 * Vector-Jacobian products of f at the point last evaluated by `residual` (same x, s, θ, scratch):
 *   gp[gpo..] += ∂θ f(x, s, θ)ᵀ u        gx[gxo..] += ∂x f(x, s, θ)ᵀ u  (skipped when gx is null)
 */
export function residualVjp(
  spec: NetSpec,
  p: Float64Array,
  po: number,
  x: Float64Array,
  xo: number,
  s: number,
  u: Float64Array,
  uo: number,
  gp: Float64Array,
  gpo: number,
  gx: Float64Array | null,
  gxo: number,
  sc: Scratch,
): void {
  residualKind(spec.residual).f64.vjp(spec, p, po, x, xo, s, u, uo, gp, gpo, gx, gxo, sc);
}
