// The headless experiment: train a config on a backend and collect everything the runner writes. Pure data in,
// plain objects out (no file system here), so it is unit-tested with the CPU backend. The result is deterministic
// for a given link, backend and step count: no timestamps or timings in it (those go to timing.json).
import { batchIndices } from '../core/batches';
import type { ExperimentConfig } from '../core/config';
import { crossings1d, crossings2d } from '../core/crossings';
import { DivergenceMonitor, explainDivergence } from '../core/divergence';
import { solveInterpolatedOde } from '../core/ode';
import type { NetSpec, Weights } from '../core/params';
import { embed } from '../core/reference';
import type { Diagnostics, Evaluation, LossPoint, Probe } from '../core/results';
import { residualKind } from '../residuals';
import type { Backend } from '../run/backend';
import { fanInputs } from '../run/fan';
import type { ResultChoice } from './engine';
import type { SweepResult } from './sweep';

export const RESULT_FORMAT = 'ode-lens-result';
export const RESULT_FORMAT_VERSION = 1;

/** One parameter set as named matrices (row-major nested arrays); u: the depth column of linear-s, mlp-s. */
export type StructuredSet =
  | { n: number; s: number; theta: number[][]; b?: number[]; u?: number[] }
  | { n: number; s: number; W: number[][]; b?: number[]; V: number[][]; u?: number[] };

export interface ExperimentResult {
  format: typeof RESULT_FORMAT;
  formatVersion: number;
  /** The link (hash) that reproduces this run, and the validated config. */
  link: string;
  config: ExperimentConfig;
  /**
   * The backend trained on; `choice`: how the runner chose it (--backend auto: timed on a few steps, the faster;
   * or as asked for). The measured ms/step stay out of this file (timing.json) so that it stays deterministic.
   */
  backend: { kind: string; precision: string; choice?: ResultChoice };
  model: {
    steps: number;
    paramSets: number;
    usedSets: number;
    setSize: number;
    residualScale: number;
    innerScale: number;
    inputDim: number;
    outputDim: number;
  };
  training: { steps: number; losses: LossPoint[]; evaluations: (Evaluation & { step: number })[] };
  diagnostics: (Omit<Diagnostics, 'reconError' | 'gradErrorPerLayer' | 'increments' | 'norms'> & {
    step: number;
    reconError: number[];
    gradErrorPerLayer: (number | null)[];
    increments: number[];
    norms: number[];
  })[];
  memory: Backend['memory'];
  /** The headline numbers of the run, at the end (what a preset's "what to look for" talks about). */
  summary: {
    trainLoss: number;
    testLoss: number;
    trainAcc: number | null;
    testAcc: number | null;
    /** Relative error of the adjoint gradient against the exact one (diagnostic batch). */
    gradErrorGlobal: number;
    /** N · max_n ‖θ_{n+1} − θ_n‖: bounded as N grows when the weights are smooth in depth. */
    depthSmoothness: number;
    /**
     * The fan's distance to the neural ODE with the weights interpolated in depth (what the app's dashed overlay
     * shows): max over layers and inputs of ‖x_n − x(s_n)‖, and that divided by the diameter of the states.
     */
    odeDistance: { max: number; relative: number } | null;
    /** ‖θ − θ_init‖ / ‖θ_init‖ over all residual weights (lazy regime: small); null when θ_init = 0. */
    weightChange: number | null;
    /** Crossing events and crossing pairs among the fan's trajectories (d ≤ 2; an ODE flow has none). */
    crossings: { count: number; pairs: number } | null;
  };
  final: {
    weights: { sets: StructuredSet[]; readout: { R: number[][]; r: number[] }; embedding: number[][] };
    /** Trajectories of the fan of inputs the app draws: inputs [F][inputDim], states [S+1][F][d]. */
    trajectories: { inputs: number[][]; states: number[][][] };
  };
  /** With --sweep: the sweep of the link's sweep view, its points and fitted slopes. */
  sweep?: SweepResult;
}

