// Relative error of the memory-free adjoint gradient against backpropagation (Sander et al., Fig. 3c).
import { RELATIVE_FLOOR } from '../measure';
import { reverseLabel, reverseRate } from './common';
import type { SweepMetricDef } from './types';

export const gradError: SweepMetricDef<'gradError'> = {
  id: 'gradError',
  label: 'Adjoint gradient error (Fig. 3c)',
  title:
    'Relative error ‖g̃ − g‖/‖g‖ of the memory-free adjoint gradient (reverse Euler / reverse Heun) against backpropagation, for a ResNet and a HeunNet.',
  plotTitle: 'Adjoint gradient error',
  yLabel: 'relative gradient error ‖g̃ − g‖ / ‖g‖',
  short: 'gradient error',
  sweep: 'depth',
  series: 'schemes',
  // the adjoint rebuilds the activations with the reverse scheme
  seriesLabel: reverseLabel,
  expected: reverseRate,
  hasFloor: true,
  async measure(b, point) {
    const diag = await b.diagnostics();
    point.loss = diag.loss;
    point.y = diag.gradErrorGlobal;
    point.floor = RELATIVE_FLOOR[point.precision];
  },
  fit: { kind: 'powerLaw', refSlopes: [-1, -2] },
};
