// Per-sample ResNet kernels: forward (eq. 1 / eq. 8), reverse reconstruction (eq. 6 / eq. 9) and the
// backward sweep (eq. 3, or eq. 7 on states rebuilt on the fly). One workgroup owns one sample and loops over
// a chunk of layers; its WG threads share the sample's vectors in workgroup memory and split the rows of each
// matrix-vector product between them. WGSL has no barrier across workgroups, and none is needed: samples are
// independent. Weight gradients are not summed here: the backward sweep writes per-sample "tape" records
// (input, cotangent, activations) that wgrad.wgsl reduces over the batch in a fixed order (deterministic).
//
// Parameter set n (floats at n*SET): linear  θ [D][D] row-major, then b [D] if BIAS    f(x) = θ x + b
//                                    mlp     W [M][D], then b [M] if BIAS, V [D][M]   f(h) = V σ(c W h + b)

override D: u32;              // state dimension d
override M: u32 = 1u;         // hidden width (MLP); 1 for linear residuals (unused)
override WG: u32 = 64u;       // threads per workgroup
override MLP: bool;           // residual kind
override ACT: u32 = 1u;       // 0 relu, 1 tanh, 2 gelu (tanh form), 3 identity
override HEUN: bool;          // scheme
override BIAS: bool;
override SET: u32;            // floats per parameter set
override OFF_B: u32 = 0u;     // offset of b inside a set
override OFF_V: u32 = 0u;     // offset of V inside a set (MLP)

struct Net {
  h: f32,        // residual scale
  c: f32,        // inner scale (MLP)
  batch: u32,    // samples in the batch (B)
  steps: u32,    // residual steps S
}

struct Chunk {
  n0: u32,       // first step of the chunk
  n1: u32,       // one past the last step
  store: u32,    // forward: 1 = write every state to `states`
  first: u32,    // forward: 1 = start from the data (gather x_0); backward: 1 = start from x_S (adjoint)
}

@group(0) @binding(0) var<uniform> net: Net;
@group(0) @binding(1) var<uniform> chunk: Chunk;
@group(0) @binding(2) var<storage, read> params: array<f32>;
// forward: embedded inputs of the whole data set [n][D] and the batch's row indices [B]
@group(0) @binding(3) var<storage, read> x0data: array<f32>;
@group(0) @binding(4) var<storage, read> batch_idx: array<u32>;
// trajectory [S+1][B][D] (forward with store; backward in exact mode reads it; reverse_store writes it)
@group(0) @binding(5) var<storage, read_write> states: array<f32>;
// the current state of each sample [B][D]: x_S after the forward, x̃_n during an adjoint backward sweep
@group(0) @binding(6) var<storage, read_write> xcur: array<f32>;
// ∂L/∂x of each sample [B][D], carried between backward chunks
@group(0) @binding(7) var<storage, read_write> gvec: array<f32>;
// tape [K][KINDS][B][REC]: per step, per evaluation of f (2 for Heun), per sample: v, u, z, ga
@group(0) @binding(8) var<storage, read_write> tape: array<f32>;

var<workgroup> x: array<f32, D>;     // the sample's state
var<workgroup> vin: array<f32, D>;   // input of the next evaluation of f
var<workgroup> fo: array<f32, D>;    // f(vin)
var<workgroup> f1: array<f32, D>;    // first Heun evaluation
var<workgroup> yv: array<f32, D>;    // Heun's intermediate state y
var<workgroup> cot: array<f32, D>;   // cotangent fed to the VJP
var<workgroup> gx: array<f32, D>;    // ∂x f(vin)ᵀ cot
var<workgroup> gy: array<f32, D>;    // Heun: ∂L/∂y
var<workgroup> g: array<f32, D>;     // ∂L/∂x_n
var<workgroup> z: array<f32, M>;     // σ(a) at vin
var<workgroup> sp: array<f32, M>;    // σ'(a) at vin
var<workgroup> ga: array<f32, M>;    // σ'(a) ⊙ Vᵀ cot

const GELU_K: f32 = 0.7978845608028654;   // sqrt(2/π)

// tanh with its argument clamped: some implementations (SwiftShader) evaluate tanh through exp and return NaN
// for |x| ≳ 44; at |x| = 15 tanh is already ±1 in float32.
fn tanh_safe(x: f32) -> f32 { return tanh(clamp(x, -15.0, 15.0)); }

fn act(a: f32) -> f32 {
  switch ACT {
    case 0u: { return max(a, 0.0); }
    case 1u: { return tanh_safe(a); }
    case 2u: { return 0.5 * a * (1.0 + tanh_safe(GELU_K * (a + 0.044715 * a * a * a))); }
    default: { return a; }
  }
}

fn act_deriv(a: f32) -> f32 {
  switch ACT {
    case 0u: { return select(0.0, 1.0, a > 0.0); }
    case 1u: { let t = tanh_safe(a); return 1.0 - t * t; }
    case 2u: {
      let t = tanh_safe(GELU_K * (a + 0.044715 * a * a * a));
      return 0.5 * (1.0 + t) + 0.5 * a * (1.0 - t * t) * GELU_K * (1.0 + 3.0 * 0.044715 * a * a);
    }
    default: { return 1.0; }
  }
}

