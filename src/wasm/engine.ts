// The float32 WASM SIMD engine (src/wasm/kernels.as) from JS: one instance per network, with its own memory.
// The residual stack (forward, exact and adjoint backward, weight gradients) runs in WASM; the embedding, the
// read-out and the loss are the float64 reference functions (O(B·K·d)), so only x_S and ∂L/∂x_S cross over.
import type { GradMode } from '../core/config';
import { evalLoss, type LossKind } from '../core/loss';
import type { NetSpec, Weights } from '../core/params';
import { embed } from '../core/reference';
import { residualKind } from '../residuals';
import { scheme } from '../schemes';
import { KERNELS_WASM_BASE64 } from './kernels.wasm';

interface KernelExports {
  memory: WebAssembly.Memory;
  configure(
    kind: number,
    d: number,
    m: number,
    bias: number,
    act: number,
    c: number,
    h: number,
    heun: number,
    steps: number,
    sets: number,
    bcap: number,
    btrain: number,
    exact: number,
    storeAct: number,
    /** Depth-input kinds (linear-s, mlp-s): the depth N of s = n/N; 0 for the others. */
    depthN: number,
  ): number;
  weights64Ptr(): number;
  rows64Ptr(): number;
  statePtr(): number;
  packWeights(): void;
  /** Layers [n0, n1) of the forward pass (rows in at n0 = 0, out at n1 = S). */
  forward(R: number, store: number, n0: number, n1: number): void;
  /** Layers n1 − 1 down to n0 of the backward pass (∂L/∂x_S in at n1 = S, ∂L/∂θ out at n0 = 0). */
  backward(R: number, n1: number, n0: number): void;
}

let compiled: WebAssembly.Module | null = null;

