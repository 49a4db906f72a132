// Wording the metrics share.
import type { SchemeFacts } from '../schemes';
import type { PlanContext } from './types';

/** "ResNet (reverse Euler)": the series of a metric measured on the reverse pass. */
export const reverseLabel = (s: SchemeFacts) => `${s.netName} (reverse ${s.method})`;
/** "ResNet (Euler)": the series of a metric of the forward network. */
export const forwardLabel = (s: SchemeFacts) => `${s.netName} (${s.method})`;

/** §3.1's counter-examples do not converge: their expected slope, whatever the metric (smoothness aside). */
export const NO_CONVERGENCE = '≈ 0 (not smooth in depth: no convergence)';

/** Reverse-pass rates (reconstruction, adjoint gradient): −1 for Euler; −2 or steeper for Heun with smooth weights. */
export function reverseRate(ctx: PlanContext, s: SchemeFacts): string {
  if (ctx.counterExample) return NO_CONVERGENCE;
  if (s.order === 1) return '≈ −1';
  return ctx.smooth ? '≤ −2 (smooth weights)' : 'flatter than −2 (i.i.d. weights)';
}
