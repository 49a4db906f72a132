// Explicit midpoint steps (src/schemes/midpoint.ts), the scheme's part of shaders/resnet.wgsl, through the kind's
// f_eval, f_vjp and grad_accum. The half-step stage reads the blended set θ_{n+½} (mid_set(n), resnet.wgsl) and
// its weight gradient goes to slot mid_slot(n), which wreduce folds into θ_n and θ_{n+1}.

var<private> gy: array<V4, D>;    // ∂L/∂y of the half-step input y = x_n + h/2 k₁

// x ← x_{n+1} = x_n + h f(x_n + h/2 f(x_n, θ_n), θ_{n+½}).
fn step_forward(n: u32, tid: u32) {
  let h = net.h;
  set_vin_from_x();
  f_eval(n, tid);
  for (var i = 0u; i < D; i++) { vin[i] = x[i] + 0.5 * h * fo[i]; }
  f_eval(mid_set(n), tid);
  for (var i = 0u; i < D; i++) { x[i] += h * fo[i]; }
}

// x ← x̃_n from x̃_{n+1}: the same tableau with −h, stages at θ_{n+1} and θ_{n+½}.
fn step_reverse(n: u32, tid: u32) {
  let h = net.h;
  set_vin_from_x();
  f_eval(n + 1u, tid);
  for (var i = 0u; i < D; i++) { vin[i] = x[i] - 0.5 * h * fo[i]; }
  f_eval(mid_set(n), tid);
  for (var i = 0u; i < D; i++) { x[i] -= h * fo[i]; }
}

// Backprop through step n at state x = x_n: g ← ∂L/∂x_n from g = ∂L/∂x_{n+1}; θ_{n+½}'s gradient to its own
// slot, θ_n's to slot n − n0 (set n+1 gets nothing directly: NEXT is false).
fn step_backward(n: u32, tid: u32, wg: u32) {
  let h = net.h;
  let slot = n - chunk.n0;
  // y = x_n + h/2 f(x_n, θ_n)
  set_vin_from_x();
  f_eval(n, tid);
  for (var i = 0u; i < D; i++) {
    vin[i] = x[i] + 0.5 * h * fo[i];
    cot[i] = h * g[i];
  }
  // through f(y, θ_{n+½}) with cotangent h g: gy = ∂L/∂y
  f_eval(mid_set(n), tid);
  f_vjp(mid_set(n), tid);
  grad_accum(mid_slot(n), false, tid, wg);
  // through f(x_n, θ_n) with cotangent h/2 gy
  for (var i = 0u; i < D; i++) {
    gy[i] = gx[i];
    cot[i] = 0.5 * h * gx[i];
    vin[i] = x[i];
  }
  f_eval(n, tid);
  f_vjp(n, tid);
  grad_accum(slot, false, tid, wg);
  for (var i = 0u; i < D; i++) { g[i] += gy[i] + gx[i]; }
}