/** The compiled kernels (synchronous: the module is a few KiB, well under the browsers' main-thread limit). */
export function kernelsModule(): WebAssembly.Module {
  if (!compiled) {
    const bin = atob(KERNELS_WASM_BASE64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    compiled = new WebAssembly.Module(bytes);
  }
  return compiled;
}

/** Whether this JS engine can compile the kernels (it needs WASM SIMD: Chrome 91+, Firefox 89+, Safari 16.4+, Node 16+). */
export function wasmSimdSupported(): boolean {
  try {
    kernelsModule();
    return true;
  } catch {
    return false;
  }
}

const ACT_CODE = { relu: 0, tanh: 1, gelu: 2, identity: 3 } as const;

/**
 * The kind and scheme codes of kernels.as (KIND: 0 linear, 1 mlp; heun: 0 Euler, 1 Heun), from the registries.
 * A kind or scheme without a WASM code is refused with a RangeError, so engine choice falls back with the reason.
 */
export function wasmCodes(spec: Pick<NetSpec, 'residual' | 'scheme'>): { kind: number; heun: number } {
  const k = residualKind(spec.residual);
  const s = scheme(spec.scheme);
  if (!k.wasm) throw new RangeError(`the float32 WASM engine has no '${k.id}' residual yet`);
  if (!s.wasm) throw new RangeError(`the float32 WASM engine has no ${s.name} scheme yet`);
  return { kind: k.wasm.code, heun: s.wasm.code };
}
const isMlp = (spec: NetSpec) => residualKind(spec.residual).wasm?.code === 1;
const isHeun = (spec: NetSpec) => scheme(spec.scheme).wasm?.code === 1;

/** Stored MLP activations (exact mode) above this many bytes are recomputed in the backward pass instead. */
const STORE_ACT_LIMIT = 256 * 2 ** 20;
/** WASM memory a network may use (wasm32 addresses 4 GiB; browsers often grant less). */
export const WASM_MEMORY_LIMIT = 2 ** 31;

/** Whether exact mode keeps the MLP activations (z, σ'(a)) of every layer rather than recomputing them. */
function storesActivations(spec: NetSpec, btrain: number, mode: GradMode): boolean {
  const mp = Math.ceil(spec.M / 4) * 4;
  const bytes = spec.steps * btrain * Math.max(mp, 4) * 4 * (isHeun(spec) ? 4 : 2);
  return mode === 'exact' && isMlp(spec) && bytes <= STORE_ACT_LIMIT;
}

/**
 * Activation memory of a training step of `btrain` rows: exact mode keeps x_n (and y_n for Heun, and the MLP
 * activations when they fit); both modes use the per-batch vectors and activation scratch.
 */
export function activationBytes(spec: NetSpec, btrain: number, mode: GradMode): number {
  const S = spec.steps;
  const dp = Math.ceil(spec.d / 4) * 4;
  const a = isMlp(spec) ? Math.ceil(spec.M / 4) * 4 : 4;
  const heun = isHeun(spec);
  const vec = btrain * dp * 4;
  const scratch = 8 * vec + 5 * btrain * a * 4;
  if (mode === 'adjoint') return scratch;
  const acts = storesActivations(spec, btrain, mode) ? S * btrain * a * 4 * (heun ? 4 : 2) : 0;
  return (S + 1) * vec + (heun ? S * vec : 0) + acts + scratch;
}

/** Bytes `configure` allocates (kernels.as), so that a network too big is refused before anything wraps. */
function plannedBytes(
  spec: NetSpec,
  bcap: number,
  btrain: number,
  exact: boolean,
  storeAct: boolean,
): number {
  const { d, steps: S, P } = spec;
  const dp = Math.ceil(d / 4) * 4;
  const mlp = isMlp(spec);
  const mp = mlp ? Math.ceil(spec.M / 4) * 4 : 0;
  const a = Math.max(mp, 4);
  const heun = isHeun(spec);
  const f = (floats: number) => Math.ceil((floats * 4) / 16) * 16;
  // depth-input kinds add their column u (and its gradient) to every set
  const u = residualKind(spec.residual).depthInput ? (mlp ? mp : dp) : 0;
  const wstride = (mlp ? 4 * dp * mp + mp : 2 * dp * dp + dp) + u;
  const gstride = (mlp ? 2 * mp * dp + mp : dp * dp + dp) + u;
  return (
    f(P * wstride) +
    f(P * gstride) +
    f(2 * P * spec.setSize) +
    f(2 * bcap * d) +
    (exact ? f((S + 1) * btrain * dp) + (heun ? f(S * btrain * dp) : 0) : 0) +
    (storeAct ? (heun ? 4 : 2) * f(S * btrain * a) : 0) +
    8 * f(bcap * dp) +
    5 * f(bcap * a) +
    f(Math.max(mp, dp)) +
    65536
  );
}

/**
 * Estimated work of one layer of a pass over R rows, in multiply-adds: the products of f (MLP: x·Wᵀ and z·V,
 * 2·R·d·M; linear: R·d²), twice for Heun; the backward pass does about 3× the forward's (exact: the VJPs and
 * a recomputation) or 4× (adjoint: also the reverse step). Only for sizing the layer ranges of a chunked pass.
 */
export function layerWork(spec: NetSpec, R: number, pass: 'forward' | 'exact' | 'adjoint'): number {
  const f = isMlp(spec) ? 2 * R * spec.d * spec.M : R * spec.d * spec.d;
  return f * (isHeun(spec) ? 2 : 1) * (pass === 'forward' ? 1 : pass === 'exact' ? 3 : 4);
}

/**
 * Multiply-adds one WASM call does when a pass is chunked for progress: a few ms at the engine's ~5·10⁹/s on
 * one core, so that progress (reported every ¼ s) moves smoothly and the calls between chunks cost nothing
 * measurable. A pass smaller than this runs in one call.
 */
export const CHUNK_WORK = 2 ** 24;

/** Told the fraction (0…1) of a training step's layer sweeps done: forward the first half, backward the second. */
export type StepProgressFn = (fraction: number) => void;

export interface WasmGradResult {
  loss: number;
  pred: Float64Array;
  grad: Float64Array;
  gReadoutW: Float64Array;
  gReadoutB: Float64Array;
  /** Final states x_S [B][d] (the state bound of the divergence check). */
  out: Float64Array;
}

export class WasmNet {
  private readonly k: KernelExports;
  /** Bytes of WASM memory in use. */
  readonly bytes: number;
  /** Activation bytes of a training step as allocated (states, stored activations, per-batch vectors). */
  readonly activationBytes: number;
  readonly exact: boolean;
  private readonly w64: number;
  private readonly rows64: number;

  /**
   * @param bcap rows a forward pass may take at once (evaluation chunks)
   * @param btrain rows of a training batch (stored states are sized by it)
   */
  constructor(
    readonly spec: NetSpec,
    readonly bcap: number,
    readonly btrain: number,
    mode: GradMode,
  ) {
    this.exact = mode === 'exact';
    const { d, M, steps: S } = spec;
    const codes = wasmCodes(spec);
    const storeAct = storesActivations(spec, btrain, mode);
    const planned = plannedBytes(spec, bcap, btrain, this.exact, storeAct);
    if (planned > WASM_MEMORY_LIMIT)
      throw new RangeError(
        `the float32 WASM engine would need ${(planned / 2 ** 30).toFixed(1)} GiB for this network (N = ${spec.N}, batch ${btrain}, d = ${d}, M = ${M}${this.exact ? ', exact gradients' : ''}); the limit is ${WASM_MEMORY_LIMIT / 2 ** 30} GiB`,
      );
    this.k = new WebAssembly.Instance(kernelsModule(), {}).exports as unknown as KernelExports;
    const top = this.k.configure(
      codes.kind,
      d,
      M,
      spec.bias ? 1 : 0,
      ACT_CODE[spec.act],
      spec.c,
      spec.h,
      codes.heun,
      S,
      spec.P,
      bcap,
      btrain,
      this.exact ? 1 : 0,
      storeAct ? 1 : 0,
      residualKind(spec.residual).depthInput ? spec.N : 0,
    );
    if (top === 0)
      throw new RangeError(
        `the float32 WASM engine cannot allocate this network's memory (N = ${spec.N}, batch ${btrain}, d = ${d}, M = ${M})`,
      );
    this.bytes = top >>> 0;
    this.w64 = this.k.weights64Ptr() >>> 0;
    this.rows64 = this.k.rows64Ptr() >>> 0;
    this.activationBytes = activationBytes(spec, btrain, mode);
  }

  private f64(offset: number, length: number): Float64Array {
    return new Float64Array(this.k.memory.buffer, offset, length);
  }

  /** Upload the residual parameter sets [P][setSize] (float64 → packed float32). */
  setWeights(residual: Float64Array): void {
    this.f64(this.w64, residual.length).set(residual);
    this.k.packWeights();
  }

  /**
   * Layers a call runs when a pass is chunked for progress: by estimated work (CHUNK_WORK), unless set (tests
   * force small ranges to check that chunking changes no bit).
   */
  layersPerCall: number | null = null;

  private chunk(R: number, pass: 'forward' | 'exact' | 'adjoint'): number {
    if (this.layersPerCall !== null) return Math.max(1, Math.floor(this.layersPerCall));
    return Math.max(1, Math.floor(CHUNK_WORK / layerWork(this.spec, R, pass)));
  }

  /**
   * x_S [R][d] from x_0 [R][d] (R ≤ bcap; with store, R ≤ btrain and the states are kept for `backward`).
   * With `progress`, runs in layer ranges and reports layers done / (2S) after each (the first half of a step).
   */
  forward(x0: Float64Array, R: number, store: boolean, progress?: StepProgressFn): Float64Array {
    const n = R * this.spec.d;
    const S = this.spec.steps;
    this.f64(this.rows64, n).set(x0.subarray(0, n));
    const k = progress ? this.chunk(R, 'forward') : S;
    let n0 = 0;
    do {
      const n1 = Math.min(S, n0 + k);
      this.k.forward(R, store ? 1 : 0, n0, n1);
      progress?.(n1 / (2 * S));
      n0 = n1;
    } while (n0 < S);
    return this.f64(this.rows64, n).slice();
  }

  /**
   * ∂L/∂θ [P][setSize] from ∂L/∂x_S [R][d], after `forward(x0, R, exact)` on the same weights. With `progress`,
   * runs in layer ranges and reports (S + layers done) / (2S) after each (the second half of a step).
   */
  backward(gOut: Float64Array, R: number, progress?: StepProgressFn): Float64Array {
    const n = R * this.spec.d;
    const S = this.spec.steps;
    this.f64(this.rows64, n).set(gOut.subarray(0, n));
    const k = progress ? this.chunk(R, this.exact ? 'exact' : 'adjoint') : S;
    let n1 = S;
    do {
      const n0 = Math.max(0, n1 - k);
      this.k.backward(R, n1, n0);
      progress?.((2 * S - n0) / (2 * S));
      n1 = n0;
    } while (n1 > 0);
    return this.f64(this.w64, this.spec.P * this.spec.setSize).slice();
  }

  /** The engine's current state [R][d]: x_S after a forward pass without storage, x̃_0 after an adjoint backward. */
  currentState(R: number): Float64Array {
    const { d } = this.spec;
    const dp = Math.ceil(d / 4) * 4;
    const s = new Float32Array(this.k.memory.buffer, this.k.statePtr() >>> 0, R * dp);
    const out = new Float64Array(R * d);
    for (let r = 0; r < R; r++) for (let i = 0; i < d; i++) out[r * d + i] = s[r * dp + i];
    return out;
  }

  /**
   * Loss and gradients of a batch of raw inputs [B][inputDim], targets [B][K] (B ≤ btrain); `progress` is told
   * how far the step is (forward, then backward, as the float64 engine's computeGradients).
   */
  gradients(
    w: Weights,
    x: Float64Array,
    y: Float64Array,
    B: number,
    loss: LossKind,
    progress?: StepProgressFn,
  ): WasmGradResult {
    const { spec } = this;
    this.setWeights(w.residual);
    const xS = this.forward(embed(spec, w, x, B), B, this.exact, progress);
    const L = evalLoss(loss, spec, w, xS, y, B);
    if (!Number.isFinite(L.loss))
      return { ...L, grad: new Float64Array(spec.P * spec.setSize).fill(Number.NaN), out: xS };
    return {
      loss: L.loss,
      pred: L.pred,
      grad: this.backward(L.gOut, B, progress),
      gReadoutW: L.gReadoutW,
      gReadoutB: L.gReadoutB,
      out: xS,
    };
  }

  /** x_S [n][d] for raw inputs [n][inputDim], in chunks of bcap rows (weights as last uploaded). */
  finalStates(w: Pick<Weights, 'embed'>, x: Float64Array, n: number): Float64Array {
    const { spec } = this;
    const { d, inputDim: din } = spec;
    const out = new Float64Array(n * d);
    for (let r0 = 0; r0 < n; r0 += this.bcap) {
      const R = Math.min(this.bcap, n - r0);
      const x0 = embed(spec, w, x.subarray(r0 * din, (r0 + R) * din), R);
      out.set(this.forward(x0, R, false), r0 * d);
    }
    return out;
  }
}
