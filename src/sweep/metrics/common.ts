// Wording the metrics share.
import type { SchemeFacts } from '../schemes';
import type { PlanContext } from './types';

/** "ResNet (reverse Euler)": the series of a metric measured on the reverse pass. */
export const reverseLabel = (s: SchemeFacts) => `${s.netName} (reverse ${s.method})`;
/** "ResNet (Euler)": the series of a metric of the forward network. */
export const forwardLabel = (s: SchemeFacts) => `${s.netName} (${s.method})`;

/** §3.1's counter-examples do not converge: their expected slope, whatever the metric (smoothness aside). */
export const NO_CONVERGENCE = '≈ 0 (not smooth in depth: no convergence)';

/** A slope with a real minus sign: −5, −½. */
export const slopeText = (v: number) => (v === -0.5 ? '−½' : `${v < 0 ? '−' : ''}${Math.abs(v)}`);

/**
 * Reverse-pass rates (reconstruction, adjoint gradient), from the scheme registry: −p for an odd order p (Euler:
 * −1, smoothness aside); for an even order, −(p + 1) with smooth weights (forward-then-reverse cancels the
 * leading local error: schemes/rates.test.ts; Heun and midpoint −3, RK4 −5) and flatter with i.i.d. weights.
 */
export function reverseRate(ctx: PlanContext, s: SchemeFacts): string {
  if (ctx.counterExample) return NO_CONVERGENCE;
  if (s.order % 2 === 1) return `≈ ${slopeText(s.reconRate)}`;
  const r = slopeText(s.reconRate);
  return ctx.smooth ? `≈ ${r} (smooth weights)` : `flatter than ${r} (i.i.d. weights)`;
}

/** Forward rates (distance to the ODE, to a deeper net) with smooth weights: −p. */
export const forwardRate = (s: SchemeFacts) => `≈ ${slopeText(s.odeRate)}`;
