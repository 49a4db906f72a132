// The linear residual f(x, θ) = θ x + b: the deep linear ResNet of Sander et al. §3.2 (Th. 1).
// Set layout: θ [d][d] row-major, then b [d] if bias.
import type { ParamBlock, ResidualKind } from './types';

export const linear: ResidualKind<'linear'> = {
  id: 'linear',
  label: 'linear  θx + b',
  help: 'linear: f(x, θ) = θx + b, the deep linear ResNet of Sander et al. §3.2 (Th. 1).',
  docs: 'f(x, θ) = θx + b, the deep linear ResNet (Sander et al. §3.2, Th. 1): float64 linear.ts f64, WGSL linear.wgsl f_eval/f_vjp/grad_accum, WASM kernels.as KIND 0.',
  fields: [],
  hasWidth: false,
  depthInput: false,

  layout({ d, bias }) {
    const off = { theta: 0, W: -1, b: bias ? d * d : -1, V: -1, u: -1 };
    const blocks: ParamBlock[] = [
      { name: 'theta', offset: 0, rows: d, cols: d, vector: false, std: 'std', identityZero: true },
    ];
    if (bias)
      blocks.push({
        name: 'b',
        offset: off.b,
        rows: d,
        cols: 1,
        vector: true,
        std: 'biasStd',
        identityZero: true,
      });
    return {
      setSize: d * d + (bias ? d : 0),
      off,
      blocks,
      units: {
        count: d,
        letter: 'i',
        menu: 'row norms',
        axis: `row i = 0…${d - 1} in each block`,
        blocks: [{ name: 'theta', label: '‖θ_i‖' }, ...(bias ? [{ name: 'b', label: '|b_i|' }] : [])],
        norms(p, base, out, o) {
          for (let i = 0; i < d; i++) {
            let w = 0;
            for (let k = 0; k < d; k++) w += p[base + i * d + k] ** 2;
            out[o + i] = Math.sqrt(w);
            if (bias) out[o + d + i] = Math.abs(p[base + off.b + i]);
          }
        },
      },
    };
  },

  f64: {
    // with a depth column u (linear-s, depth-input.ts): + depth·u, added last so that the plain kind's sums are
    // the same operations as before (golden-numerics.test.ts)
    f(k, p, po, x, xo, depth, out, oo) {
      const { d, off } = k;
      for (let i = 0; i < d; i++) {
        let s = off.b >= 0 ? p[po + off.b + i] : 0;
        const row = po + off.theta + i * d;
        for (let j = 0; j < d; j++) s += p[row + j] * x[xo + j];
        if (off.u >= 0) s += depth * p[po + off.u + i];
        out[oo + i] = s;
      }
    },
    vjp(k, p, po, x, xo, depth, u, uo, gp, gpo, gx, gxo) {
      const { d, off } = k;
      for (let i = 0; i < d; i++) {
        const ui = u[uo + i];
        const row = off.theta + i * d;
        for (let j = 0; j < d; j++) {
          gp[gpo + row + j] += ui * x[xo + j];
          if (gx) gx[gxo + j] += p[po + row + j] * ui;
        }
        if (off.b >= 0) gp[gpo + off.b + i] += ui;
        if (off.u >= 0) gp[gpo + off.u + i] += depth * ui;
      }
    },
    ops: ({ d }) => 2 * d * d + d,
  },
  scratch: () => ({ a: new Float64Array(1), z: new Float64Array(1), gz: new Float64Array(1) }),

  wgsl: {
    id: 'linear',
    // DEPTH_IN, OFF_U: the depth column of linear-s (depth-input.ts), which shares this snippet
    consts: [
      ['OFF_B', 'u32'],
      ['DEPTH_IN', 'bool'],
      ['OFF_U', 'u32'],
    ],
    values: (k) => ({ OFF_B: k.d * k.d, DEPTH_IN: k.off.u >= 0, OFF_U: Math.max(0, k.off.u) }),
  },
  wasm: { code: 0 },
  pytorch: 'linear',
  describe: (m) => `linear d = ${m.d}`,
};
