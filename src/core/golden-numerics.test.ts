// Golden float64 numerics: fixed configs over residual kinds, schemes, grad modes, inits and datasets, whose
// every number (weights, states, reconstructions, losses, gradients, the interpolating ODE, one optimizer step)
// is hashed bit-for-bit and compared with golden-numerics.json. A refactor of the kinds and schemes must change
// no number: links, files, preset notes and the PyTorch 1e-9 agreement all replay these values.
// Regenerate (only when a change of numbers is intended): GOLDEN_UPDATE=1 npx vitest run --project unit <this file>
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ExperimentConfig } from './config';
import { solveInterpolatedOde } from './ode';
import { backwardAdjoint, backwardExact, embed, forward, reconstruct } from './reference';
import { type DeepPartial, makeConfig, referenceStep0 } from './testing';

const FILE = new URL('./golden-numerics.json', import.meta.url);

const small = { nTrain: 6, nTest: 0 };
const CASES: Record<string, DeepPartial<ExperimentConfig>> = {
  'linear euler exact': {
    seed: 11,
    data: { kind: 'gaussian', inputDim: 2, outputDim: 2, ...small },
    model: { residual: 'linear', scheme: 'euler', d: 3, depth: 6, bias: true },
    init: { kind: 'iid', std: 0.8, biasStd: 0.3 },
    train: { loss: 'mse', optimizer: 'adam', gradMode: 'exact' },
  },
  'linear heun adjoint': {
    seed: 12,
    data: { kind: 'moons', ...small },
    model: { residual: 'linear', scheme: 'heun', d: 3, depth: 7, bias: true, embedding: 'random' },
    init: { kind: 'smooth', std: 1.2, lengthScale: 0.3 },
    train: { loss: 'xent', optimizer: 'sgd', gradMode: 'adjoint' },
  },
  'linear euler no bias code convention': {
    seed: 13,
    data: { kind: 'matrix', targetStd: 0.4 },
    model: {
      residual: 'linear',
      scheme: 'euler',
      d: 3,
      depth: 5,
      bias: false,
      convention: 'code',
      readout: 'project',
    },
    init: { kind: 'tied', std: 0.5 },
    train: { loss: 'mse', optimizer: 'gd', gradMode: 'adjoint' },
  },
  'linear heun tied-w-zero-v scale 1': {
    seed: 14,
    data: { kind: 'square', lo: 0.5, hi: 2, ...small },
    model: { residual: 'linear', scheme: 'heun', d: 2, depth: 4, scale: '1/sqrt(N)' },
    init: { kind: 'tied-w-zero-v' },
    train: { loss: 'mse', optimizer: 'gd', gradMode: 'exact' },
  },
  'mlp euler tanh exact': {
    seed: 21,
    data: { kind: 'moons', ...small },
    model: { residual: 'mlp', scheme: 'euler', d: 3, width: 5, depth: 8, activation: 'tanh' },
    init: { kind: 'smooth', lengthScale: 0.5 },
    train: { loss: 'xent', optimizer: 'adam', gradMode: 'exact' },
  },
  'mlp heun gelu adjoint': {
    seed: 22,
    data: { kind: 'gaussian', inputDim: 2, outputDim: 3, ...small },
    model: {
      residual: 'mlp',
      scheme: 'heun',
      d: 4,
      width: 3,
      depth: 6,
      activation: 'gelu',
      innerScale: '1/sqrt(d)',
    },
    init: { kind: 'iid', std: 0.9, stdV: 0.7, biasStd: 0.4 },
    train: { loss: 'mse', optimizer: 'adam', gradMode: 'adjoint' },
  },
  'mlp euler relu no bias adjoint': {
    seed: 23,
    data: { kind: 'circles', ...small },
    model: {
      residual: 'mlp',
      scheme: 'euler',
      d: 2,
      width: 6,
      depth: 9,
      activation: 'relu',
      bias: false,
      scale: 'alpha/(N*M)',
      alpha: 3,
    },
    init: { kind: 'tied-w-zero-v', std: 1, stdV: 0.5 },
    train: { loss: 'xent', optimizer: 'sgd', gradMode: 'adjoint' },
  },
  'mlp heun identity code convention exact': {
    seed: 24,
    data: { kind: 'matrix', targetStd: 0.3 },
    model: {
      residual: 'mlp',
      scheme: 'heun',
      d: 3,
      width: 4,
      depth: 5,
      activation: 'identity',
      innerScale: '1/d',
      convention: 'code',
      readout: 'fixed',
    },
    init: { kind: 'tied', std: 0.6, stdV: 0.6 },
    train: { loss: 'mse', optimizer: 'gd', gradMode: 'exact', lrDepthMult: 'N*M*d' },
  },
  'mlp euler ramp': {
    seed: 25,
    data: { kind: 'square', lo: 0.5, hi: 2, ...small },
    model: {
      residual: 'mlp',
      scheme: 'euler',
      d: 1,
      width: 1,
      depth: 6,
      activation: 'identity',
      readout: 'project',
    },
    init: { kind: 'ramp' },
    train: { loss: 'mse', optimizer: 'gd', gradMode: 'exact' },
  },
  'mlp heun alternating adjoint': {
    seed: 26,
    data: { kind: 'neg-square', lo: -2, hi: -0.5, ...small },
    model: {
      residual: 'mlp',
      scheme: 'heun',
      d: 1,
      width: 1,
      depth: 7,
      activation: 'identity',
      readout: 'project',
    },
    init: { kind: 'alternating' },
    train: { loss: 'mse', optimizer: 'gd', gradMode: 'adjoint' },
  },
  'mlp heun tanh smooth deep': {
    seed: 27,
    data: { kind: 'spirals', ...small },
    model: {
      residual: 'mlp',
      scheme: 'heun',
      d: 2,
      width: 8,
      depth: 24,
      activation: 'tanh',
      embedding: 'pad',
    },
    init: { kind: 'smooth', lengthScale: 0.2, std: 1.5, stdV: 1 },
    train: { loss: 'xent', optimizer: 'adam', gradMode: 'exact' },
  },
  'linear euler zero init': {
    seed: 28,
    data: { kind: 'xor', ...small },
    model: { residual: 'linear', scheme: 'euler', d: 2, depth: 3, readout: 'trained' },
    init: { kind: 'zero' },
    train: { loss: 'xent', optimizer: 'adam', gradMode: 'exact' },
  },
};

