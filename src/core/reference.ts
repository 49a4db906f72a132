// Float64 reference engine: the oracle for every GPU kernel and the CPU fallback for small configs.
// Batches are row-major [B][d]; stored trajectories are [S+1][B][d] (state n of sample b at (n*B + b)*d).
import type { NetSpec, Weights } from './params';
import { makeScratch, residual, residualVjp, type Scratch } from './residual';

/** Scratch buffers for one sample, allocated once per call. */
class Work {
  readonly sc: Scratch;
  readonly f1: Float64Array;
  readonly f2: Float64Array;
  readonly y: Float64Array;
  readonly u: Float64Array;
  readonly w: Float64Array;
  readonly gy: Float64Array;
  constructor(spec: NetSpec) {
    const d = spec.d;
    this.sc = makeScratch(spec);
    this.f1 = new Float64Array(d);
    this.f2 = new Float64Array(d);
    this.y = new Float64Array(d);
    this.u = new Float64Array(d);
    this.w = new Float64Array(d);
    this.gy = new Float64Array(d);
  }
}

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

/**
 * One forward step in place on sample state x[xo..xo+d), from set n (and n+1 for Heun).
 * eq. (1): x ← x + h f(x, θ_n).   eq. (8): y = x + h f(x, θ_n); x ← x + h/2 (f(x, θ_n) + f(y, θ_{n+1})).
 */
function stepForward(spec: NetSpec, p: Float64Array, n: number, x: Float64Array, xo: number, wk: Work): void {
  const { d, h, setSize } = spec;
  residual(spec, p, n * setSize, x, xo, wk.f1, 0, wk.sc);
  if (spec.scheme === 'euler') {
    for (let i = 0; i < d; i++) x[xo + i] += h * wk.f1[i];
    return;
  }
  for (let i = 0; i < d; i++) wk.y[i] = x[xo + i] + h * wk.f1[i];
  residual(spec, p, (n + 1) * setSize, wk.y, 0, wk.f2, 0, wk.sc);
  for (let i = 0; i < d; i++) x[xo + i] += 0.5 * h * (wk.f1[i] + wk.f2[i]);
}

/**
 * One reverse step in place: x̃_{n+1} → x̃_n.
 * eq. (6): x̃_n = x̃_{n+1} − h f(x̃_{n+1}, θ_n).
 * eq. (9): ỹ_n = x̃_{n+1} − h f(x̃_{n+1}, θ_{n+1}); x̃_n = x̃_{n+1} − h/2 (f(x̃_{n+1}, θ_{n+1}) + f(ỹ_n, θ_n)).
 */
function stepReverse(spec: NetSpec, p: Float64Array, n: number, x: Float64Array, xo: number, wk: Work): void {
  const { d, h, setSize } = spec;
  if (spec.scheme === 'euler') {
    residual(spec, p, n * setSize, x, xo, wk.f1, 0, wk.sc);
    for (let i = 0; i < d; i++) x[xo + i] -= h * wk.f1[i];
    return;
  }
  residual(spec, p, (n + 1) * setSize, x, xo, wk.f1, 0, wk.sc);
  for (let i = 0; i < d; i++) wk.y[i] = x[xo + i] - h * wk.f1[i];
  residual(spec, p, n * setSize, wk.y, 0, wk.f2, 0, wk.sc);
  for (let i = 0; i < d; i++) x[xo + i] -= 0.5 * h * (wk.f1[i] + wk.f2[i]);
}

export interface ForwardResult {
  /** x_S, [B][d]. */
  out: Float64Array;
  /** All states [S+1][B][d] when requested. */
  states: Float64Array | null;
}

/** Run the network from x0 [B][d] (already embedded). */
export function forward(
  spec: NetSpec,
  p: Float64Array,
  x0: Float64Array,
  B: number,
  storeStates = true,
): ForwardResult {
  const { d, steps: S } = spec;
  const wk = new Work(spec);
  const x = x0.slice();
  const states = storeStates ? new Float64Array((S + 1) * B * d) : null;
  states?.set(x, 0);
  for (let n = 0; n < S; n++) {
    for (let b = 0; b < B; b++) stepForward(spec, p, n, x, b * d, wk);
    states?.set(x, (n + 1) * B * d);
  }
  return { out: x, states };
}

