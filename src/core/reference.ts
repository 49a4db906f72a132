// Float64 reference engine: the oracle for every GPU kernel and the CPU fallback for small configs.
// The steps of every scheme are generic over its tableau (src/schemes/explicit-rk.ts).
// Batches are row-major [B][d]; stored trajectories are [S+1][B][d] (state n of sample b at (n*B + b)*d).
import { RkWork, stepBackward, stepForward, stepReverse } from '../schemes/explicit-rk';
import type { NetSpec, Weights } from './params';

/** x_0 = E x for a batch of raw inputs [B][inputDim]. */
export function embed(spec: NetSpec, w: Pick<Weights, 'embed'>, x: Float64Array, B: number): Float64Array {
  const { d, inputDim: din } = spec;
  const out = new Float64Array(B * d);
  for (let b = 0; b < B; b++)
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let k = 0; k < din; k++) s += w.embed[i * din + k] * x[b * din + k];
      out[b * d + i] = s;
    }
  return out;
}

export interface ForwardResult {
  /** x_S, [B][d]. */
  out: Float64Array;
  /** All states [S+1][B][d] when requested. */
  states: Float64Array | null;
}

/** Called after each layer of a pass with the layers done so far (progress of a long training step). */
export type OnLayer = (layersDone: number) => void;

/** Run the network from x0 [B][d] (already embedded). */
export function forward(
  spec: NetSpec,
  p: Float64Array,
  x0: Float64Array,
  B: number,
  storeStates = true,
  onLayer?: OnLayer,
): ForwardResult {
  const { d, steps: S } = spec;
  const wk = new RkWork(spec);
  const x = x0.slice();
  const states = storeStates ? new Float64Array((S + 1) * B * d) : null;
  states?.set(x, 0);
  for (let n = 0; n < S; n++) {
    for (let b = 0; b < B; b++) stepForward(p, n, x, b * d, wk);
    states?.set(x, (n + 1) * B * d);
    onLayer?.(n + 1);
  }
  return { out: x, states };
}

/** Reverse reconstruction from x_S [B][d]: all reconstructed states [S+1][B][d] (eq. 6 or eq. 9). */
export function reconstruct(spec: NetSpec, p: Float64Array, xS: Float64Array, B: number): Float64Array {
  const { d, steps: S } = spec;
  const wk = new RkWork(spec);
  const x = xS.slice();
  const states = new Float64Array((S + 1) * B * d);
  states.set(x, S * B * d);
  for (let n = S - 1; n >= 0; n--) {
    for (let b = 0; b < B; b++) stepReverse(p, n, x, b * d, wk);
    states.set(x, n * B * d);
  }
  return states;
}

export interface BackwardResult {
  /** ∂L/∂θ for every parameter set, [P][setSize]. */
  grad: Float64Array;
  /** ∂L/∂x_0, [B][d]. */
  gx0: Float64Array;
  /** States used by the backward pass, [S+1][B][d] (stored, or reconstructed on the fly). */
  states: Float64Array;
}

/** Exact gradients by backprop through stored states [S+1][B][d] (eq. 3), from gOut = ∂L/∂x_S. */
export function backwardExact(
  spec: NetSpec,
  p: Float64Array,
  states: Float64Array,
  gOut: Float64Array,
  B: number,
  onLayer?: OnLayer,
): BackwardResult {
  const { d, steps: S } = spec;
  const wk = new RkWork(spec);
  const grad = new Float64Array(spec.P * spec.setSize);
  const g = gOut.slice();
  for (let n = S - 1; n >= 0; n--) {
    for (let b = 0; b < B; b++) stepBackward(p, n, states, (n * B + b) * d, g, b * d, grad, wk);
    onLayer?.(S - n);
  }
  return { grad, gx0: g, states };
}

/**
 * Memory-free adjoint gradients: starting from x_S only, each step first rebuilds x̃_n by running the
 * scheme backwards (eq. 6 / eq. 9), then backpropagates through it (eq. 7 and its Heun analogue).
 * The reconstructed states are also returned, for diagnostics; the algorithm needs only the current one.
 */
export function backwardAdjoint(
  spec: NetSpec,
  p: Float64Array,
  xS: Float64Array,
  gOut: Float64Array,
  B: number,
  onLayer?: OnLayer,
): BackwardResult {
  const { d, steps: S } = spec;
  const wk = new RkWork(spec);
  const grad = new Float64Array(spec.P * spec.setSize);
  const g = gOut.slice();
  const x = xS.slice();
  const states = new Float64Array((S + 1) * B * d);
  states.set(x, S * B * d);
  for (let n = S - 1; n >= 0; n--) {
    for (let b = 0; b < B; b++) {
      stepReverse(p, n, x, b * d, wk);
      stepBackward(p, n, x, b * d, g, b * d, grad, wk);
    }
    states.set(x, n * B * d);
    onLayer?.(S - n);
  }
  return { grad, gx0: g, states };
}
