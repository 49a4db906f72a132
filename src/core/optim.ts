// Optimizer updates on flat parameter vectors, in float64 (the GPU kernels mirror these formulas).
//   gd:   θ ← θ − η g
//   sgd:  v ← μ v + g;  θ ← θ − η v                          (PyTorch's SGD with momentum)
//   adam: m ← β1 m + (1−β1) g;  v ← β2 v + (1−β2) g²;  θ ← θ − η m̂ / (√v̂ + ε)
// Weight decay λ is coupled (L2): g ← g + λ θ before the update.
import type { TrainConfig } from './config';

export interface OptState {
  m: Float64Array;
  v: Float64Array;
}

export function makeOptState(size: number): OptState {
  return { m: new Float64Array(size), v: new Float64Array(size) };
}

/** In-place update of `p` with gradient `g`; `t` is the 1-based step count (Adam's bias correction). */
export function optimStep(
  tc: Pick<TrainConfig, 'optimizer' | 'momentum' | 'beta1' | 'beta2' | 'eps' | 'weightDecay'>,
  lr: number,
  p: Float64Array,
  g: Float64Array,
  st: OptState,
  t: number,
): void {
  const wd = tc.weightDecay;
  switch (tc.optimizer) {
    case 'gd':
      for (let i = 0; i < p.length; i++) p[i] -= lr * (g[i] + wd * p[i]);
      return;
    case 'sgd': {
      const mu = tc.momentum;
      for (let i = 0; i < p.length; i++) {
        st.m[i] = mu * st.m[i] + g[i] + wd * p[i];
        p[i] -= lr * st.m[i];
      }
      return;
    }
    case 'adam': {
      const { beta1: b1, beta2: b2, eps } = tc;
      const c1 = 1 - b1 ** t;
      const c2 = 1 - b2 ** t;
      for (let i = 0; i < p.length; i++) {
        const gi = g[i] + wd * p[i];
        st.m[i] = b1 * st.m[i] + (1 - b1) * gi;
        st.v[i] = b2 * st.v[i] + (1 - b2) * gi * gi;
        p[i] -= (lr * (st.m[i] / c1)) / (Math.sqrt(st.v[i] / c2) + eps);
      }
      return;
    }
  }
}