/** Reverse reconstruction from x_S [B][d]: all reconstructed states [S+1][B][d] (eq. 6 or eq. 9). */
export function reconstruct(spec: NetSpec, p: Float64Array, xS: Float64Array, B: number): Float64Array {
  const { d, steps: S } = spec;
  const wk = new Work(spec);
  const x = xS.slice();
  const states = new Float64Array((S + 1) * B * d);
  states.set(x, S * B * d);
  for (let n = S - 1; n >= 0; n--) {
    for (let b = 0; b < B; b++) stepReverse(spec, p, n, x, b * d, wk);
    states.set(x, n * B * d);
  }
  return states;
}

/**
 * Backpropagate one step for one sample: given g = ∂L/∂x_{n+1} at gv[go..], the state x_n at x[xo..],
 * accumulate ∂L/∂θ into gp and overwrite gv with ∂L/∂x_n (eq. 3 for Euler; its Heun analogue, where
 * θ_n receives a term from the step at x_n and θ_{n+1} one from the step at y_n).
 */
function stepBackward(
  spec: NetSpec,
  p: Float64Array,
  n: number,
  x: Float64Array,
  xo: number,
  gv: Float64Array,
  go: number,
  gp: Float64Array,
  wk: Work,
): void {
  const { d, h, setSize } = spec;
  if (spec.scheme === 'euler') {
    for (let i = 0; i < d; i++) wk.u[i] = h * gv[go + i];
    residual(spec, p, n * setSize, x, xo, wk.f1, 0, wk.sc);
    residualVjp(spec, p, n * setSize, x, xo, wk.u, 0, gp, n * setSize, gv, go, wk.sc);
    return;
  }
  // y_n = x_n + h f(x_n, θ_n), recomputed from the (stored or reconstructed) x_n
  residual(spec, p, n * setSize, x, xo, wk.f1, 0, wk.sc);
  for (let i = 0; i < d; i++) wk.y[i] = x[xo + i] + h * wk.f1[i];
  // through f(y_n, θ_{n+1}) with cotangent h/2 g
  for (let i = 0; i < d; i++) wk.w[i] = 0.5 * h * gv[go + i];
  wk.gy.fill(0);
  residual(spec, p, (n + 1) * setSize, wk.y, 0, wk.f2, 0, wk.sc);
  residualVjp(spec, p, (n + 1) * setSize, wk.y, 0, wk.w, 0, gp, (n + 1) * setSize, wk.gy, 0, wk.sc);
  // through f(x_n, θ_n) with cotangent h/2 g + h gy; ∂L/∂x_n = g + gy + J_f(x_n)ᵀ(h/2 g + h gy)
  for (let i = 0; i < d; i++) {
    wk.u[i] = 0.5 * h * gv[go + i] + h * wk.gy[i];
    gv[go + i] += wk.gy[i];
  }
  residual(spec, p, n * setSize, x, xo, wk.f1, 0, wk.sc);
  residualVjp(spec, p, n * setSize, x, xo, wk.u, 0, gp, n * setSize, gv, go, wk.sc);
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
): BackwardResult {
  const { d, steps: S } = spec;
  const wk = new Work(spec);
  const grad = new Float64Array(spec.P * spec.setSize);
  const g = gOut.slice();
  for (let n = S - 1; n >= 0; n--)
    for (let b = 0; b < B; b++) stepBackward(spec, p, n, states, (n * B + b) * d, g, b * d, grad, wk);
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
): BackwardResult {
  const { d, steps: S } = spec;
  const wk = new Work(spec);
  const grad = new Float64Array(spec.P * spec.setSize);
  const g = gOut.slice();
  const x = xS.slice();
  const states = new Float64Array((S + 1) * B * d);
  states.set(x, S * B * d);
  for (let n = S - 1; n >= 0; n--) {
    for (let b = 0; b < B; b++) {
      stepReverse(spec, p, n, x, b * d, wk);
      stepBackward(spec, p, n, x, b * d, g, b * d, grad, wk);
    }
    states.set(x, n * B * d);
  }
  return { grad, gx0: g, states };
}
