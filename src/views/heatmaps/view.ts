// The weight heatmaps view: the weights over depth (entries or per-unit norms) and one per-layer quantity over
// depth × training step, whose columns it collects from the run's snapshots.
import { z } from 'zod';
import { intIn, oneOf } from '../../core/config';
import { weightIncrements, weightNorms } from '../../core/metrics';
import { appendThinned } from '../../core/thin';
import { defineView } from '../types';

/** Columns of the depth × training step figure kept (thinned beyond). */
export const MAX_COLUMNS = 240;

export interface WeightColumn {
  step: number;
  /** ‖θ_n‖ per parameter set. */
  norms: Float64Array;
  /** N‖θ_{n+1} − θ_n‖ between used sets. */
  increments: Float64Array;
  /** The followed weight entry in each set. */
  entry: Float64Array;
  /** Index (in a parameter set) of the followed entry when this column was taken. */
  entryIndex?: number;
}

export const heatmapView = defineView({
  id: 'heatmap',
  title: 'Weight heatmaps',
  menuOrder: 2,
  openByDefault: true,
  options: z.object({
    /** Depth × weight entries: every entry, or per-neuron norms (MLP). */
    mode: oneOf(['entries', 'norms'] as const),
    /** Depth × training step: which per-layer quantity. */
    timeMetric: oneOf(['norm', 'increment', 'entry'] as const),
    /** Index of the weight entry followed over training when timeMetric = 'entry'. */
    entry: intIn(0, 1 << 24),
  }),
  defaults: () => ({ mode: 'entries' as const, timeMetric: 'increment' as const, entry: 0 }),
  needs: () => ({ weights: true }),
  /** The history of per-layer columns: this snapshot's column appended (once per step). */
  compute: (s, o, prev: WeightColumn[] | null): WeightColumn[] => {
    const { spec, weights } = s;
    const history = prev ?? [];
    // a snapshot without the residual sets (this view was closed when it was read): no column for it
    if (!weights.residual || history.at(-1)?.step === s.step) return history;
    const residual = weights.residual;
    const e = Math.min(Math.max(0, o.entry), spec.setSize - 1);
    const column: WeightColumn = {
      step: s.step,
      norms: weightNorms(spec, residual),
      increments: weightIncrements(spec, residual).map((v) => v * spec.N),
      entry: Float64Array.from({ length: spec.P }, (_, n) => residual[n * spec.setSize + e]),
      entryIndex: e,
    };
    return appendThinned(history, [column], MAX_COLUMNS);
  },
});
