// Everything training changes (weights, optimizer moments, step): the one shape that checkpoints, experiment
// files, "Continue on the CPU" and every engine's start-from use, and the checks that a state fits an engine.
import type { OptState } from './optim';
import type { NetSpec, Weights } from './params';

/** Optimizer moments per parameter group (SGD keeps its velocity in m; Adam both; GD none). */
export interface OptimizerState {
  residual: OptState;
  readoutW: OptState;
  readoutB: OptState;
}

export interface TrainingState {
  step: number;
  weights: Weights;
  opt: OptimizerState;
}

/** Largest step counter a run accepts (exact in every engine's integer arithmetic, readable in the run bar). */
export const MAX_STEP = 1_000_000_000;

/** Largest finite float32. */
export const FLOAT32_MAX = 3.4028234663852886e38;

export type Precision = 'float32' | 'float64';

export const OPT_GROUPS = ['residual', 'readoutW', 'readoutB'] as const;

export function zeroOptimizerState(spec: NetSpec): OptimizerState {
  const z = (n: number): OptState => ({ m: new Float64Array(n), v: new Float64Array(n) });
  return {
    residual: z(spec.P * spec.setSize),
    readoutW: z(spec.outputDim * spec.d),
    readoutB: z(spec.outputDim),
  };
}

export function cloneOptimizerState(o: OptimizerState): OptimizerState {
  const c = (s: OptState): OptState => ({ m: s.m.slice(), v: s.v.slice() });
  return { residual: c(o.residual), readoutW: c(o.readoutW), readoutB: c(o.readoutB) };
}

/** Thrown when a state cannot be computed with on an engine (out of its range, wrong size). */
export class StateRangeError extends Error {
  override readonly name = 'StateRangeError';
}

/**
 * Why these weights (and moments) cannot be trained on an engine of this precision, or null: every value must
 * be finite and, in float32, within ±FLOAT32_MAX (beyond it the upload makes them ±Infinity); Adam's second
 * moment must not be negative.
 */
export function representableProblem(
  w: Pick<Weights, 'residual' | 'readoutW' | 'readoutB'>,
  opt: OptimizerState | undefined,
  precision: Precision,
): string | null {
  const max = precision === 'float32' ? FLOAT32_MAX : Number.MAX_VALUE;
  const arrays: [string, ArrayLike<number>][] = [
    ['weights.residual', w.residual],
    ['weights.readoutW', w.readoutW],
    ['weights.readoutB', w.readoutB],
  ];
  if (opt)
    for (const g of OPT_GROUPS) arrays.push([`optimizer.${g}.m`, opt[g].m], [`optimizer.${g}.v`, opt[g].v]);
  for (const [name, a] of arrays)
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (!Number.isFinite(v) || Math.abs(v) > max)
        return `${name}[${i}] = ${v} is beyond the ${precision} range (±${max.toPrecision(3)}) this engine computes in`;
      if (name.endsWith('.v') && v < 0)
        return `${name}[${i}] = ${v}: Adam's second moment cannot be negative`;
    }
  return null;
}

/** Throws StateRangeError unless the state fits the sizes of `spec` and the range of `precision`. */
export function assertRepresentable(
  spec: NetSpec,
  w: Pick<Weights, 'residual' | 'readoutW' | 'readoutB'>,
  opt: OptimizerState | undefined,
  precision: Precision,
): void {
  const sizes = {
    residual: spec.P * spec.setSize,
    readoutW: spec.outputDim * spec.d,
    readoutB: spec.outputDim,
  };
  for (const g of OPT_GROUPS) {
    if (w[g].length !== sizes[g])
      throw new StateRangeError(`weights.${g} has ${w[g].length} values; this config needs ${sizes[g]}`);
    if (opt && (opt[g].m.length !== sizes[g] || opt[g].v.length !== sizes[g]))
      throw new StateRangeError(`optimizer.${g} has the wrong size for this config (needs ${sizes[g]})`);
  }
  const p = representableProblem(w, opt, precision);
  if (p) throw new StateRangeError(p);
}

/**
 * Checkpoints an engine keeps. Two: the newest is taken while every loss read so far is sane, but the loss of its
 * own weights comes only with the next step, so a rollback may need the one before (whose loss was seen).
 */
export const CHECKPOINTS = 2;

/** Index of the newest of `steps` (oldest first) that is ≤ maxStep, or 0. */
export function newestUpTo(steps: readonly number[], maxStep: number): number {
  for (let i = steps.length - 1; i > 0; i--) if (steps[i] <= maxStep) return i;
  return 0;
}