export interface ProbeResult {
  format: 'ode-lens-probe';
  formatVersion: number;
  step: number;
  batch: number;
  indices: number[];
  inputs: number[][];
  x0: number[][];
  targets: number[][];
  weights: StructuredSet[];
  readout: { R: number[][]; r: number[] };
  states: number[][][];
  reconstructed: number[][][];
  loss: number;
  gradients: { exact: StructuredSet[]; adjoint: StructuredSet[]; readout: { R: number[][]; r: number[] } };
  /** The training samples of every step of the run (src/core/batches.ts): steps `firstStep`, `firstStep` + 1, … */
  batches?: { firstStep: number; indices: number[][] };
}

const round = (v: number) => (Number.isFinite(v) ? v : null);

function matrix(a: ArrayLike<number>, offset: number, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => a[offset + i * cols + j]),
  );
}

/** The flat parameter sets [P][setSize] as named blocks per layer (the kind's layout, in storage order). */
export function structureSets(spec: NetSpec, p: ArrayLike<number>): StructuredSet[] {
  const blocks = residualKind(spec.residual).layout({ d: spec.d, M: spec.M, bias: spec.bias }).blocks;
  return Array.from({ length: spec.P }, (_, n) => {
    const base = n * spec.setSize;
    const set: Record<string, unknown> = { n, s: n / spec.N };
    for (const b of blocks)
      set[b.name] = b.vector
        ? Array.from({ length: b.rows }, (_, i) => p[base + b.offset + i])
        : matrix(p, base + b.offset, b.rows, b.cols);
    return set as StructuredSet;
  });
}

/** [L][B][d] flat → nested. */
function trajectory(a: ArrayLike<number>, L: number, B: number, d: number): number[][][] {
  return Array.from({ length: L }, (_, n) => matrix(a, n * B * d, B, d));
}

function readoutOf(spec: NetSpec, R: ArrayLike<number>, r: ArrayLike<number>) {
  return { R: matrix(R, 0, spec.outputDim, spec.d), r: Array.from(r) };
}

/** The run exploded (core/divergence.ts); the message says where, why it is likely, and what to change. */
export class RunDivergedError extends Error {
  override readonly name = 'RunDivergedError';
}

export interface RunOptions {
  steps: number;
  evalEvery: number;
  onProgress?: (step: number, loss: number) => void;
  /** How the backend was chosen (recorded in result.json). */
  choice?: ResultChoice;
}

