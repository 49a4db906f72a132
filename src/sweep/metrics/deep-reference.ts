// Relative distance of the output to that of a much deeper network with the same init function and the same
// training (Marion et al.): halves when N doubles.
import { networkOutput, RELATIVE_FLOOR, relativeDistance } from '../measure';
import { forwardLabel, forwardRate, NO_CONVERGENCE } from './common';
import type { SweepMetricDef } from './types';

export const deepReference: SweepMetricDef<'deepReference'> = {
  id: 'deepReference',
  label: 'Distance to a 4× deeper network',
  title:
    'Relative distance of the output to that of a network 4× deeper than the deepest point (same init function, same training): halves when N doubles (Marion et al.).',
  plotTitle: 'Distance to a much deeper network',
  yLabel: '‖ŷ − ŷ_ref‖ / ‖ŷ_ref‖ (output on a fixed batch)',
  short: 'distance to the deep reference',
  sweep: 'depth',
  series: 'configScheme',
  seriesLabel: forwardLabel,
  reference: 'deeper',
  notes: (ctx) =>
    ctx.init === 'iid'
      ? ['With i.i.d. weights a deeper network is a different random draw: expect no convergence.']
      : [],
  expected(ctx, s) {
    if (ctx.counterExample) return NO_CONVERGENCE;
    return forwardRate(s);
  },
  hasFloor: true,
  async measure(b, point, env) {
    if (!env.refOutput) throw new Error('no reference output');
    point.y = relativeDistance(await networkOutput(b), env.refOutput);
    point.floor = RELATIVE_FLOOR[point.precision];
  },
  fit: { kind: 'powerLaw', refSlopes: [-1, -2] },
};
