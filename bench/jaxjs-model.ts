// The second baseline: the same network and training step written with jax-js (@jax-js/jax), the way jax-js users
// write it — a pure loss function of a list of parameter arrays, `valueAndGrad(loss)` for the gradients, Adam
// written by hand in jax-js ops (no @jax-js/optax here), and the whole step (forward, backward, Adam) inside one
// `jit`, so jax-js traces it once and fuses what it can into its generated kernels. It runs on either of jax-js's
// fast devices: 'webgpu' (its own GPUDevice on the same adapter as ours) or 'wasm' (generated WebAssembly, the
// CPU reference; multi-threaded when the page is cross-origin isolated). Same float64 weights (as float32), same
// embedded batch, same hyper-parameters as the engine and the TF.js baseline (bench/tfjs-model.ts):
//
//   per layer n:  a = c·x·W_nᵀ + b_n,  z = tanh(a),  f = z·V_nᵀ
//   Euler (eq. 1): x ← x + h f(x, θ_n)
//   Heun  (eq. 8): y = x + h f(x, θ_n);  x ← x + h/2 (f(x, θ_n) + f(y, θ_{n+1}))
//   read-out ŷ = x·Rᵀ + r;  MSE loss mean((ŷ − y)²)
//   Adam: m ← β1 m + (1 − β1) g,  v ← β2 v + (1 − β2) g²,  θ ← θ − η (m / (1 − β1^t)) / (√(v / (1 − β2^t)) + ε)
//
// Ownership (jax-js frees an array when its reference count drops to 0; every function, jitted ones included,
// consumes its array arguments): the model holds one reference to each state array; a step passes the state
// in (consumed) and keeps what the step returns; constants (the batch) are passed as `.ref`.
import { init, jit, numpy as np, type OwnedFunction, valueAndGrad } from '@jax-js/jax';
import type { NetSpec } from '../src/core/params';
import type { JaxDevice } from './grid';
import type { TfModelInit } from './tfjs-model';

const initialized = new Map<JaxDevice, boolean>();

/** Start jax-js's backend for `device` (once); false when the browser cannot run it. */
export async function initJax(device: JaxDevice): Promise<boolean> {
  let ok = initialized.get(device);
  if (ok === undefined) {
    ok = (await init(device)).includes(device);
    initialized.set(device, ok);
  }
  return ok;
}

/** Pinned in package.json (the package exports no version). */
export const JAX_VERSION = '0.1.25';

/** The Adam state: parameters, first and second moments (leaf for leaf), and β1^t, β2^t. */
type State = { p: np.Array[]; m: np.Array[]; v: np.Array[]; b1t: np.Array; b2t: np.Array };

type StepFn = OwnedFunction<(s: State, x0: np.Array, y: np.Array) => [State, np.Array]>;

/**
 * The loss as a pure function of the parameter list [W_0, b_0, V_0, …, W_{S−1}, b_{S−1}, V_{S−1}, R, r], the
 * embedded inputs x0 [B][d] and the targets y [B][K]. Consumes its arguments (each parameter may be used by two
 * Heun stages, so every use takes a `.ref` and the originals are disposed at the end).
 */
function makeLoss(spec: NetSpec): (p: np.Array[], x0: np.Array, y: np.Array) => np.Array {
  const { steps, scheme, h, c } = spec;
  const f = (p: np.Array[], x: np.Array, n: number): np.Array => {
    let a = np.matmul(x, p[3 * n].ref.transpose());
    if (c !== 1) a = a.mul(c);
    const z = np.tanh(a.add(p[3 * n + 1].ref));
    return np.matmul(z, p[3 * n + 2].ref.transpose());
  };
  return (p, x0, y) => {
    let x = x0;
    for (let n = 0; n < steps; n++) {
      if (scheme === 'euler') {
        x = x.ref.add(f(p, x, n).mul(h));
      } else {
        const f1 = f(p, x.ref, n);
        const yy = x.ref.add(f1.ref.mul(h));
        const f2 = f(p, yy, n + 1);
        x = x.add(f1.add(f2).mul(h / 2));
      }
    }
    const L = p.length;
    const pred = np.matmul(x, p[L - 2].ref.transpose()).add(p[L - 1].ref);
    const loss = np.mean(np.square(pred.sub(y)));
    for (const a of p) a.dispose();
    return loss;
  };
}

export class JaxResNet {
  readonly device: JaxDevice;
  private state: State | null;
  private readonly x0: np.Array;
  private readonly y: np.Array;
  private readonly stepFn: StepFn;

