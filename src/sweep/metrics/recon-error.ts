// How far the states rebuilt by running the scheme backwards are from the forward states (max over layers).
import { maxOf } from '../../core/metrics';
import { fixedBatch, RELATIVE_FLOOR, rmsNorm } from '../measure';
import { reverseLabel, reverseRate } from './common';
import type { SweepMetricDef } from './types';

export const reconError: SweepMetricDef<'reconError'> = {
  id: 'reconError',
  label: 'Reconstruction error ‖x − x̃‖',
  title:
    'How far the states rebuilt by running the scheme backwards are from the forward states (max over layers).',
  plotTitle: 'Reverse-pass reconstruction error',
  yLabel: 'maxₙ ‖xₙ − x̃ₙ‖',
  short: 'reconstruction error',
  sweep: 'depth',
  series: 'schemes',
  seriesLabel: reverseLabel,
  expected: reverseRate,
  hasFloor: true,
  async measure(b, point) {
    const diag = await b.diagnostics();
    point.loss = diag.loss;
    point.y = maxOf(diag.reconError);
    // an absolute error: the floor scales with the states
    const { x, B } = fixedBatch(b);
    point.floor = RELATIVE_FLOOR[point.precision] * rmsNorm(await b.finalStates(x, B), B);
  },
  fit: { kind: 'powerLaw', refSlopes: [-1, -2] },
};
