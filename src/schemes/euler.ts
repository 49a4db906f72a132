// Euler: x_{n+1} = x_n + h f(x_n, θ_n) (eq. 1, the ResNet); reverse x̃_n = x̃_{n+1} − h f(x̃_{n+1}, θ_n) (eq. 6).
import type { Scheme } from './types';

export const euler: Scheme<'euler'> = {
  id: 'euler',
  name: 'Euler',
  label: 'Euler (eq. 1)',
  netName: 'ResNet',
  help: 'Euler: xₙ₊₁ = xₙ + h f(xₙ, θₙ) (eq. 1).',
  docs: 'forward eq. 1, reverse eq. 6, backward eq. 3 (adjoint eq. 7): float64 explicit-rk.ts with this tableau, WGSL euler.wgsl, WASM kernels.as heun = 0.',
  order: 1,
  tableau: { a: [[]], b: [1], w: [0] },
  // eq. 6 evaluates at θ_n, not θ_{n+1}: the reverse step is not the tableau's mirror
  reverseW: [0],
  wasm: { code: 0 },
  pytorch: 'euler',
  wgsl: 'euler',
};