function hash(a: Float64Array | Int32Array | Float32Array): string {
  return createHash('sha256')
    .update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength))
    .digest('hex')
    .slice(0, 24);
}

/** Every number the float64 engine produces for a config, as hashes (one per array, in a fixed order). */
function numbers(over: DeepPartial<ExperimentConfig>): Record<string, string> {
  const c = makeConfig(over);
  const { spec, w, g, next, x, y, B } = referenceStep0(c);
  const x0 = embed(spec, w, x, B);
  const fw = forward(spec, w.residual, x0, B, true);
  const rec = reconstruct(spec, w.residual, fw.out, B);
  // a cotangent with no structure, so every weight-gradient path is exercised
  const gOut = new Float64Array(B * spec.d).map((_, i) => Math.sin(1 + 0.7 * i));
  const ex = backwardExact(spec, w.residual, fw.states!, gOut, B);
  const ad = backwardAdjoint(spec, w.residual, fw.out, gOut, B);
  const ode = solveInterpolatedOde(spec, w.residual, x0, B, 3);
  return {
    inputs: hash(new Float64Array([...x, ...y])),
    weights: hash(new Float64Array([...w.residual, ...w.embed, ...w.readoutW])),
    states: hash(fw.states!),
    reconstruct: hash(rec),
    exactGrad: hash(ex.grad),
    exactGx0: hash(ex.gx0),
    adjointGrad: hash(ad.grad),
    adjointGx0: hash(ad.gx0),
    adjointStates: hash(ad.states),
    ode: hash(ode),
    loss: hash(new Float64Array([g.loss])),
    trainGrad: hash(new Float64Array([...g.grad, ...g.gReadoutW, ...g.gReadoutB])),
    step1: hash(new Float64Array([...next.residual, ...next.readoutW, ...next.readoutB])),
  };
}

describe('golden float64 numerics (bit-identical across refactors)', () => {
  const update = process.env.GOLDEN_UPDATE === '1';
  const golden: Record<string, Record<string, string>> = update ? {} : JSON.parse(readFileSync(FILE, 'utf8'));

  it('covers every case it stores', () => {
    if (!update) expect(Object.keys(golden).sort()).toEqual(Object.keys(CASES).sort());
  });

  for (const [name, over] of Object.entries(CASES))
    it(name, () => {
      const got = numbers(over);
      if (update) golden[name] = got;
      else expect(got).toEqual(golden[name]);
    });

  if (update)
    it('writes the golden file', () => {
      writeFileSync(FILE, `${JSON.stringify(golden, null, 2)}\n`);
    });
});