// fo = f(vin, θ_ps); for MLPs also z = σ(a), sp = σ'(a). Call from uniform control flow.
fn f_eval(ps: u32, tid: u32) {
  let base = ps * SET;
  if (MLP) {
    for (var j = tid; j < M; j += WG) {
      var acc = 0.0;
      let row = base + j * D;
      for (var k = 0u; k < D; k++) { acc += params[row + k] * vin[k]; }
      var a = net.c * acc;
      if (BIAS) { a += params[base + OFF_B + j]; }
      z[j] = act(a);
      sp[j] = act_deriv(a);
    }
    workgroupBarrier();
    for (var i = tid; i < D; i += WG) {
      var acc = 0.0;
      let row = base + OFF_V + i * M;
      for (var j = 0u; j < M; j++) { acc += params[row + j] * z[j]; }
      fo[i] = acc;
    }
  } else {
    for (var i = tid; i < D; i += WG) {
      var acc = 0.0;
      if (BIAS) { acc = params[base + OFF_B + i]; }
      let row = base + i * D;
      for (var j = 0u; j < D; j++) { acc += params[row + j] * vin[j]; }
      fo[i] = acc;
    }
  }
  workgroupBarrier();
}

// gx = ∂x f(vin, θ_ps)ᵀ cot, at the point of the last f_eval (z, sp); MLPs also leave ga for the tape.
fn f_vjp(ps: u32, tid: u32) {
  let base = ps * SET;
  if (MLP) {
    for (var j = tid; j < M; j += WG) {
      var acc = 0.0;
      for (var i = 0u; i < D; i++) { acc += params[base + OFF_V + i * M + j] * cot[i]; }
      ga[j] = sp[j] * acc;
    }
    workgroupBarrier();
    for (var k = tid; k < D; k += WG) {
      var acc = 0.0;
      for (var j = 0u; j < M; j++) { acc += params[base + j * D + k] * ga[j]; }
      gx[k] = net.c * acc;
    }
  } else {
    for (var k = tid; k < D; k += WG) {
      var acc = 0.0;
      for (var i = 0u; i < D; i++) { acc += params[base + i * D + k] * cot[i]; }
      gx[k] = acc;
    }
  }
  workgroupBarrier();
}

fn kinds() -> u32 { return select(1u, 2u, HEUN); }
fn rec_size() -> u32 { return select(2u * D, 2u * D + 2u * M, MLP); }

// Tape record of the last VJP: v = vin, u = cot, and for MLPs z and ga.
fn write_tape(slot: u32, kind: u32, b: u32, tid: u32) {
  let R = rec_size();
  let base = ((slot * kinds() + kind) * net.batch + b) * R;
  for (var i = tid; i < D; i += WG) {
    tape[base + i] = vin[i];
    tape[base + D + i] = cot[i];
  }
  if (MLP) {
    for (var j = tid; j < M; j += WG) {
      tape[base + 2u * D + j] = z[j];
      tape[base + 2u * D + M + j] = ga[j];
    }
  }
}

fn set_vin_from_x(tid: u32) {
  for (var i = tid; i < D; i += WG) { vin[i] = x[i]; }
  workgroupBarrier();
}

// x ← x_{n+1} from x_n: eq. (1) or eq. (8).
fn step_forward(n: u32, tid: u32) {
  let h = net.h;
  set_vin_from_x(tid);
  f_eval(n, tid);
  if (HEUN) {
    for (var i = tid; i < D; i += WG) {
      f1[i] = fo[i];
      vin[i] = x[i] + h * fo[i];
    }
    workgroupBarrier();
    f_eval(n + 1u, tid);
    for (var i = tid; i < D; i += WG) { x[i] += 0.5 * h * (f1[i] + fo[i]); }
  } else {
    for (var i = tid; i < D; i += WG) { x[i] += h * fo[i]; }
  }
  workgroupBarrier();
}

// x ← x̃_n from x̃_{n+1}: eq. (6) x̃_n = x̃_{n+1} − h f(x̃_{n+1}, θ_n), or eq. (9) reverse Heun.
fn step_reverse(n: u32, tid: u32) {
  let h = net.h;
  set_vin_from_x(tid);
  if (HEUN) {
    f_eval(n + 1u, tid);
    for (var i = tid; i < D; i += WG) {
      f1[i] = fo[i];
      vin[i] = x[i] - h * fo[i];
    }
    workgroupBarrier();
    f_eval(n, tid);
    for (var i = tid; i < D; i += WG) { x[i] -= 0.5 * h * (f1[i] + fo[i]); }
  } else {
    f_eval(n, tid);
    for (var i = tid; i < D; i += WG) { x[i] -= h * fo[i]; }
  }
  workgroupBarrier();
}

