// Helpers for tests (CPU and GPU alike): build configs from partial overrides, compare arrays.
import { batchIndices, gatherRows } from './batches';
import { type ExperimentConfig, formatErrors, parseConfig, residualLrMultiplier } from './config';
import { makeDataset } from './data';
import { defaultConfigV2 } from './defaults-history';
import { computeGradients } from './gradients';
import { makeOptState, optimStep } from './optim';
import { initWeights, netSpec } from './params';

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/**
 * The default config with `over` merged in, validated (throws with the field messages if invalid). The base is the
 * default the tests' pinned numbers were measured with (link version 2's), not the app's current one.
 */
export function makeConfig(over: DeepPartial<ExperimentConfig>): ExperimentConfig {
  const base = defaultConfigV2();
  const c = {
    ...base,
    ...over,
    data: { ...base.data, ...over.data },
    model: { ...base.model, ...over.model },
    init: { ...base.init, ...over.init },
    train: { ...base.train, ...over.train },
  } as ExperimentConfig;
  const r = parseConfig(c);
  if (!r.ok) throw new Error(`invalid test config:\n${formatErrors(r.errors)}`);
  return r.config;
}

/** Norm-wise relative error ‖a − b‖ / max(‖b‖, tiny). */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch: ${a.length} vs ${b.length}`);
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    const e = a[i] - b[i];
    num += e * e;
    den += b[i] * b[i];
  }
  if (!Number.isFinite(num)) return Number.POSITIVE_INFINITY;
  return Math.sqrt(num) / Math.max(Math.sqrt(den), 1e-300);
}

/**
 * Training step 0 by the float64 reference, as every engine's test checks it: the initial weights, the first
 * mini-batch, its gradients and the weights after one optimizer step from fresh moments.
 */
export function referenceStep0(c: ExperimentConfig) {
  const spec = netSpec(c);
  const w = initWeights(c, spec);
  const ds = makeDataset(c);
  const idx = batchIndices(c, 0);
  const B = idx.length;
  const x = gatherRows(ds.train.x, ds.inputDim, idx);
  const y = gatherRows(ds.train.y, ds.outputDim, idx);
  const g = computeGradients(spec, w, x, y, B, c.train.loss, c.train.gradMode);
  const next = { residual: w.residual.slice(), readoutW: w.readoutW.slice(), readoutB: w.readoutB.slice() };
  const lr = c.train.lr;
  optimStep(
    c.train,
    lr * residualLrMultiplier(c),
    next.residual,
    g.grad,
    makeOptState(next.residual.length),
    1,
  );
  if (spec.readout === 'trained') {
    optimStep(c.train, lr, next.readoutW, g.gReadoutW, makeOptState(next.readoutW.length), 1);
    optimStep(c.train, lr, next.readoutB, g.gReadoutB, makeOptState(next.readoutB.length), 1);
  }
  return { spec, w, g, next, x, y, B };
}
