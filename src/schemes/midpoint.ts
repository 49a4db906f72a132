// Explicit midpoint: k₁ = f(x_n, θ_n), k₂ = f(x_n + h/2 k₁, θ_{n+½}), x_{n+1} = x_n + h k₂, where
// θ_{n+½} = (θ_n + θ_{n+1})/2 at depth (n + ½)/N: the interpolating ODE's weights at the half step. Reverse: the
// same tableau with −h from x̃_{n+1}, stage 1 at θ_{n+1}, stage 2 at θ_{n+½} (the registry's default 1 − w).
import type { Scheme } from './types';

export const midpoint: Scheme<'midpoint'> = {
  id: 'midpoint',
  name: 'midpoint',
  label: 'Explicit midpoint (order 2)',
  netName: 'MidpointNet',
  help: 'Explicit midpoint: xₙ₊₁ = xₙ + h f(xₙ + h/2 f(xₙ, θₙ), (θₙ + θₙ₊₁)/2), a second-order step with one half-step evaluation at the weights interpolated in depth; its reverse runs the same step with −h.',
  docs: 'forward x_{n+1} = x_n + h f(x_n + h/2 f(x_n, θ_n), θ_{n+½}), reverse the same tableau with −h (stages at θ_{n+1}, θ_{n+½}), backward through both stages: float64 explicit-rk.ts with this tableau, WGSL midpoint.wgsl (θ_{n+½} as a blended parameter set, resnet.wgsl mid_set), WASM: not available (refused, the engine choice falls back).',
  order: 2,
  tableau: { a: [[], [0.5]], b: [0, 1], w: [0, 0.5] },
  wasm: null,
  pytorch: null,
  wgsl: 'midpoint',
};