// Backprop through step n at state x = x_n: g ← ∂L/∂x_n from g = ∂L/∂x_{n+1}, writing tape records
// for θ_n (kind 0) and, for Heun, θ_{n+1} through f(y_n, θ_{n+1}) (kind 1).
fn step_backward(n: u32, slot: u32, b: u32, tid: u32) {
  let h = net.h;
  if (HEUN) {
    // y_n = x_n + h f(x_n, θ_n)
    set_vin_from_x(tid);
    f_eval(n, tid);
    for (var i = tid; i < D; i += WG) { yv[i] = x[i] + h * fo[i]; }
    workgroupBarrier();
    // through f(y_n, θ_{n+1}) with cotangent h/2 g
    for (var i = tid; i < D; i += WG) {
      vin[i] = yv[i];
      cot[i] = 0.5 * h * g[i];
    }
    workgroupBarrier();
    f_eval(n + 1u, tid);
    f_vjp(n + 1u, tid);
    write_tape(slot, 1u, b, tid);
    // through f(x_n, θ_n) with cotangent h/2 g + h gy, where gy = ∂L/∂y_n = gx
    for (var i = tid; i < D; i += WG) {
      gy[i] = gx[i];
      cot[i] = 0.5 * h * g[i] + h * gx[i];
      vin[i] = x[i];
    }
    workgroupBarrier();
    f_eval(n, tid);
    f_vjp(n, tid);
    write_tape(slot, 0u, b, tid);
    for (var i = tid; i < D; i += WG) { g[i] += gy[i] + gx[i]; }
  } else {
    for (var i = tid; i < D; i += WG) {
      vin[i] = x[i];
      cot[i] = h * g[i];
    }
    workgroupBarrier();
    f_eval(n, tid);
    f_vjp(n, tid);
    write_tape(slot, 0u, b, tid);
    for (var i = tid; i < D; i += WG) { g[i] += gx[i]; }
  }
  workgroupBarrier();
}

// Forward over steps [n0, n1): x_0 gathered from the data when `first`, else resumed from xcur.
@compute @workgroup_size(WG)
fn forward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) tid: u32) {
  let b = wid.x;
  let B = net.batch;
  if (chunk.first == 1u) {
    let row = batch_idx[b];
    for (var i = tid; i < D; i += WG) { x[i] = x0data[row * D + i]; }
    if (chunk.store == 1u) {
      for (var i = tid; i < D; i += WG) { states[b * D + i] = x0data[row * D + i]; }
    }
  } else {
    for (var i = tid; i < D; i += WG) { x[i] = xcur[b * D + i]; }
  }
  workgroupBarrier();
  for (var n = chunk.n0; n < chunk.n1; n++) {
    step_forward(n, tid);
    if (chunk.store == 1u) {
      for (var i = tid; i < D; i += WG) { states[((n + 1u) * B + b) * D + i] = x[i]; }
    }
  }
  for (var i = tid; i < D; i += WG) { xcur[b * D + i] = x[i]; }
}

// Reverse reconstruction over steps (n1 → n0], writing every x̃_n to `states` (diagnostics: eq. 6 / eq. 9).
@compute @workgroup_size(WG)
fn reverse_store(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) tid: u32) {
  let b = wid.x;
  let B = net.batch;
  for (var i = tid; i < D; i += WG) { x[i] = xcur[b * D + i]; }
  if (chunk.first == 1u) {
    for (var i = tid; i < D; i += WG) { states[(net.steps * B + b) * D + i] = x[i]; }
  }
  workgroupBarrier();
  for (var k = chunk.n1; k > chunk.n0; k--) {
    let n = k - 1u;
    step_reverse(n, tid);
    for (var i = tid; i < D; i += WG) { states[(n * B + b) * D + i] = x[i]; }
  }
  for (var i = tid; i < D; i += WG) { xcur[b * D + i] = x[i]; }
}

// Exact backward over steps (n1 → n0]: states read from the stored trajectory (eq. 3).
@compute @workgroup_size(WG)
fn backward_exact(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) tid: u32) {
  let b = wid.x;
  let B = net.batch;
  for (var i = tid; i < D; i += WG) { g[i] = gvec[b * D + i]; }
  workgroupBarrier();
  for (var k = chunk.n1; k > chunk.n0; k--) {
    let n = k - 1u;
    for (var i = tid; i < D; i += WG) { x[i] = states[(n * B + b) * D + i]; }
    workgroupBarrier();
    step_backward(n, n - chunk.n0, b, tid);
  }
  for (var i = tid; i < D; i += WG) { gvec[b * D + i] = g[i]; }
}

// Memory-free backward over steps (n1 → n0]: each step first rebuilds x̃_n from x̃_{n+1} (eq. 6 / eq. 9),
// then backpropagates through it (eq. 7 and its Heun analogue). Only xcur [B][D] persists between chunks.
@compute @workgroup_size(WG)
fn backward_adjoint(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) tid: u32) {
  let b = wid.x;
  for (var i = tid; i < D; i += WG) {
    g[i] = gvec[b * D + i];
    x[i] = xcur[b * D + i];
  }
  workgroupBarrier();
  for (var k = chunk.n1; k > chunk.n0; k--) {
    let n = k - 1u;
    step_reverse(n, tid);
    step_backward(n, n - chunk.n0, b, tid);
  }
  for (var i = tid; i < D; i += WG) {
    gvec[b * D + i] = g[i];
    xcur[b * D + i] = x[i];
  }
}
