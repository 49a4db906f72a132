// Classical Runge–Kutta (RK4): k₁ = f(x_n, θ_n), k₂ = f(x_n + h/2 k₁, θ_{n+½}), k₃ = f(x_n + h/2 k₂, θ_{n+½}),
// k₄ = f(x_n + h k₃, θ_{n+1}), x_{n+1} = x_n + h/6 (k₁ + 2k₂ + 2k₃ + k₄), with θ_{n+½} = (θ_n + θ_{n+1})/2 at depth
// (n + ½)/N. Reverse: the same tableau with −h from x̃_{n+1} (stages at θ_{n+1}, θ_{n+½}, θ_{n+½}, θ_n).
import type { Scheme } from './types';

export const rk4: Scheme<'rk4'> = {
  id: 'rk4',
  name: 'RK4',
  label: 'Runge–Kutta 4 (order 4)',
  netName: 'RK4Net',
  help: 'Classical Runge–Kutta: four evaluations per step, at θₙ, twice at (θₙ + θₙ₊₁)/2 and at θₙ₊₁; fourth order, so with smooth weights the reconstruction and adjoint-gradient errors fall like 1/N⁵.',
  docs: 'forward x_{n+1} = x_n + h/6 (k₁ + 2k₂ + 2k₃ + k₄), reverse the same tableau with −h (stages at θ_{n+1}, θ_{n+½}, θ_{n+½}, θ_n), backward through the four stages: float64 explicit-rk.ts with this tableau, WGSL rk4.wgsl (θ_{n+½} as a blended parameter set, resnet.wgsl mid_set), WASM: not available (refused, the engine choice falls back).',
  order: 4,
  tableau: {
    a: [[], [0.5], [0, 0.5], [0, 0, 1]],
    b: [1 / 6, 1 / 3, 1 / 3, 1 / 6],
    w: [0, 0.5, 0.5, 1],
  },
  wasm: null,
  pytorch: null,
  wgsl: 'rk4',
};
