// Optimizer updates, one invocation per parameter (mirrors src/core/optim.ts; weight decay is coupled L2):
//   gd: θ ← θ − η g      sgd: m ← μ m + g; θ ← θ − η m      adam: m, v moments; θ ← θ − η m̂ / (√v̂ + ε)

// Bindings and the Opt uniform: src/engine/defs.ts OPTIM.

@compute @workgroup_size(64)
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
