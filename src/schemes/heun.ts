// Heun: y_n = x_n + h f(x_n, θ_n); x_{n+1} = x_n + h/2 (f(x_n, θ_n) + f(y_n, θ_{n+1})) (eq. 8, the HeunNet);
// reverse from x̃_{n+1} with θ_{n+1} first (eq. 9).
import type { Scheme } from './types';

export const heun: Scheme<'heun'> = {
  id: 'heun',
  name: 'Heun',
  label: 'Heun (eq. 8)',
  netName: 'HeunNet',
  help: 'Heun: a second-order step using θₙ and θₙ₊₁ (Sander et al. eq. 8); with smooth weights its adjoint gradients are more accurate at the same depth (Fig. 3c).',
  docs: 'forward eq. 8, reverse eq. 9, backward through both stages: float64 explicit-rk.ts with this tableau, WGSL heun.wgsl, WASM kernels.as heun = 1.',
  order: 2,
  tableau: { a: [[], [1]], b: [0.5, 0.5], w: [0, 1] },
  wasm: { code: 1 },
  pytorch: 'heun',
  wgsl: 'heun',
};
