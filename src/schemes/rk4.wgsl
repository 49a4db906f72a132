// Classical RK4 steps (src/schemes/rk4.ts), the scheme's part of shaders/resnet.wgsl, through the kind's f_eval,
// f_vjp and grad_accum. Stages 2 and 3 read the blended set θ_{n+½} (mid_set(n), resnet.wgsl) and share its
// gradient slot mid_slot(n); stage 4 reads θ_{n+1}, so set n+1 gets a part from step n (NEXT, as for Heun).

var<private> ks: array<V4, D>;    // forward: k₁ + 2k₂ + 2k₃; backward: Σ λ_i of the later stages
var<private> y1: array<V4, D>;    // stage inputs Y₁ = x + h/2 k₁, Y₂ = x + h/2 k₂, Y₃ = x + h k₃
var<private> y2: array<V4, D>;
var<private> y3: array<V4, D>;

// x ← x + s·h/6 (k₁ + 2k₂ + 2k₃ + k₄) from x, with s = +1 (forward: θ_n, θ_{n+½}, θ_{n+½}, θ_{n+1}) or −1
// (reverse from x̃_{n+1}: θ_{n+1}, θ_{n+½}, θ_{n+½}, θ_n).
fn rk4_step(first: u32, last: u32, n: u32, h: f32, tid: u32) {
  set_vin_from_x();
  f_eval(first, tid);
  for (var i = 0u; i < D; i++) {
    ks[i] = fo[i];
    vin[i] = x[i] + 0.5 * h * fo[i];
  }
  f_eval(mid_set(n), tid);
  for (var i = 0u; i < D; i++) {
    ks[i] += 2.0 * fo[i];
    vin[i] = x[i] + 0.5 * h * fo[i];
  }
  f_eval(mid_set(n), tid);
  for (var i = 0u; i < D; i++) {
    ks[i] += 2.0 * fo[i];
    vin[i] = x[i] + h * fo[i];
  }
  f_eval(last, tid);
  for (var i = 0u; i < D; i++) { x[i] += (h / 6.0) * (ks[i] + fo[i]); }
}

fn step_forward(n: u32, tid: u32) { rk4_step(n, n + 1u, n, net.h, tid); }

fn step_reverse(n: u32, tid: u32) { rk4_step(n + 1u, n, n, -net.h, tid); }

// Backprop through step n at state x = x_n: g ← ∂L/∂x_n from g = ∂L/∂x_{n+1}, the stages in reverse order:
// K̄₄ = h/6 g, K̄₃ = h/3 g + h λ₄, K̄₂ = h/3 g + h/2 λ₃, K̄₁ = h/6 g + h/2 λ₂, λ_i = ∂_Y f(Y_i)ᵀ K̄_i, and
// ∂L/∂x_n = g + λ₁ + λ₂ + λ₃ + λ₄.
fn step_backward(n: u32, tid: u32, wg: u32) {
  let h = net.h;
  let slot = n - chunk.n0;
  let ms = mid_set(n);
  // the stage inputs, recomputed from x_n
  set_vin_from_x();
  f_eval(n, tid);
  for (var i = 0u; i < D; i++) {
    y1[i] = x[i] + 0.5 * h * fo[i];
    vin[i] = y1[i];
  }
  f_eval(ms, tid);
  for (var i = 0u; i < D; i++) {
    y2[i] = x[i] + 0.5 * h * fo[i];
    vin[i] = y2[i];
  }
  f_eval(ms, tid);
  for (var i = 0u; i < D; i++) {
    y3[i] = x[i] + h * fo[i];
    vin[i] = y3[i];
    cot[i] = (h / 6.0) * g[i];
  }
  // stage 4 at θ_{n+1}; set n+1 was assigned by step n+1 unless it tops the chunk
  f_eval(n + 1u, tid);
  f_vjp(n + 1u, tid);
  grad_accum(slot + 1u, n + 1u < chunk.n1, tid, wg);
  for (var i = 0u; i < D; i++) {
    ks[i] = gx[i];
    cot[i] = (h / 3.0) * g[i] + h * gx[i];
    vin[i] = y2[i];
  }
  // stage 3 at θ_{n+½}: assigns the mid slot
  f_eval(ms, tid);
  f_vjp(ms, tid);
  grad_accum(mid_slot(n), false, tid, wg);
  for (var i = 0u; i < D; i++) {
    ks[i] += gx[i];
    cot[i] = (h / 3.0) * g[i] + 0.5 * h * gx[i];
    vin[i] = y1[i];
  }
  // stage 2 at θ_{n+½}: adds to it
  f_eval(ms, tid);
  f_vjp(ms, tid);
  grad_accum(mid_slot(n), true, tid, wg);
  for (var i = 0u; i < D; i++) {
    ks[i] += gx[i];
    cot[i] = (h / 6.0) * g[i] + 0.5 * h * gx[i];
    vin[i] = x[i];
  }
  // stage 1 at θ_n
  f_eval(n, tid);
  f_vjp(n, tid);
  grad_accum(slot, false, tid, wg);
  for (var i = 0u; i < D; i++) { g[i] += ks[i] + gx[i]; }
}
