// Mini-batch schedule: which training samples step t uses. Random access by step (no replay needed), so the
// CPU and GPU engines, and a resumed run, all pick the same samples.
import { type ExperimentConfig, effectiveBatch, trainSize } from './config';
import { Rng } from './rng';

/** Indices of the samples used at training step t (0-based). */
export function batchIndices(c: ExperimentConfig, t: number): Int32Array {
  const n = trainSize(c);
  const B = effectiveBatch(c);
  if (B >= n) {
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    return all;
  }
  // a fresh permutation per epoch; an epoch is floor(n / B) batches (the remainder is dropped)
  const perEpoch = Math.floor(n / B);
  const epoch = Math.floor(t / perEpoch);
  const k = t - epoch * perEpoch;
  const perm = new Rng(c.seed, `batches/${epoch}`).permutation(n);
  return perm.slice(k * B, (k + 1) * B);
}

/** Gather rows `idx` of a row-major matrix with `cols` columns. */
export function gatherRows(src: Float64Array, cols: number, idx: Int32Array): Float64Array {
  const out = new Float64Array(idx.length * cols);
  for (let r = 0; r < idx.length; r++) out.set(src.subarray(idx[r] * cols, (idx[r] + 1) * cols), r * cols);
  return out;
}
