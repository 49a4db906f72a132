// The one-hidden-layer MLP residual f(x, θ) = V σ(c·W x + b) of width M (Marion et al.; Sander et al. §4).
// Set layout: W [M][d], then b [M] if bias, then V [d][M].
import { activate, activateDeriv } from '../core/activations';
import { HIDDEN_FIELDS } from './fields';
import type { ParamBlock, ResidualKind } from './types';

// Local bindings of σ and σ': module runners (vitest, vite-node) read an import through the module object on every
// call, which doubled the cost of f here (one call per hidden unit); a bundle is unaffected either way.
const sigma = activate;
const sigmaDeriv = activateDeriv;

export const mlp: ResidualKind<'mlp'> = {
  id: 'mlp',
  label: 'MLP  V σ(cWx + b)',
  help: 'MLP: one hidden layer of width M, f(x) = V σ(c·W x + b).',
  docs: 'f(x, θ) = V σ(c·W x + b), width M (Marion et al.; Sander et al. §4): float64 mlp.ts f64, WGSL mlp.wgsl f_eval/f_vjp/grad_accum, WASM kernels.as KIND 1.',
  fields: HIDDEN_FIELDS,
  hasWidth: true,
  depthInput: false,

  layout({ d, M, bias }) {
    const offB = bias ? M * d : -1;
    const offV = M * d + (bias ? M : 0);
    const off = { theta: -1, W: 0, b: offB, V: offV, u: -1 };
    const blocks: ParamBlock[] = [
      { name: 'W', offset: 0, rows: M, cols: d, vector: false, std: 'std', identityZero: false },
    ];
    if (bias)
      blocks.push({
        name: 'b',
        offset: offB,
        rows: M,
        cols: 1,
        vector: true,
        std: 'biasStd',
        identityZero: false,
      });
    blocks.push({
      name: 'V',
      offset: offV,
      rows: d,
      cols: M,
      vector: false,
      std: 'stdV',
      identityZero: true,
    });
    const vAt = bias ? 2 * M : M;
    return {
      setSize: offV + d * M,
      off,
      blocks,
      units: {
        count: M,
        letter: 'j',
        menu: 'neuron norms',
        axis: `hidden neuron j = 0…${M - 1} in each block`,
        blocks: [
          { name: 'W', label: '‖W_j‖' },
          ...(bias ? [{ name: 'b', label: '|b_j|' }] : []),
          { name: 'V', label: '‖V_:j‖' },
        ],
        norms(p, base, out, o) {
          for (let j = 0; j < M; j++) {
            let w = 0;
            for (let i = 0; i < d; i++) w += p[base + j * d + i] ** 2;
            out[o + j] = Math.sqrt(w);
            if (bias) out[o + M + j] = Math.abs(p[base + offB + j]);
            let v = 0;
            for (let i = 0; i < d; i++) v += p[base + offV + i * M + j] ** 2;
            out[o + vAt + j] = Math.sqrt(v);
          }
        },
      },
    };
  },

  f64: {
    // with a depth column u (mlp-s, depth-input.ts): a = c·(W x + depth·u) + b, u added to the sum last so that
    // the plain kind's numbers are the same operations as before (golden-numerics.test.ts)
    f(k, p, po, x, xo, depth, out, oo, sc) {
      const { d, M, off, c, act } = k;
      for (let j = 0; j < M; j++) {
        let s = 0;
        const row = po + off.W + j * d;
        for (let q = 0; q < d; q++) s += p[row + q] * x[xo + q];
        if (off.u >= 0) s += depth * p[po + off.u + j];
        const a = c * s + (off.b >= 0 ? p[po + off.b + j] : 0);
        sc.a[j] = a;
        sc.z[j] = sigma(act, a);
      }
      for (let i = 0; i < d; i++) {
        let s = 0;
        const row = po + off.V + i * M;
        for (let j = 0; j < M; j++) s += p[row + j] * sc.z[j];
        out[oo + i] = s;
      }
    },
    vjp(k, p, po, x, xo, depth, u, uo, gp, gpo, gx, gxo, sc) {
      const { d, M, off, c, act } = k;
      const gz = sc.gz;
      gz.fill(0, 0, M);
      for (let i = 0; i < d; i++) {
        const ui = u[uo + i];
        const row = off.V + i * M;
        for (let j = 0; j < M; j++) {
          gp[gpo + row + j] += ui * sc.z[j];
          gz[j] += p[po + row + j] * ui;
        }
      }
      for (let j = 0; j < M; j++) {
        const ga = sigmaDeriv(act, sc.a[j]) * gz[j];
        if (off.b >= 0) gp[gpo + off.b + j] += ga;
        const row = off.W + j * d;
        const cga = c * ga;
        if (off.u >= 0) gp[gpo + off.u + j] += cga * depth;
        for (let q = 0; q < d; q++) {
          gp[gpo + row + q] += cga * x[xo + q];
          if (gx) gx[gxo + q] += p[po + row + q] * cga;
        }
      }
    },
    ops: ({ d, M }) => 4 * d * M + 3 * M + d,
  },
  scratch: ({ M }) => {
    const m = Math.max(1, M);
    return { a: new Float64Array(m), z: new Float64Array(m), gz: new Float64Array(m) };
  },

  wgsl: {
    id: 'mlp',
    // DEPTH_IN, OFF_U: the depth column of mlp-s (depth-input.ts), which shares this snippet
    consts: [
      ['OFF_B', 'u32'],
      ['OFF_V', 'u32'],
      ['DEPTH_IN', 'bool'],
      ['OFF_U', 'u32'],
    ],
    values: (k) => ({
      OFF_B: k.M * k.d,
      OFF_V: k.M * k.d + (k.bias ? k.M : 0),
      DEPTH_IN: k.off.u >= 0,
      OFF_U: Math.max(0, k.off.u),
    }),
  },
  wasm: { code: 1 },
  pytorch: 'mlp',
  describe: (m) => `MLP d = ${m.d}, M = ${m.width}, ${m.activation}`,
};
