// Validation of the views part of a link (mirrors ViewsState in src/state/experiment.ts; a unit test checks that
// the defaults pass, so the two cannot drift apart silently).
import { z } from 'zod';
import { intIn, numIn, oneOf, SCHEMES } from '../core/config';
import { VIEW_IDS } from '../state/experiment';
import { SWEEP_METRIC_IDS } from '../sweep/metrics';

const bool = () => z.boolean({ error: 'must be 0 or 1' });
const depth = intIn(1, 8192);

export const viewsSchema = z.object({
  open: z
    .array(oneOf(VIEW_IDS), { error: `must be a comma-separated list of ${VIEW_IDS.join(', ')}` })
    .max(VIEW_IDS.length)
    .refine((a) => new Set(a).size === a.length, { error: 'lists a view twice' }),
  trajectories: z.object({
    showOde: bool(),
    highlightCrossings: bool(),
    particles: bool(),
    regions: bool(),
    fan: intIn(2, 256),
  }),
  heatmap: z.object({
    mode: oneOf(['entries', 'norms'] as const),
    timeMetric: oneOf(['norm', 'increment', 'entry'] as const),
    entry: intIn(0, 1 << 24),
  }),
  curves: z.object({ logScale: bool(), showTest: bool(), showAccuracy: bool(), showGradError: bool() }),
  sweep: z.object({
    kind: oneOf(['depth', 'widthDepth'] as const),
    metric: oneOf(SWEEP_METRIC_IDS),
    depths: z.array(depth, { error: 'must be a comma-separated list of depths' }).min(1).max(24),
    widths: z.array(intIn(1, 1024), { error: 'must be a comma-separated list of widths' }).min(1).max(12),
    trainSteps: intIn(0, 100_000),
    precision: oneOf(['gpu', 'cpu'] as const),
    schemes: z
      .array(oneOf(SCHEMES), { error: `must be a comma-separated list of ${SCHEMES.join(', ')}` })
      .min(1)
      .max(SCHEMES.length)
      .refine((a) => new Set(a).size === a.length, { error: 'lists a scheme twice' }),
  }),
  speed: numIn(0.25, 16),
});
