// Distance of the network's states to the neural ODE with linearly interpolated weights (float64 RK4).
import { embed } from '../../core/reference';
import { fixedBatch, RELATIVE_FLOOR, rmsNorm } from '../measure';
import { forwardLabel, forwardRate, NO_CONVERGENCE, slopeText } from './common';
import type { SweepMetricDef } from './types';

export const odeDistance: SweepMetricDef<'odeDistance'> = {
  id: 'odeDistance',
  label: 'Distance to the neural ODE',
  title:
    'Distance of the ResNet’s states to the neural ODE with linearly interpolated weights (float64 RK4).',
  plotTitle: 'Distance to the neural ODE',
  yLabel: 'maxₙ ‖xₙ − x(sₙ)‖',
  short: 'distance to the ODE',
  sweep: 'depth',
  series: 'configScheme',
  seriesLabel: forwardLabel,
  expected(ctx, s) {
    if (ctx.counterExample) return NO_CONVERGENCE;
    if (s.order === 1) return ctx.smooth ? '≈ −1' : '≈ −½ (i.i.d.)';
    return ctx.smooth
      ? `${forwardRate(s)} (smooth weights)`
      : `flatter than ${slopeText(s.odeRate)} (i.i.d. weights)`;
  },
  hasFloor: true,
  solvesOde: true,
  async measure(b, point, env) {
    const { spec } = b;
    const { x, B } = fixedBatch(b);
    const [w, states] = await Promise.all([b.readWeights(), b.trajectories(x, B)]);
    const s64 = states instanceof Float64Array ? states : new Float64Array(states);
    point.y = await env.odeDistance({ spec, residual: w.residual, x0: embed(spec, w, x, B), states: s64, B });
    point.floor = RELATIVE_FLOOR[point.precision] * rmsNorm(s64.subarray(spec.steps * B * spec.d), B);
  },
  fit: { kind: 'powerLaw', refSlopes: [-1, -2] },
};
