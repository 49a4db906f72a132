// Decision regions: the model's output over the grid of inputs the run's snapshot carries (src/run/snapshot.ts).
import { readout } from '../../core/loss';
import type { GridStates, SnapshotData } from '../../run/snapshot';

/** A grid of inputs over the data's bounding box and the model's output there (2-D inputs only). */
export interface OutputGrid {
  nx: number;
  ny: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  /** Classification: probability of class 1 (2 classes) or arg-max class; regression: first output. Row-major [ny][nx]. */
  values: Float32Array;
}

/** The read-out at the grid's final states: P(class 1), the arg-max class, or the first output. */
export function gridValues(
  g: GridStates,
  s: Pick<SnapshotData, 'spec' | 'weights' | 'classification'>,
): OutputGrid {
  const F = g.nx * g.ny;
  const K = s.spec.outputDim;
  const xS = g.xS instanceof Float64Array ? g.xS : Float64Array.from(g.xS);
  const logits = readout(s.spec, s.weights, xS, F);
  const values = new Float32Array(F);
  for (let p = 0; p < F; p++) {
    const l = logits.subarray(p * K, (p + 1) * K);
    if (s.classification && K === 2) values[p] = 1 / (1 + Math.exp(l[0] - l[1]));
    else if (s.classification) values[p] = l.indexOf(Math.max(...l));
    else values[p] = l[0];
  }
  return { nx: g.nx, ny: g.ny, x0: g.x0, x1: g.x1, y0: g.y0, y1: g.y1, values };
}
