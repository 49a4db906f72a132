// N · max‖θₙ₊₁ − θₙ‖: bounded in N when the weights are a smooth function of depth, growing for i.i.d.
import { maxOf } from '../../core/metrics';
import { forwardLabel } from './common';
import type { SweepMetricDef } from './types';

export const smoothness: SweepMetricDef<'smoothness'> = {
  id: 'smoothness',
  label: 'Smoothness N·max‖θₙ₊₁ − θₙ‖',
  title:
    'Bounded in N when the weights are a smooth function of depth (smooth or tied init); grows for i.i.d.',
  plotTitle: 'Weight smoothness in depth',
  yLabel: 'N · maxₙ ‖θₙ₊₁ − θₙ‖',
  short: 'smoothness constant',
  sweep: 'depth',
  series: 'configScheme',
  seriesLabel: forwardLabel,
  expected(ctx) {
    if (ctx.counterExample) return '> 0 (not smooth in depth)';
    return ctx.smooth ? '≈ 0 (bounded)' : '> 0 (grows, i.i.d.)';
  },
  // a property of the weights, not an error of the arithmetic
  hasFloor: false,
  async measure(b, point) {
    const diag = await b.diagnostics();
    point.loss = diag.loss;
    point.y = b.spec.N * maxOf(diag.increments);
    point.floor = 0;
  },
  fit: { kind: 'powerLaw', refSlopes: [0, 1] },
};