export async function runExperiment(
  backend: Backend,
  config: ExperimentConfig,
  link: string,
  opts: RunOptions,
): Promise<{ result: ExperimentResult; weights: Weights }> {
  const { spec } = backend;
  const losses: LossPoint[] = [];
  const evaluations: ExperimentResult['training']['evaluations'] = [];
  const diagnostics: ExperimentResult['diagnostics'] = [];
  const measure = async () => {
    const [ev, dg] = await Promise.all([backend.evaluate(), backend.diagnostics()]);
    evaluations.push({ ...ev, step: backend.step });
    diagnostics.push({
      step: backend.step,
      loss: dg.loss,
      gradErrorGlobal: dg.gradErrorGlobal,
      reconError: Array.from(dg.reconError),
      gradErrorPerLayer: Array.from(dg.gradErrorPerLayer, round),
      increments: Array.from(dg.increments),
      norms: Array.from(dg.norms),
    });
  };
  const initial = (await backend.readWeights()).residual.slice();
  await measure();
  let done = 0;
  // steps per batch: doubles while a batch takes under half a second, so a slow config (seconds per step)
  // still reports progress and a fast one is not slowed by round trips
  let batch = 1;
  const monitor = new DivergenceMonitor();
  while (done < opts.steps) {
    const k = Math.min(opts.evalEvery - (done % opts.evalEvery), opts.steps - done, batch);
    const t0 = performance.now();
    await backend.trainSteps(k);
    const dt = performance.now() - t0;
    batch = dt < 500 ? Math.min(256, 2 * batch) : dt > 2000 ? Math.max(1, batch >> 1) : batch;
    done += k;
    const ls = await backend.readLosses();
    // the result holds the losses; the bound reports are only for the check
    losses.push(...ls.map(({ step, loss, acc }) => ({ step, loss, acc })));
    const bad = monitor.check(ls);
    if (bad)
      throw new RunDivergedError(
        `training diverged at step ${bad.step}: ${bad.detail}. ${explainDivergence(config, bad, 'run again')}`,
      );
    if (ls.length) opts.onProgress?.(backend.step, ls[ls.length - 1].loss);
    if (done % opts.evalEvery === 0 || done === opts.steps) await measure();
    // a macrotask turn: the CPU engines never yield otherwise, and SIGINT/SIGTERM handlers must get to run
    await new Promise((r) => setTimeout(r, 0));
  }
  const weights = await backend.readWeights();
  const fan = fanInputs(config, backend.data, 24);
  const states = await backend.trajectories(fan.x, fan.F);
  const lastEval = evaluations[evaluations.length - 1];
  const lastDiag = diagnostics[diagnostics.length - 1];
  const L = spec.steps + 1;
  const cross =
    spec.d === 1 ? crossings1d(states, L, fan.F, 0) : spec.d === 2 ? crossings2d(states, L, fan.F, 0) : null;
  const result: ExperimentResult = {
    format: RESULT_FORMAT,
    formatVersion: RESULT_FORMAT_VERSION,
    link,
    config,
    backend: {
      kind: backend.kind,
      precision: backend.memory.precision,
      ...(opts.choice ? { choice: opts.choice } : {}),
    },
    model: {
      steps: spec.steps,
      paramSets: spec.P,
      usedSets: spec.used,
      setSize: spec.setSize,
      residualScale: spec.h,
      innerScale: spec.c,
      inputDim: spec.inputDim,
      outputDim: spec.outputDim,
    },
    training: { steps: backend.step, losses, evaluations },
    diagnostics,
    memory: backend.memory,
    summary: {
      trainLoss: lastEval.trainLoss,
      testLoss: lastEval.testLoss,
      trainAcc: Number.isFinite(lastEval.trainAcc) ? lastEval.trainAcc : null,
      testAcc: Number.isFinite(lastEval.testAcc) ? lastEval.testAcc : null,
      gradErrorGlobal: lastDiag.gradErrorGlobal,
      depthSmoothness: spec.N * lastDiag.increments.reduce((m, v) => Math.max(m, v), 0),
      odeDistance: odeDistanceOfFan(spec, weights, fan.x, fan.F, states),
      weightChange: relativeChange(weights.residual, initial),
      crossings: cross ? { count: cross.count, pairs: cross.pairs } : null,
    },
    final: {
      weights: {
        sets: structureSets(spec, weights.residual),
        readout: readoutOf(spec, weights.readoutW, weights.readoutB),
        embedding: matrix(weights.embed, 0, spec.d, spec.inputDim),
      },
      trajectories: {
        inputs: matrix(fan.x, 0, fan.F, spec.inputDim),
        states: trajectory(states, spec.steps + 1, fan.F, spec.d),
      },
    },
  };
  return { result, weights };
}

/** `schedule`: the run's config and its first training step (0-based), to record its mini-batches. */
export async function runProbe(
  backend: Backend,
  weights: Weights,
  schedule?: { config: ExperimentConfig; from: number },
): Promise<ProbeResult> {
  const { spec, data } = backend;
  const p: Probe = await backend.probe();
  const L = spec.steps + 1;
  const K = spec.outputDim;
  return {
    format: 'ode-lens-probe',
    formatVersion: 1,
    step: backend.step,
    batch: p.B,
    indices: Array.from(p.indices),
    inputs: Array.from(p.indices, (i) =>
      Array.from(data.train.x.subarray(i * data.inputDim, (i + 1) * data.inputDim)),
    ),
    x0: matrix(p.x0, 0, p.B, spec.d),
    targets: matrix(p.targets, 0, p.B, K),
    weights: structureSets(spec, weights.residual),
    readout: readoutOf(spec, weights.readoutW, weights.readoutB),
    states: trajectory(p.states, L, p.B, spec.d),
    reconstructed: trajectory(p.recon, L, p.B, spec.d),
    loss: p.loss,
    gradients: {
      exact: structureSets(spec, p.gradExact),
      adjoint: structureSets(spec, p.gradAdjoint),
      readout: readoutOf(spec, p.gradReadout.subarray(0, K * spec.d), p.gradReadout.subarray(K * spec.d)),
    },
    ...(schedule
      ? {
          batches: {
            firstStep: schedule.from + 1,
            indices: Array.from({ length: backend.step - schedule.from }, (_, k) =>
              Array.from(batchIndices(schedule.config, schedule.from + k)),
            ),
          },
        }
      : {}),
  };
}