  /** `initJax(device)` must have resolved true before. */
  constructor(init: TfModelInit, device: JaxDevice) {
    const { spec, weights: w, B } = init;
    const { d, M, setSize, off, outputDim: K } = spec;
    if (spec.residual !== 'mlp' || !spec.bias || spec.act !== 'tanh')
      throw new Error('the jax-js baseline implements MLP residuals with bias and tanh');
    this.device = device;
    const arr = (a: Float64Array, from: number, shape: number[]) => {
      const n = shape.reduce((s, x) => s * x, 1);
      return np.array(Float32Array.from(a.subarray(from, from + n)), { shape, device });
    };
    const p: np.Array[] = [];
    for (let n = 0; n < spec.used; n++) {
      const base = n * setSize;
      p.push(arr(w.residual, base + off.W, [M, d]));
      p.push(arr(w.residual, base + off.b, [M]));
      p.push(arr(w.residual, base + off.V, [d, M]));
    }
    p.push(arr(w.readoutW, 0, [K, d]));
    p.push(arr(w.readoutB, 0, [K]));
    this.state = {
      p,
      m: p.map((a) => np.zeros(a.shape, { device })),
      v: p.map((a) => np.zeros(a.shape, { device })),
      b1t: np.ones([], { device }),
      b2t: np.ones([], { device }),
    };
    this.x0 = arr(init.x0, 0, [B, d]);
    this.y = arr(init.y, 0, [B, K]);

    const loss = makeLoss(spec);
    const { lr, beta1, beta2, eps } = init.train;
    const lossAndGrad = valueAndGrad(loss);
    this.stepFn = jit((s: State, x0: np.Array, y: np.Array): [State, np.Array] => {
      // the gradient transformation consumes the parameters: keep a reference for the update
      const [L, g] = lossAndGrad(
        s.p.map((a) => a.ref),
        x0,
        y,
      );
      const b1t = s.b1t.mul(beta1);
      const b2t = s.b2t.mul(beta2);
      const c1 = np.subtract(1, b1t.ref); // 1 − β1^t
      const c2 = np.subtract(1, b2t.ref);
      const p: np.Array[] = [];
      const m: np.Array[] = [];
      const v: np.Array[] = [];
      for (let i = 0; i < s.p.length; i++) {
        const gi = g[i];
        const mi = s.m[i].mul(beta1).add(gi.ref.mul(1 - beta1));
        const vi = s.v[i].mul(beta2).add(np.square(gi).mul(1 - beta2));
        const mHat = mi.ref.div(c1.ref);
        const vHat = vi.ref.div(c2.ref);
        p.push(s.p[i].sub(mHat.mul(lr).div(np.sqrt(vHat).add(eps))));
        m.push(mi);
        v.push(vi);
      }
      c1.dispose();
      c2.dispose();
      return [{ p, m, v, b1t, b2t }, L];
    });
  }

  private live(): State {
    if (!this.state) throw new Error('jax-js model disposed');
    return this.state;
  }

  /** One Adam step (dispatched, not awaited); returns the loss before the update (the caller owns it). */
  private step(): np.Array {
    const [next, L] = this.stepFn(this.live(), this.x0.ref, this.y.ref);
    this.state = next;
    return L;
  }

  /**
   * k steps, then wait for the device: the last loss and the last update's parameters are ready. Between steps
   * it waits for each step (`blockUntilReady`), as jax-js recommends for iterative computations: jax-js keeps
   * the not-yet-submitted work of every array a step consumed on the arrays it returns, so queueing many steps
   * without a wait costs more than linear time in the frontend (measured: ~10× per step at 20 queued steps).
   */
  async steps(k: number): Promise<number> {
    let last: np.Array | null = null;
    for (let i = 0; i < k; i++) {
      last?.dispose();
      last = this.step();
      if (i + 1 < k) await last.blockUntilReady();
    }
    if (!last) return Number.NaN;
    const loss = (await last.data())[0];
    const s = this.live();
    await s.p[s.p.length - 1].blockUntilReady();
    return loss;
  }

  /** Losses of `k` consecutive steps (each before its update), read back one by one (the correctness check). */
  async lossTrajectory(k: number): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < k; i++) out.push((await this.step().data())[0]);
    return out;
  }

  dispose(): void {
    const s = this.state;
    this.state = null;
    if (s) for (const a of [...s.p, ...s.m, ...s.v, s.b1t, s.b2t]) a.dispose();
    this.x0.dispose();
    this.y.dispose();
    this.stepFn.dispose();
  }
}

/** The device as the report names it, with how jax-js's wasm backend runs here (threads need cross-origin isolation). */
export function jaxDescription(device: JaxDevice): string {
  const threads =
    device === 'wasm'
      ? typeof SharedArrayBuffer !== 'undefined' && globalThis.crossOriginIsolated
        ? `, multi-threaded (${navigator.hardwareConcurrency} workers)`
        : ', single-threaded (no SharedArrayBuffer)'
      : '';
  return `jax-js ${device}${threads}`;
}
