// Activations σ of residual blocks and their derivatives, in float64 (the WGSL twins are in shaders/common.wgsl).
export const ACTIVATIONS = ['relu', 'tanh', 'gelu', 'identity'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

const GELU_K = Math.sqrt(2 / Math.PI);

/**
 * σ(a). GELU is the tanh form (PyTorch's approximate='tanh'): WGSL has no erf, and GPU and CPU must compute
 * the same function.
 */
export function activate(act: Activation, a: number): number {
  switch (act) {
    case 'relu':
      return Math.max(a, 0); // propagates NaN, so a diverged run is detected
    case 'tanh':
      return Math.tanh(a);
    case 'gelu':
      return 0.5 * a * (1 + Math.tanh(GELU_K * (a + 0.044715 * a * a * a)));
    case 'identity':
      return a;
  }
}

/** σ'(a); ReLU's derivative at 0 is taken as 0. */
export function activateDeriv(act: Activation, a: number): number {
  switch (act) {
    case 'relu':
      return a > 0 ? 1 : 0;
    case 'tanh': {
      const t = Math.tanh(a);
      return 1 - t * t;
    }
    case 'gelu': {
      const u = GELU_K * (a + 0.044715 * a * a * a);
      const t = Math.tanh(u);
      return 0.5 * (1 + t) + 0.5 * a * (1 - t * t) * GELU_K * (1 + 3 * 0.044715 * a * a);
    }
    case 'identity':
      return 1;
  }
}
