// Optimizer updates, one invocation per parameter (mirrors src/core/optim.ts; weight decay is coupled L2):
//   gd: θ ← θ − η g      sgd: m ← μ m + g; θ ← θ − η m      adam: m, v moments; θ ← θ − η m̂ / (√v̂ + ε)

override OPT: u32;            // 0 gd, 1 sgd, 2 adam
override WG: u32 = 64u;

struct Opt {
  lr: f32,
  c1: f32,                    // Adam bias corrections 1 − β1^t and 1 − β2^t (computed in float64 on the CPU)
  c2: f32,
  mu: f32,
  b1: f32,
  b2: f32,
  eps: f32,
  wd: f32,
  count: u32,
  row: u32,                   // invocations per row of the 2-D dispatch
  pad0: u32,
  pad1: u32,
}

@group(0) @binding(0) var<uniform> opt: Opt;
@group(0) @binding(1) var<storage, read_write> params: array<f32>;
@group(0) @binding(2) var<storage, read> grad: array<f32>;
@group(0) @binding(3) var<storage, read_write> m: array<f32>;
@group(0) @binding(4) var<storage, read_write> v: array<f32>;

@compute @workgroup_size(WG)
fn step(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x + gid.y * opt.row;
  if (i >= opt.count) { return; }
  let p = params[i];
  let g = grad[i] + opt.wd * p;
  switch OPT {
    case 0u: { params[i] = p - opt.lr * g; }
    case 1u: {
      let mi = opt.mu * m[i] + g;
      m[i] = mi;
      params[i] = p - opt.lr * mi;
    }
    default: {
      let mi = opt.b1 * m[i] + (1.0 - opt.b1) * g;
      let vi = opt.b2 * v[i] + (1.0 - opt.b2) * g * g;
      m[i] = mi;
      v[i] = vi;
      params[i] = p - opt.lr * (mi / opt.c1) / (sqrt(vi / opt.c2) + opt.eps);
    }
  }
}
