// The inputs whose trajectories the app draws (and the runner writes): shared by the page and the CLI.
import type { ExperimentConfig } from '../core/config';
import { fan1d } from '../core/data';
import type { Backend } from './backend';

/**
 * The inputs whose trajectories are drawn: an even fan for 1-D data, training points otherwise; at most `max`
 * (a deep net's cap, src/run/readout-cost.ts).
 */
export function fanInputs(
  c: ExperimentConfig,
  data: Backend['data'],
  count: number,
  max = Number.POSITIVE_INFINITY,
): { x: Float64Array; F: number; labels: Int32Array | null } {
  if (c.data.kind === 'square' || c.data.kind === 'neg-square' || c.data.kind === 'curve') {
    const F = Math.min(max, Math.max(2, count));
    return { x: fan1d(c, F), F, labels: null };
  }
  const F = Math.min(
    max,
    Math.max(1, Math.min(data.train.n, data.classification ? Math.max(count, 64) : count)),
  );
  const din = data.inputDim;
  return {
    x: data.train.x.slice(0, F * din),
    F,
    labels: data.train.labels ? data.train.labels.slice(0, F) : null,
  };
}
