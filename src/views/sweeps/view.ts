// The sweeps view: a quantity measured over depths N (and widths M), with fitted slopes or crossing depths. Its
// options say what to sweep (the metrics come from src/sweep/metrics); the sweep itself runs apart from the main
// run (src/run/sweep-runner.ts).
import { z } from 'zod';
import { intIn, oneOf, SCHEMES } from '../../core/config';
import { SWEEP_METRIC_IDS, type SweepMetricId } from '../../sweep/metrics';
import { defineView } from '../types';

export type SweepMetric = SweepMetricId;

const depth = intIn(1, 8192);

export const sweepView = defineView({
  id: 'sweep',
  title: 'Sweeps',
  menuOrder: 4,
  openByDefault: false,
  options: z.object({
    kind: oneOf(['depth', 'widthDepth'] as const),
    metric: oneOf(SWEEP_METRIC_IDS),
    /** Depths N of a depth sweep. */
    depths: z.array(depth, { error: 'must be a comma-separated list of depths' }).min(1).max(24),
    /** Widths M of a depth × width sweep (mean-ODE scaling). */
    widths: z.array(intIn(1, 1024), { error: 'must be a comma-separated list of widths' }).min(1).max(12),
    /** Training steps before measuring (0 = at initialisation). */
    trainSteps: intIn(0, 100_000),
    /** Where the sweep runs: GPU (float32) or the float64 CPU engine. */
    precision: oneOf(['gpu', 'cpu'] as const),
    /** The schemes a comparison sweep runs, one series each (metrics that compare schemes only). */
    schemes: z
      .array(oneOf(SCHEMES), { error: `must be a comma-separated list of ${SCHEMES.join(', ')}` })
      .min(1)
      .max(SCHEMES.length)
      .refine((a) => new Set(a).size === a.length, { error: 'lists a scheme twice' }),
  }),
  defaults: () => ({
    kind: 'depth' as const,
    metric: 'gradError' as const,
    depths: [4, 8, 16, 32, 64, 128, 256],
    widths: [4, 16, 64],
    trainSteps: 0,
    precision: 'gpu' as const,
    schemes: ['euler', 'heun'] as (typeof SCHEMES)[number][],
  }),
});
