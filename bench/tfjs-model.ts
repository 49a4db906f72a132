// The baseline: the same network and training step written with TensorFlow.js (WebGPU backend), the way a user
// would write it — one tf.variable per weight matrix and bias, a loss function built from tf ops, gradients by
// tf's autodiff through optimizer.minimize, and tf.train.adam with the same hyper-parameters. It starts from the
// same float64 weights (as float32) and trains on the same embedded batch as the engine.
//
//   per layer n:  a = c·x·W_nᵀ + b_n,  z = σ(a),  f = z·V_nᵀ
//   Euler (eq. 1): x ← x + h f(x, θ_n)
//   Heun  (eq. 8): y = x + h f(x, θ_n);  x ← x + h/2 (f(x, θ_n) + f(y, θ_{n+1}))
//   read-out ŷ = x·Rᵀ + r;  MSE loss mean((ŷ − y)²)
import * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from '../src/core/config';
import type { NetSpec, Weights } from '../src/core/params';

export interface TfModelInit {
  spec: NetSpec;
  weights: Weights;
  /** Embedded inputs x_0 = E x of the batch, [B][d]. */
  x0: Float64Array;
  /** Targets of the batch, [B][K]. */
  y: Float64Array;
  B: number;
  train: Pick<TrainConfig, 'lr' | 'beta1' | 'beta2' | 'eps'>;
}

const GELU_K = Math.sqrt(2 / Math.PI);

export class TfResNet {
  /** Bytes of tensors alive at the end of the last taped forward pass beyond those alive before the step:
   * what autodiff keeps for the backward pass. */
  forwardBytes = 0;
  private readonly W: tf.Variable[] = [];
  private readonly b: tf.Variable[] = [];
  private readonly V: tf.Variable[] = [];
  private readonly R: tf.Variable;
  private readonly r: tf.Variable;
  private readonly x0: tf.Tensor2D;
  private readonly y: tf.Tensor2D;
  private readonly consts: { h: tf.Scalar; h2: tf.Scalar; c: tf.Scalar; k: tf.Scalar; half: tf.Scalar };
  private readonly opt: tf.AdamOptimizer;
  private readonly vars: tf.Variable[];

  constructor(private readonly init: TfModelInit) {
    const { spec, weights: w, B } = init;
    const { d, M, setSize, off, outputDim: K } = spec;
    if (spec.residual !== 'mlp' || !spec.bias)
      throw new Error('the TF.js baseline implements MLP residuals with bias');
    const f32 = (a: Float64Array, from: number, n: number) => Float32Array.from(a.subarray(from, from + n));
    // the sets the network uses: θ_0..θ_{S−1} (Euler; θ_S only shapes the interpolating ODE) or θ_0..θ_S (Heun)
    // tf.variable(t) shares t's data and leaves t alive: dispose the initial tensor once the variable holds it
    const variable = (t: tf.Tensor, name: string) => {
      const v = tf.variable(t, true, name);
      t.dispose();
      return v;
    };
    for (let n = 0; n < spec.used; n++) {
      const base = n * setSize;
      this.W.push(variable(tf.tensor2d(f32(w.residual, base + off.W, M * d), [M, d]), `W${n}`));
      this.b.push(variable(tf.tensor1d(f32(w.residual, base + off.b, M)), `b${n}`));
      this.V.push(variable(tf.tensor2d(f32(w.residual, base + off.V, d * M), [d, M]), `V${n}`));
    }
    this.R = variable(tf.tensor2d(Float32Array.from(w.readoutW), [K, d]), 'R');
    this.r = variable(tf.tensor1d(Float32Array.from(w.readoutB)), 'r');
    this.x0 = tf.tensor2d(Float32Array.from(init.x0), [B, d]);
    this.y = tf.tensor2d(Float32Array.from(init.y), [B, K]);
    this.consts = {
      h: tf.scalar(spec.h),
      h2: tf.scalar(spec.h / 2),
      c: tf.scalar(spec.c),
      k: tf.scalar(GELU_K),
      half: tf.scalar(0.5),
    };
    this.vars = [...this.W, ...this.b, ...this.V, this.R, this.r];
    const t = init.train;
    this.opt = tf.train.adam(t.lr, t.beta1, t.beta2, t.eps);
  }

