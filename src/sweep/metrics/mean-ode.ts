// The depth × width sweep: distance of the output to a network deeper and wider than the whole grid (the
// mean-ODE limit, error ∝ 1/√(LM) when that term dominates).
import { networkOutput, RELATIVE_FLOOR, relativeDistance } from '../measure';
import { forwardLabel, NO_CONVERGENCE } from './common';
import type { SweepMetricDef } from './types';

export const meanOde: SweepMetricDef<'meanOde'> = {
  id: 'meanOde',
  label: 'Distance to a large reference (mean ODE)',
  title:
    'Relative distance of the output to that of a network deeper and wider than every point of the grid: ∝ 1/√(LM) in the mean-ODE scaling.',
  plotTitle: 'Distance to a large reference (mean ODE)',
  yLabel: '‖ŷ − ŷ_ref‖ / ‖ŷ_ref‖ (output on a fixed batch)',
  short: 'distance to the large reference',
  sweep: 'widthDepth',
  series: 'configScheme',
  seriesLabel: forwardLabel,
  reference: 'deeperAndWider',
  notes(ctx) {
    const notes: string[] = [];
    const { scale } = ctx.config.model;
    if (!scale.includes('M'))
      notes.push(
        `model.scale is '${scale}': the mean-ODE scaling is 'alpha/(N*M)' or 'sqrt(d)/(N*M)' (the width then enters the residual scale).`,
      );
    if (ctx.init !== 'iid')
      notes.push(`The mean-ODE limit is about i.i.d. initialisation; this config uses '${ctx.init}'.`);
    return notes;
  },
  expected: (ctx) => (ctx.counterExample ? NO_CONVERGENCE : '≈ −½ when 1/√(LM) dominates'),
  hasFloor: true,
  async measure(b, point, env) {
    if (!env.refOutput) throw new Error('no reference output');
    point.y = relativeDistance(await networkOutput(b), env.refOutput);
    point.floor = RELATIVE_FLOOR[point.precision];
  },
  fit: { kind: 'powerLaw', refSlopes: [-0.5] },
};
