// The memory plan of a whole run: every buffer of the training, evaluation and diagnostic contexts, the step
// ring's layout and the run's kernel variant, computed before anything is allocated. Pure: no GPU here.
import { type ExperimentConfig, effectiveBatch } from '../core/config';
import type { Dataset } from '../core/data';
import type { NetSpec } from '../core/params';
import { CHECKPOINTS } from '../core/training-state';
import { structSize } from './contract';
import { DEST, LOSS_RECORD, OPT } from './defs';
import { align } from './gpu';
import {
  type AdapterClass,
  type ContextPlan,
  contextBuffers,
  contextPlan,
  F32,
  groups,
  midSets,
  type PlanLimits,
  type PlannedBuffer,
  pickVariant,
} from './plan';

/** Training steps encoded per submit at most (size of the per-step uniform ring). */
export const MAX_STEPS_PER_SUBMIT = 64;
/** Capacity of the on-GPU loss history ring (steps between two reads of the losses). */
export const LOSS_RING = 8192;

/** One step's uniforms in the step ring: where each struct sits (256-byte aligned slots) and the stride. */
export const RING = (() => {
  const optResidual = 0;
  const optReadout = align(structSize(OPT));
  const dest = optReadout + align(structSize(OPT));
  return { optResidual, optReadout, dest, stride: dest + align(structSize(DEST)) };
})();

export interface RunPlan {
  B: number;
  buffers: PlannedBuffer[];
  /** Most workgroups any sweep dispatches. */
  maxGroups: number;
  contexts: { train: ContextPlan; evalTrain: ContextPlan; evalTest: ContextPlan | null; diag: ContextPlan };
}

/** Every buffer a run will allocate, computed before allocating any. */
export function planRun(
  c: ExperimentConfig,
  spec: NetSpec,
  data: Dataset,
  diagBatch: number,
  limits: PlanLimits,
  variant?: string,
  adapter: AdapterClass = 'gpu',
): RunPlan {
  const B = effectiveBatch(c);
  const { d, outputDim: K, P, setSize } = spec;
  const exact = c.train.gradMode === 'exact';
  // one variant for every context of the run (picked by the training batch): one shader module per run
  const v = pickVariant(spec, B, limits, variant, adapter).name;
  const plan = (n: number, o: { storeStates: boolean; backward: boolean; diagnostics: boolean }) =>
    contextPlan(spec, n, limits, { ...o, variant: v });
  const train = plan(B, { storeStates: exact, backward: true, diagnostics: false });
  const evalOnly = { storeStates: false, backward: false, diagnostics: false };
  const evalTrain = plan(data.train.n, evalOnly);
  const hasTest = data.test.n > 0 && data.test !== data.train;
  const evalTest = hasTest ? plan(data.test.n, evalOnly) : null;
  const diag = plan(Math.min(diagBatch, data.train.n), {
    storeStates: true,
    backward: true,
    diagnostics: true,
  });
  const nRes = P * setSize;
  const nRead = K * d + K;
  // blended sets θ_{n+½} (midpoint, RK4) live in the params buffer after the P sets: parameter-sized, and copied
  // with it by checkpoints
  const nMid = midSets(spec) * setSize;
  const as = (kind: PlannedBuffer['kind']) => (b: PlannedBuffer) => ({ ...b, kind });
  const buffers: PlannedBuffer[] = [
    {
      name: 'params',
      bytes: (nRes + nMid) * F32,
      kind: 'weights',
      holds: nMid
        ? `residual weights and the ${midSets(spec)} blended sets (θₙ + θₙ₊₁)/2 of the half-step stages`
        : 'residual weights',
    },
    { name: 'readout', bytes: nRead * F32, kind: 'weights', holds: 'read-out weights' },
    { name: 'opt.m+v', bytes: 2 * (nRes + nRead) * F32, kind: 'optimizer', holds: 'optimizer moments' },
    {
      name: 'checkpoint',
      bytes: CHECKPOINTS * (3 * (nRes + nRead) + nMid) * F32,
      kind: 'optimizer',
      holds: `the last ${CHECKPOINTS} checkpoints of the weights and moments (rollback on divergence)`,
    },
    { name: 'data.train', bytes: data.train.n * (d + K + 1) * F32, kind: 'data', holds: 'training set' },
    {
      name: 'data.test',
      bytes: hasTest ? data.test.n * (d + K + 1) * F32 : 0,
      kind: 'data',
      holds: 'test set',
    },
    {
      name: 'ring',
      bytes: MAX_STEPS_PER_SUBMIT * (align(B * 4) + RING.stride) + B * 4,
      kind: 'io',
      holds: 'per-step batch indices and uniforms',
    },
    {
      name: 'loss.history',
      bytes: LOSS_RING * LOSS_RECORD * F32,
      kind: 'io',
      holds: 'loss, hits and divergence reports of every step',
    },
    {
      name: 'diag.out',
      bytes: (2 * (spec.steps + 1) + 6 * P + LOSS_RECORD) * F32,
      kind: 'diagnostics',
      holds: 'diagnostic sums',
    },
    ...contextBuffers(spec, train, 'train'),
    ...contextBuffers(spec, evalTrain, 'eval.train').map(as('io')),
    ...(evalTest ? contextBuffers(spec, evalTest, 'eval.test').map(as('io')) : []),
    ...contextBuffers(spec, diag, 'diag').map(as('diagnostics')),
  ];
  const maxGroups = Math.max(
    ...[train, evalTrain, evalTest, diag]
      .filter((p): p is ContextPlan => p !== null)
      .map((p) => groups(p.B, p.variant)),
  );
  return { B, buffers, maxGroups, contexts: { train, evalTrain, evalTest, diag } };
}
