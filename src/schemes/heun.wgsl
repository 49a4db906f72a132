// Heun steps (src/schemes/heun.ts), the scheme's part of shaders/resnet.wgsl: forward (eq. 8), reverse (eq. 9)
// and backward through both evaluations, by the kind's f_eval, f_vjp and grad_accum. Step n reads θ_n and
// θ_{n+1}, so set n+1's weight gradient gets a part from step n (slot n+1−n0, added; wreduce NEXT).

var<private> f1: array<V4, D>;    // first evaluation
var<private> gy: array<V4, D>;    // ∂L/∂y

// x ← x_{n+1} from x_n: eq. (8).
fn step_forward(n: u32, tid: u32) {
  let h = net.h;
  set_vin_from_x();
  f_eval(n, tid);
  for (var i = 0u; i < D; i++) {
    f1[i] = fo[i];
    vin[i] = x[i] + h * fo[i];
  }
  f_eval(n + 1u, tid);
  for (var i = 0u; i < D; i++) { x[i] += 0.5 * h * (f1[i] + fo[i]); }
}

// x ← x̃_n from x̃_{n+1}: eq. (9) reverse Heun.
fn step_reverse(n: u32, tid: u32) {
  let h = net.h;
  set_vin_from_x();
  f_eval(n + 1u, tid);
  for (var i = 0u; i < D; i++) {
    f1[i] = fo[i];
    vin[i] = x[i] - h * fo[i];
  }
  f_eval(n, tid);
  for (var i = 0u; i < D; i++) { x[i] -= 0.5 * h * (f1[i] + fo[i]); }
}

// Backprop through step n at state x = x_n: g ← ∂L/∂x_n from g = ∂L/∂x_{n+1}, adding ∂L/∂θ_n and the part of
// ∂L/∂θ_{n+1} through f(y_n, θ_{n+1}) to the tile's partial sums.
fn step_backward(n: u32, tid: u32, wg: u32) {
  let h = net.h;
  let slot = n - chunk.n0;
  // y_n = x_n + h f(x_n, θ_n)
  set_vin_from_x();
  f_eval(n, tid);
  for (var i = 0u; i < D; i++) {
    vin[i] = x[i] + h * fo[i];
    cot[i] = 0.5 * h * g[i];
  }
  // through f(y_n, θ_{n+1}) with cotangent h/2 g; set n+1 was assigned by step n+1 unless it tops the chunk
  f_eval(n + 1u, tid);
  f_vjp(n + 1u, tid);
  grad_accum(slot + 1u, n + 1u < chunk.n1, tid, wg);
  // through f(x_n, θ_n) with cotangent h/2 g + h gy, where gy = ∂L/∂y_n = gx
  for (var i = 0u; i < D; i++) {
    gy[i] = gx[i];
    cot[i] = 0.5 * h * g[i] + h * gx[i];
    vin[i] = x[i];
  }
  f_eval(n, tid);
  f_vjp(n, tid);
  grad_accum(slot, false, tid, wg);
  for (var i = 0u; i < D; i++) { g[i] += gy[i] + gx[i]; }
}
