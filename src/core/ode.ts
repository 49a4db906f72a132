// The neural ODE a ResNet discretizes, solved on a much finer grid (classical RK4), in float64.
//
// A net x_{n+1} = x_n + h f(x_n, θ_n) with S steps is read as an Euler (or Heun) discretization, with step
// 1/N, of dx/ds = N·h·f(x, θ(s)) on s ∈ [0, S/N]; θ(s) interpolates the weights linearly between
// θ_n at s_n = n/N, n = 0..S ("weight interpolation", Sander et al. §3.1; for Euler nets θ_S enters only here).
import type { NetSpec } from './params';
import { makeScratch, residual, type Scratch } from './residual';

/** Classical RK4 for dx/ds = φ(x, s) from s0 to s1 in `steps` equal steps, on one state vector. */
export function rk4(
  phi: (x: Float64Array, s: number, out: Float64Array) => void,
  x0: Float64Array,
  s0: number,
  s1: number,
  steps: number,
): Float64Array {
  const d = x0.length;
  const x = x0.slice();
  const k1 = new Float64Array(d);
  const k2 = new Float64Array(d);
  const k3 = new Float64Array(d);
  const k4 = new Float64Array(d);
  const t = new Float64Array(d);
  const dt = (s1 - s0) / steps;
  for (let i = 0; i < steps; i++) {
    const s = s0 + i * dt;
    phi(x, s, k1);
    for (let j = 0; j < d; j++) t[j] = x[j] + 0.5 * dt * k1[j];
    phi(t, s + 0.5 * dt, k2);
    for (let j = 0; j < d; j++) t[j] = x[j] + 0.5 * dt * k2[j];
    phi(t, s + 0.5 * dt, k3);
    for (let j = 0; j < d; j++) t[j] = x[j] + dt * k3[j];
    phi(t, s + dt, k4);
    for (let j = 0; j < d; j++) x[j] += (dt / 6) * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]);
  }
  return x;
}

/** θ(s) by linear interpolation of the parameter sets θ_0..θ_S at s_n = n/N, into `out`. */
export function interpolateWeights(spec: NetSpec, p: Float64Array, s: number, out: Float64Array): void {
  const { P, setSize, N } = spec;
  const u = s * N;
  const n = Math.min(Math.max(Math.floor(u), 0), P - 2);
  const t = u - n;
  const a = n * setSize;
  const b = (n + 1) * setSize;
  for (let i = 0; i < setSize; i++) out[i] = (1 - t) * p[a + i] + t * p[b + i];
}

/** The vector field φ(x, s) = N·h·f(x, s, θ(s)) of the interpolating neural ODE. */
export function odeField(spec: NetSpec, p: Float64Array) {
  const theta = new Float64Array(spec.setSize);
  const sc: Scratch = makeScratch(spec);
  const scale = spec.N * spec.h;
  return (x: Float64Array, s: number, out: Float64Array) => {
    interpolateWeights(spec, p, s, theta);
    residual(spec, theta, 0, x, 0, s, out, 0, sc);
    for (let i = 0; i < out.length; i++) out[i] *= scale;
  };
}

/**
 * Solve the interpolating ODE from each x0 [B][d] and return x(s_n) for n = 0..S, [S+1][B][d].
 * `sub` RK4 steps per layer interval: the field is smooth inside each interval (weights are linear there),
 * so RK4 keeps its 4th order and the ODE error is far below the ResNet's discretization error.
 */
export function solveInterpolatedOde(
  spec: NetSpec,
  p: Float64Array,
  x0: Float64Array,
  B: number,
  sub = 8,
): Float64Array {
  const { d, steps: S, N } = spec;
  const phi = odeField(spec, p);
  const out = new Float64Array((S + 1) * B * d);
  for (let b = 0; b < B; b++) {
    let x: Float64Array = x0.slice(b * d, (b + 1) * d);
    out.set(x, b * d);
    for (let n = 0; n < S; n++) {
      x = rk4(phi, x, n / N, (n + 1) / N, sub);
      out.set(x, ((n + 1) * B + b) * d);
    }
  }
  return out;
}
