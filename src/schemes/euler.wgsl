// Euler steps (src/schemes/euler.ts), the scheme's part of shaders/resnet.wgsl: forward (eq. 1), reverse
// (eq. 6) and backward (eq. 3) through the kind's f_eval, f_vjp and grad_accum.

// x ← x_{n+1} from x_n: eq. (1).
fn step_forward(n: u32, tid: u32) {
  let h = net.h;
  set_vin_from_x();
  f_eval(n, tid);
  for (var i = 0u; i < D; i++) { x[i] += h * fo[i]; }
}

// x ← x̃_n from x̃_{n+1}: eq. (6) x̃_n = x̃_{n+1} − h f(x̃_{n+1}, θ_n).
fn step_reverse(n: u32, tid: u32) {
  let h = net.h;
  set_vin_from_x();
  f_eval(n, tid);
  for (var i = 0u; i < D; i++) { x[i] -= h * fo[i]; }
}

// Backprop through step n at state x = x_n: g ← ∂L/∂x_n from g = ∂L/∂x_{n+1}, adding ∂L/∂θ_n to the tile's
// partial sums.
fn step_backward(n: u32, tid: u32, wg: u32) {
  let h = net.h;
  let slot = n - chunk.n0;
  for (var i = 0u; i < D; i++) {
    vin[i] = x[i];
    cot[i] = h * g[i];
  }
  f_eval(n, tid);
  f_vjp(n, tid);
  grad_accum(slot, false, tid, wg);
  for (var i = 0u; i < D; i++) { g[i] += gx[i]; }
}
