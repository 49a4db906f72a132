// Time-dependent residuals f(x, s, θ_n) that also read the depth s = n/N (stage depth (n + w)/N inside a step):
// the neural ODE's φ(x, s) of Sander et al. eq. (2), for the linear and the MLP block. s enters as one more input
// coordinate, [x; s], so its weights are one more column u of θ (linear) or W (MLP):
//   linear-s  f(x, s, θ) = θx + s·u + b               u ∈ ℝ^d
//   mlp-s     f(x, s, θ) = V σ(c·(W x + s·u) + b)      u ∈ ℝ^M
//
// Why new kinds (built here from the base kinds) and not a config flag model.depthInput on the base kinds:
// - links: a flag would be a new config field, so every decoded config (golden-links.json, experiment files,
//   autosave keys) would change shape; new ids are only new values of model.residual, and old links decode and
//   re-encode byte-identically;
// - layout: u is appended after the base kind's blocks, so the base offsets, the WGSL/WASM code paths and the
//   init's draws of θ/W/b/V are those of the base kind (same seed, same numbers), and u is drawn last;
// - one place: the kinds are this module and one registry line. The base kinds' float64, WGSL and WASM code
//   adds s·u where the layout has a u (off.u ≥ 0), so no evaluation code is duplicated.
// u is drawn like the column of θ/W it extends (init.std): a smooth init makes u_n smooth in s like the others,
// tied shares it across layers, iid draws it per layer. The identity init (tied-w-zero-v) zeroes it for linear-s
// (f = 0 needs θ = b = u = 0) and keeps it for mlp-s (V = 0 already makes f = 0).
import { linear } from './linear';
import { mlp } from './mlp';
import type { ParamBlock, ParamLayout, ResidualKind } from './types';

/** The layout of `base` with the depth column u (one entry per unit of the base's per-unit norms) appended. */
function withDepthColumn(base: ParamLayout, identityZero: boolean): ParamLayout {
  const count = base.units.count;
  const at = base.setSize;
  const u: ParamBlock = {
    name: 'u',
    offset: at,
    rows: count,
    cols: 1,
    vector: true,
    std: 'std',
    identityZero,
  };
  const col = base.units.blocks.length * count;
  return {
    setSize: at + count,
    off: { ...base.off, u: at },
    blocks: [...base.blocks, u],
    units: {
      ...base.units,
      blocks: [...base.units.blocks, { name: 'u', label: `|u_${base.units.letter}|` }],
      norms(p, b, out, o) {
        base.units.norms(p, b, out, o);
        for (let k = 0; k < count; k++) out[o + col + k] = Math.abs(p[b + at + k]);
      },
    },
  };
}

const DEPTH_HELP =
  's = n/N is the depth of the layer (of the stage, inside a multi-stage step such as a Heun step)';

export const linearS: ResidualKind<'linear-s'> = {
  ...linear,
  id: 'linear-s',
  label: 'linear + depth  θx + s·u + b',
  help: `linear-s: f(x, s, θ) = θx + s·u + b, the linear block with the depth as an input (${DEPTH_HELP}): the neural ODE's φ(x, s) of Sander et al. eq. (2).`,
  docs: 'f(x, s, θ) = θx + s·u + b, a time-dependent φ(x, s) (Sander et al. eq. 2): float64 linear.ts f64 with off.u, WGSL linear.wgsl f_eval/grad_accum (DEPTH_IN, set_depth), WASM kernels.as KIND 0 with depthN.',
  depthInput: true,
  layout: (m) => withDepthColumn(linear.layout(m), true),
  pytorch: null,
  describe: (m) => `${linear.describe(m)}, depth input`,
};

export const mlpS: ResidualKind<'mlp-s'> = {
  ...mlp,
  id: 'mlp-s',
  label: 'MLP + depth  V σ(c(Wx + s·u) + b)',
  help: `mlp-s: f(x, s, θ) = V σ(c·(W x + s·u) + b), the MLP with the depth as one more input (${DEPTH_HELP}): the neural ODE's φ(x, s) of Sander et al. eq. (2).`,
  docs: 'f(x, s, θ) = V σ(c·(W x + s·u) + b), a time-dependent φ(x, s) (Sander et al. eq. 2): float64 mlp.ts f64 with off.u, WGSL mlp.wgsl f_eval/grad_accum (DEPTH_IN, set_depth), WASM kernels.as KIND 1 with depthN.',
  depthInput: true,
  layout: (m) => withDepthColumn(mlp.layout(m), false),
  pytorch: null,
  describe: (m) => `${mlp.describe(m)}, depth input`,
};
