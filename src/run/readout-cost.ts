// What the views' read-outs of a run cost, estimated before they run (issue 13): floating-point operations of one
// sample's forward pass from every dimension of the network (depth, stages of the scheme, the residual kind's
// parameters per set, embedding and read-out), and from them the decision grid's side, the fan's size and whether
// the first evaluation may run before the first training step, at an engine's speed in flop/s (assumed per kind
// here, measured by the controller: engine-speed.ts). Pure: the controller applies it (src/run/controller.ts), the
// tests pin it (readout-cost.test.ts).
import type { NetSpec } from '../core/params';
import { scheme } from '../schemes';
import type { BackendKind } from './backend';
import { GRID } from './snapshot';

/**
 * Flops each engine does per second on these passes, on the slow side of what was measured, so that an estimate
 * errs towards a smaller read-out: the figure until the engine's own passes are measured (engine-speed.ts). The
 * float64 reference (JS): the 56² grid at N = 4096, M = 256 (≈ 3.3e10 flops) took about a minute, ≈ 0.5 GFLOP/s.
 * The float32 WASM SIMD engine: about 3× that. WebGPU: a modest GPU in float32; its work does not block the page,
 * so an optimistic figure costs little until the measured one (SwiftShader's ~2 GFLOP/s, a weak GPU's) takes over.
 */
export const ENGINE_FLOPS: Record<BackendKind, number> = { cpu: 0.5e9, wasm: 1.5e9, webgpu: 50e9 };

/**
 * Seconds the decision grid may take per snapshot: it is read with every snapshot, and the first one holds the
 * first training step, so about half a second (the 56² grid of the default experiment takes a few ms).
 */
export const GRID_BUDGET_S = 0.5;
/** The coarsest the decision grid becomes (GRID, src/run/snapshot.ts, is its side when affordable). */
export const GRID_MIN_SIDE = 16;

/** Seconds the fan's trajectories may take per snapshot: like the grid's, half a second. */
export const FAN_BUDGET_S = 0.5;
/**
 * Bytes of the fan's stored states [S+1][F][d] (float64) a snapshot may carry to the page: 32 MB (at N = 4096 and
 * d = 256, 24 inputs would be 200 MB handed over and drawn every snapshot).
 */
export const FAN_BUDGET_BYTES = 32 * 1024 * 1024;
/** The fewest fan inputs a cap leaves (fewer say too little of the flow). */
export const FAN_MIN = 8;

/**
 * Seconds the first snapshot's evaluation and diagnostics may take before the first training step; beyond this
 * they wait for the snapshot after the first batch (at N = 4096, M = 256 on the CPU they took minutes).
 */
export const FIRST_EVAL_BUDGET_S = 2;
/**
 * Forward passes' worth of work per sample of the diagnostics: the exact gradient (forward, backward ≈ 2
 * passes), the adjoint's (forward, then backward with the states reconstructed ≈ 4 passes) and the reconstruction
 * errors: about 8.
 */
export const DIAG_PASSES = 8;

/** Flops of one sample's forward pass: steps × stages × 2 × (parameters per set), plus embedding and read-out. */
export function passFlops(
  spec: Pick<NetSpec, 'steps' | 'scheme' | 'setSize' | 'd' | 'inputDim' | 'outputDim'>,
): number {
  const stages = scheme(spec.scheme).stages;
  // each parameter of a set is one multiply-add per evaluation of f (an MLP's W, V and bias; a linear kind's A),
  // and each stage adds a few vector operations on the d-dimensional state
  const perEval = 2 * spec.setSize + 4 * spec.d;
  return spec.steps * stages * perEval + 2 * spec.d * (spec.inputDim + spec.outputDim);
}

/** Seconds `flops` take on an engine doing `speed` flop/s. */
export function seconds(flops: number, speed: number): number {
  return flops / speed;
}

/**
 * The decision grid's side: GRID when side² passes fit GRID_BUDGET_S, else the largest side that does, but
 * not below GRID_MIN_SIDE.
 */
export function gridSide(spec: Parameters<typeof passFlops>[0], speed: number): number {
  const passes = (GRID_BUDGET_S * speed) / passFlops(spec);
  const side = Math.floor(Math.sqrt(passes));
  return Math.max(GRID_MIN_SIDE, Math.min(GRID, side));
}

/**
 * Whether the grid at its coarsest fits GRID_BUDGET_S: when not (depth 4096, width 256 on the CPU: 16² passes are
 * seconds, a minute on a busy machine), the first snapshot leaves the regions for the snapshot after the first
 * batch, as it does the evaluation; later snapshots read them at the floor, less often (their cost is measured).
 */
export function gridAffordable(spec: Parameters<typeof passFlops>[0], speed: number): boolean {
  return GRID_MIN_SIDE * GRID_MIN_SIDE * passFlops(spec) <= GRID_BUDGET_S * speed;
}

/**
 * The fan's size for `asked` inputs: as asked when its passes fit FAN_BUDGET_S and its states FAN_BUDGET_BYTES,
 * else the most that fit, but not below FAN_MIN (nor above what was asked).
 */
export function fanSize(spec: Parameters<typeof passFlops>[0], speed: number, asked: number): number {
  const byTime = Math.floor((FAN_BUDGET_S * speed) / passFlops(spec));
  const byBytes = Math.floor(FAN_BUDGET_BYTES / (8 * (spec.steps + 1) * spec.d));
  return Math.min(asked, Math.max(FAN_MIN, Math.min(byTime, byBytes)));
}

/** Flops of an evaluation (forward passes over both splits) and of the diagnostics (on `diagBatch` samples). */
export function evaluationFlops(
  spec: Parameters<typeof passFlops>[0],
  nTrain: number,
  nTest: number,
  diagBatch: number,
): number {
  return passFlops(spec) * (nTrain + nTest + DIAG_PASSES * Math.min(diagBatch, nTrain));
}

/** Whether the evaluation and diagnostics may run before the first training step (else after the first batch). */
export function evaluateFirst(
  spec: Parameters<typeof passFlops>[0],
  speed: number,
  nTrain: number,
  nTest: number,
  diagBatch: number,
): boolean {
  return seconds(evaluationFlops(spec, nTrain, nTest, diagBatch), speed) <= FIRST_EVAL_BUDGET_S;
}