/** CSV files of the result, one per plot the app shows. */
export function resultCsvs(r: ExperimentResult): Record<string, string> {
  const lines = (header: string[], rows: (number | string | null)[][]) =>
    `${[header, ...rows].map((row) => row.map((v) => (v === null ? '' : String(v))).join(',')).join('\n')}\n`;
  const last = r.diagnostics[r.diagnostics.length - 1];
  const P = r.model.paramSets;
  return {
    'losses.csv': lines(
      ['step', 'loss', 'accuracy'],
      r.training.losses.map((p) => [p.step, p.loss, Number.isNaN(p.acc) ? null : p.acc]),
    ),
    'evaluations.csv': lines(
      ['step', 'train_loss', 'test_loss', 'train_accuracy', 'test_accuracy'],
      r.training.evaluations.map((e) => [
        e.step,
        round(e.trainLoss),
        round(e.testLoss),
        round(e.trainAcc),
        round(e.testAcc),
      ]),
    ),
    'gradient_error.csv': lines(
      ['step', 'relative_gradient_error'],
      r.diagnostics.map((d) => [d.step, round(d.gradErrorGlobal)]),
    ),
    'layers.csv': lines(
      ['n', 's', 'reconstruction_error', 'relative_gradient_error', 'weight_norm', 'weight_increment'],
      Array.from({ length: Math.max(P, r.model.steps + 1) }, (_, n) => [
        n,
        n / r.config.model.depth,
        last.reconError[n] ?? null,
        n < P ? last.gradErrorPerLayer[n] : null,
        last.norms[n] ?? null,
        last.increments[n] ?? null,
      ]),
    ),
    'trajectories.csv': lines(
      ['input', 'n', 's', ...Array.from({ length: r.config.model.d }, (_, i) => `x${i}`)],
      r.final.trajectories.states.flatMap((layer, n) =>
        layer.map((x, f) => [f, n, n / r.config.model.depth, ...x]),
      ),
    ),
  };
}

function relativeChange(now: ArrayLike<number>, init: ArrayLike<number>): number | null {
  let num = 0;
  let den = 0;
  for (let i = 0; i < init.length; i++) {
    num += (now[i] - init[i]) ** 2;
    den += init[i] ** 2;
  }
  return den > 0 ? Math.sqrt(num / den) : null;
}

/** Same measure and RK4 sub-steps as the trajectories view (src/views/trajectories/model.ts). */
function odeDistanceOfFan(
  spec: NetSpec,
  w: Weights,
  x: Float64Array,
  F: number,
  states: ArrayLike<number>,
): ExperimentResult['summary']['odeDistance'] {
  const { d, steps } = spec;
  if (steps * F * d > 2_000_000) return null;
  const ode = solveInterpolatedOde(spec, w.residual, embed(spec, w, x, F), F, 4);
  const rows = (steps + 1) * F;
  let max = 0;
  for (let r = 0; r < rows; r++) {
    let e = 0;
    for (let k = 0; k < d; k++) e += (states[r * d + k] - ode[r * d + k]) ** 2;
    max = Math.max(max, Math.sqrt(e));
  }
  let diam = 0;
  for (let k = 0; k < d; k++) {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let r = 0; r < rows; r++) {
      lo = Math.min(lo, states[r * d + k]);
      hi = Math.max(hi, states[r * d + k]);
    }
    diam += (hi - lo) ** 2;
  }
  diam = Math.sqrt(diam);
  return { max, relative: diam > 0 ? max / diam : 0 };
}
