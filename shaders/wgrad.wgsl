// Weight gradients of one backward chunk: for each parameter set n touched by steps [n0, n1) and each of its
// entries, the sum over the batch of the tape records written by resnet.wgsl (eq. 3 / eq. 7):
//   ∂L/∂V[i][j] = Σ_b u_i z_j     ∂L/∂W[j][k] = c Σ_b ga_j v_k     ∂L/∂b_j = Σ_b ga_j      (MLP)
//   ∂L/∂θ[i][j] = Σ_b u_i v_j     ∂L/∂b_i = Σ_b u_i                                        (linear)
// Set n gets the record of step n (kind 0, f(x_n, θ_n)) and, for Heun, of step n−1 (kind 1, f(y_{n−1}, θ_n)).
// One invocation per (entry, set n0..=n1): a fixed summation order over b, so results are bit-reproducible.
// Chunks run from the top down; each assigns its sets except n1 of a non-top chunk, which adds to what the chunk
// above wrote (Heun's shared set; zero for Euler). The top chunk assigns θ_S too (zero for Euler, whose net
// never uses it): every element is written each step, so no clearing pass is needed.

override D: u32;
override M: u32 = 1u;
override MLP: bool;
override HEUN: bool;
override SET: u32;
override OFF_B: u32;          // = M·D (MLP) or D·D (linear), also without bias
override OFF_V: u32 = 0u;     // = OFF_B + M when BIAS, else OFF_B
override WG: u32 = 64u;

struct Net {
  h: f32,
  c: f32,
  batch: u32,
  steps: u32,
}

struct Chunk {
  n0: u32,
  n1: u32,
  store: u32,
  first: u32,    // 1 for the top chunk (the first one of the backward sweep)
}

@group(0) @binding(0) var<uniform> net: Net;
@group(0) @binding(1) var<uniform> chunk: Chunk;
@group(0) @binding(2) var<storage, read> tape: array<f32>;
@group(0) @binding(3) var<storage, read_write> grad: array<f32>;

fn kinds() -> u32 { return select(1u, 2u, HEUN); }
fn rec_size() -> u32 { return select(2u * D, 2u * D + 2u * M, MLP); }

// Σ_b of the product for entry e over the records of (slot, kind).
fn record_sum(slot: u32, kind: u32, e: u32) -> f32 {
  let R = rec_size();
  let B = net.batch;
  let base = (slot * kinds() + kind) * B * R;
  var acc = 0.0;
  if (MLP) {
    let ZO = 2u * D;        // offset of z in a record
    let GO = 2u * D + M;    // offset of ga
    if (e < OFF_B) {
      let j = e / D;
      let k = e % D;
      for (var b = 0u; b < B; b++) { acc += tape[base + b * R + GO + j] * tape[base + b * R + k]; }
      acc *= net.c;
    } else if (e < OFF_V) {
      let j = e - OFF_B;
      for (var b = 0u; b < B; b++) { acc += tape[base + b * R + GO + j]; }
    } else {
      let i = (e - OFF_V) / M;
      let j = (e - OFF_V) % M;
      for (var b = 0u; b < B; b++) { acc += tape[base + b * R + D + i] * tape[base + b * R + ZO + j]; }
    }
  } else {
    if (e < D * D) {
      let i = e / D;
      let j = e % D;
      for (var b = 0u; b < B; b++) { acc += tape[base + b * R + D + i] * tape[base + b * R + j]; }
    } else {
      let i = e - D * D;
      for (var b = 0u; b < B; b++) { acc += tape[base + b * R + D + i]; }
    }
  }
  return acc;
}

@compute @workgroup_size(WG)
fn wgrad(@builtin(global_invocation_id) gid: vec3<u32>) {
  let e = gid.x;
  if (e >= SET) { return; }
  let n = chunk.n0 + gid.y;   // parameter set, n0 ..= n1
  var acc = 0.0;
  if (n < chunk.n1) { acc += record_sum(n - chunk.n0, 0u, e); }
  if (HEUN && n > chunk.n0) { acc += record_sum(n - 1u - chunk.n0, 1u, e); }
  if (n == chunk.n1 && chunk.first == 0u) {
    grad[n * SET + e] += acc;
  } else {
    grad[n * SET + e] = acc;
  }
}