  private act(a: tf.Tensor2D): tf.Tensor2D {
    switch (this.init.spec.act) {
      case 'tanh':
        return tf.tanh(a);
      case 'relu':
        return tf.relu(a);
      case 'identity':
        return a;
      case 'gelu': {
        const { k, half } = this.consts;
        const inner = tf.mul(k, tf.add(a, tf.mul(0.044715, tf.pow(a, 3))));
        return tf.mul(tf.mul(half, a), tf.add(1, tf.tanh(inner)));
      }
    }
  }

  /** f(x, θ_n) = V_n σ(c·W_n x + b_n) for a batch x [B][d]. */
  private f(x: tf.Tensor2D, n: number): tf.Tensor2D {
    let a = tf.matMul(x, this.W[n], false, true);
    if (this.init.spec.c !== 1) a = tf.mul(a, this.consts.c);
    const z = this.act(tf.add(a, this.b[n]));
    return tf.matMul(z, this.V[n], false, true);
  }

  /** The batch loss as a scalar tensor (inside a tidy or a gradient scope). */
  loss(): tf.Scalar {
    const { spec } = this.init;
    const { h, h2 } = this.consts;
    let x = this.x0;
    for (let n = 0; n < spec.steps; n++) {
      const f1 = this.f(x, n);
      if (spec.scheme === 'euler') {
        x = tf.add(x, tf.mul(f1, h));
      } else {
        const y: tf.Tensor2D = tf.add(x, tf.mul(f1, h));
        const f2 = this.f(y, n + 1);
        x = tf.add(x, tf.mul(tf.add(f1, f2), h2));
      }
    }
    const pred = tf.add(tf.matMul(x, this.R, false, true), this.r);
    return tf.mean(tf.squaredDifference(pred, this.y));
  }

  /** One Adam step; returns the loss before the update (the caller disposes it). Enqueues GPU work only. */
  step(): tf.Scalar {
    const before = tf.memory().numBytes;
    const cost = this.opt.minimize(
      () => {
        const L = this.loss();
        this.forwardBytes = tf.memory().numBytes - before;
        return L;
      },
      true,
      this.vars,
    );
    if (!cost) throw new Error('optimizer.minimize returned no cost');
    return cost;
  }

  /** k steps, then wait for the GPU: reads back the last loss and a weight the last update wrote. */
  async steps(k: number): Promise<number> {
    let last: tf.Scalar | null = null;
    for (let i = 0; i < k; i++) {
      last?.dispose();
      last = this.step();
    }
    if (!last) return Number.NaN;
    const [loss] = await last.data();
    last.dispose();
    await this.r.data();
    return loss;
  }

  /** k forward-only loss evaluations (no tape), then a readback. */
  async forwardOnly(k: number): Promise<number> {
    let last: tf.Scalar | null = null;
    for (let i = 0; i < k; i++) {
      last?.dispose();
      last = tf.tidy(() => this.loss());
    }
    if (!last) return Number.NaN;
    const [loss] = await last.data();
    last.dispose();
    return loss;
  }

  /** Losses of `k` consecutive steps (each before its update), read back one by one (the correctness check). */
  async lossTrajectory(k: number): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < k; i++) {
      const c = this.step();
      out.push((await c.data())[0]);
      c.dispose();
    }
    return out;
  }

  /**
   * One training step under tf.profile (untimed): how many kernels TF.js launches, and the GPU time per kernel
   * name where the backend can time kernels (timestamp queries), most expensive first.
   */
  async profileStep(): Promise<{
    kernels: number;
    gpuMs: number;
    top: { name: string; count: number; ms: number }[];
  }> {
    const info = await tf.profile(() => {
      this.step().dispose();
    });
    const by = new Map<string, { name: string; count: number; ms: number }>();
    let gpuMs = 0;
    for (const k of info.kernels) {
      const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : Number.NaN;
      const e = by.get(k.name) ?? { name: k.name, count: 0, ms: 0 };
      e.count++;
      e.ms += ms;
      gpuMs += ms;
      by.set(k.name, e);
    }
    const top = [...by.values()].sort((a, b) => b.ms - a.ms || b.count - a.count);
    return { kernels: info.kernels.length, gpuMs, top };
  }

  dispose(): void {
    this.opt.dispose();
    tf.dispose([...this.vars, this.x0, this.y, ...Object.values(this.consts)]);
  }
}
