// The exported PyTorch program against the float64 engine, number for number: losses of every step, evaluations,
// diagnostics (loss, adjoint gradient error, reconstruction error per layer, N·max‖Δθ‖, norms) and the final
// weights agree to 1e-9 (float64), for configs that together cover every residual kind, activation, scheme,
// depth convention, loss, optimizer and gradient mode. torchrun with 2 gloo processes equals the single run.
// Needs python3 with torch (Debian's python3-torch, installed by scripts/lib.sh): fails, not skips, without it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, type ExperimentConfig, parseConfig } from '../../core/config';
import { compareResults } from './compare';
import { type Json, runAndExport, runPytorch, torchAvailable } from './harness';

type Patch = { [K in keyof ExperimentConfig]?: Partial<ExperimentConfig[K]> };

function config(p: Patch): ExperimentConfig {
  const c = defaultConfig();
  const merged = {
    ...c,
    ...p,
    data: { ...c.data, ...p.data },
    model: { ...c.model, ...p.model },
    init: { ...c.init, ...p.init },
    train: { ...c.train, ...p.train },
  };
  const r = parseConfig(merged);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.field}: ${e.message}`).join('; '));
  return r.config;
}

const small = { nTrain: 24, nTest: 12 };

/** name → config, steps. Together: linear/mlp, relu/tanh/gelu/identity, euler/heun, paper/code, mse/xent,
 * gd/sgd(±momentum)/adam, exact/adjoint, project/fixed/trained read-outs, pad/random embeddings. */
const CASES: [string, ExperimentConfig, number][] = [
  [
    'mlp tanh · euler · paper · xent · adam · exact',
    config({
      data: { kind: 'moons', ...small },
      model: {
        residual: 'mlp',
        activation: 'tanh',
        width: 6,
        depth: 6,
        scheme: 'euler',
        convention: 'paper',
      },
      train: { loss: 'xent', optimizer: 'adam', lr: 0.05, batchSize: 8, gradMode: 'exact' },
    }),
    8,
  ],
  [
    'mlp gelu · heun · code · mse · sgd+momentum · adjoint',
    config({
      data: { kind: 'gaussian', inputDim: 3, outputDim: 2, ...small },
      model: {
        residual: 'mlp',
        activation: 'gelu',
        d: 4,
        width: 5,
        depth: 5,
        scheme: 'heun',
        convention: 'code',
        embedding: 'random',
        readout: 'fixed',
        scale: '1/sqrt(N)',
        innerScale: '1/sqrt(d)',
      },
      init: { kind: 'iid', std: 0.8 },
      train: {
        loss: 'mse',
        optimizer: 'sgd',
        momentum: 0.9,
        lr: 0.05,
        lrDepthMult: 'N',
        weightDecay: 0.01,
        batchSize: 10,
        gradMode: 'adjoint',
      },
    }),
    7,
  ],
  [
    'linear · heun · paper · mse · gd · exact (matrix)',
    config({
      data: { kind: 'matrix', targetStd: 0.5 },
      model: { residual: 'linear', d: 3, bias: false, depth: 8, scheme: 'heun', readout: 'project' },
      init: { kind: 'tied', std: 0.3 },
      train: { loss: 'mse', optimizer: 'gd', lr: 0.2, gradMode: 'exact' },
    }),
    6,
  ],
  [
    'linear+bias · euler · code · mse · adam · adjoint (square)',
    config({
      data: { kind: 'square', lo: 0.5, hi: 2, nTrain: 16, nTest: 8 },
      model: { residual: 'linear', d: 2, depth: 6, scheme: 'euler', convention: 'code', readout: 'trained' },
      init: { kind: 'iid', std: 0.5 },
      train: {
        loss: 'mse',
        optimizer: 'adam',
        lr: 0.03,
        batchSize: 4,
        weightDecay: 0.001,
        gradMode: 'adjoint',
      },
    }),
    10,
  ],
  [
    'mlp relu · heun · paper · xent · gd · adjoint (circles)',
    config({
      data: { kind: 'circles', nTrain: 21, nTest: 0 }, // odd: DDP splits it 10 + 11
      model: {
        residual: 'mlp',
        activation: 'relu',
        width: 5,
        depth: 4,
        scheme: 'heun',
        scale: 'alpha/N',
        alpha: 2,
      },
      init: { kind: 'iid', std: 1 },
      train: { loss: 'xent', optimizer: 'gd', lr: 0.1, gradMode: 'adjoint' },
    }),
    5,
  ],
  [
    'mlp identity · euler · paper · xent · sgd · exact (xor)',
    config({
      data: { kind: 'xor', ...small },
      model: {
        residual: 'mlp',
        activation: 'identity',
        bias: false,
        width: 3,
        depth: 5,
        scale: 'alpha/(N*M)',
        readout: 'project',
      },
      init: { kind: 'smooth', std: 1, stdV: 1 },
      train: { loss: 'xent', optimizer: 'sgd', momentum: 0, lr: 0.02, lrDepthMult: 'N*M*d', batchSize: 6 },
    }),
    6,
  ],
];

const TOL = 1e-9;
const EVERY = 3;
const cleanups: (() => void)[] = [];

beforeAll(() => {
  const t = torchAvailable();
  if (!t.ok) throw new Error(t.message);
}, 60_000);
afterAll(() => {
  for (const c of cleanups) c();
});

/** Each case's runner result, export directory and float64 PyTorch result, computed once (python is slow to start). */
const runs = new Map<string, Promise<{ tool: Json; dir: string; py: Json }>>();
function run(name: string, c: ExperimentConfig, steps: number) {
  let r = runs.get(name);
  if (!r) {
    r = (async () => {
      const { tool, dir, cleanup } = await runAndExport(c, steps, EVERY);
      cleanups.push(cleanup);
      const py = runPytorch(dir, ['--steps', String(steps), '--eval-every', String(EVERY)]);
      if (!py.result) throw new Error(`experiment.py failed (exit ${py.status}):\n${py.output}`);
      return { tool, dir, py: py.result };
    })();
    runs.set(name, r);
  }
  return r;
}

describe('PyTorch export reproduces the float64 engine', () => {
  it.each(CASES)('%s', async (name, c, steps) => {
    const { tool, py } = await run(name, c, steps);
    const a = compareResults(tool, py);
    console.log(`${name}: max error ${a.maxError.toExponential(2)} at ${a.where} (${a.count} numbers)`);
    expect(a.mismatches).toEqual([]);
    expect(a.count).toBeGreaterThan(50);
    expect(a.maxError, a.where).toBeLessThan(TOL);
    // losses are the batch losses before each update, from step 1
    expect((py as { training: { losses: { step: number }[] } }).training.losses[0].step).toBe(1);
  });

  it('a changed number is caught (the comparison can fail)', async () => {
    const { tool, py } = await run(...CASES[0]);
    const changed = structuredClone(py) as { training: { losses: { loss: number }[] } };
    changed.training.losses[3].loss *= 1 + 1e-8;
    const a = compareResults(tool, changed as unknown as Json);
    expect(a.where).toBe('losses[3].loss');
    expect(a.maxError).toBeGreaterThan(TOL);
  });
});

describe('torchrun: DDP with 2 gloo processes', () => {
  it.each([CASES[1], CASES[4]])('%s: equals the single-process run', async (name, c, steps) => {
    const { tool, dir, py } = await run(name, c, steps);
    const ddp = runPytorch(dir, ['--steps', String(steps), '--eval-every', String(EVERY)], 2);
    expect(ddp.result, ddp.output).not.toBeNull();
    const a = compareResults(py, ddp.result as Json);
    console.log(`${name} DDP vs single: max error ${a.maxError.toExponential(2)} at ${a.where}`);
    expect(a.mismatches).toEqual([]);
    expect(a.maxError, a.where).toBeLessThan(1e-12);
    expect(compareResults(tool, ddp.result as Json).maxError).toBeLessThan(TOL);
  });
});

describe('float32', () => {
  it('runs in float32 and stays near the float64 numbers', async () => {
    const { tool, dir } = await run(...CASES[0]);
    const steps = CASES[0][2];
    const py = runPytorch(dir, [
      '--steps',
      String(steps),
      '--eval-every',
      String(EVERY),
      '--dtype',
      'float32',
    ]);
    expect(py.result, py.output).not.toBeNull();
    const losses = (r: Json) => (r.training as { losses: { loss: number }[] }).losses.map((p) => p.loss);
    const a = losses(tool);
    const b = losses(py.result as Json);
    expect(b).toHaveLength(a.length);
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-4 * Math.max(1, a[i]));
  });
});
