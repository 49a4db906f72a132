// Optimizer updates, one invocation per parameter (mirrors src/core/optim.ts; weight decay is coupled L2):
//   gd: θ ← θ − η g      sgd: m ← μ m + g; θ ← θ − η m      adam: m, v moments; θ ← θ − η m̂ / (√v̂ + ε)

// Bindings and the Opt uniform: src/engine/defs.ts OPTIM. A weight left beyond WMAX (an explosion: see
// src/core/divergence.ts) sets the flag at the end of the step's loss record; every writer writes the same 1, and
// loss_reduce cleared it earlier in the same pass.

fn flag_beyond(p: f32) {
  if (abs(p) > WMAX) { out[dest.slot + 3u] = 1.0; }
}

@compute @workgroup_size(64)
fn step(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x + gid.y * opt.row;
  if (i >= opt.count) { return; }
  let p = params[i];
  let g = grad[i] + opt.wd * p;
  switch OPT {
    case 0u: {
      let pn = p - opt.lr * g;
      params[i] = pn;
      flag_beyond(pn);
    }
    case 1u: {
      let mi = opt.mu * m[i] + g;
      m[i] = mi;
      let pn = p - opt.lr * mi;
      params[i] = pn;
      flag_beyond(pn);
    }
    default: {
      let mi = opt.b1 * m[i] + (1.0 - opt.b1) * g;
      let vi = opt.b2 * v[i] + (1.0 - opt.b2) * g * g;
      m[i] = mi;
      v[i] = vi;
      let pn = p - opt.lr * (mi / opt.c1) / (sqrt(vi / opt.c2) + opt.eps);
      params[i] = pn;
      flag_beyond(pn);
    }
  }
}
