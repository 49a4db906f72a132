// The bench page: times our WebGPU engine, the TF.js WebGPU baseline and the float64 CPU reference on one grid,
// in one page, on one adapter. The Node runner (bench/run.ts) calls window.runBench(options) and streams the
// console: progress lines, and one `BENCH:RESULT {json}` line per finished case (kept if the run dies later).
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { batchIndices, gatherRows } from '../src/core/batches';
import type { ExperimentConfig } from '../src/core/config';
import { makeDataset } from '../src/core/data';
import { cloneWeights, initWeights, netSpec, type Weights } from '../src/core/params';
import { embed } from '../src/core/reference';
import { CpuTrainer } from '../src/core/trainer';
import { acquireDevice, describeAdapter } from '../src/engine/device';
import { DeviceLostError, GpuEngine } from '../src/engine/engine';
import { benchConfig } from './config';
import {
  type BenchOptions,
  type Case,
  CHECK_POINTS,
  CHECK_STEPS,
  CHECK_TOLERANCE,
  caseLabel,
  cases,
  type GridPoint,
  MODES,
  type Mode,
  type Scheme,
  workUnits,
} from './grid';
import {
  type BenchRun,
  type CaseResult,
  type CheckResult,
  fmtBytes,
  fmtMs,
  type Measurement,
  median,
  type OursResult,
} from './report';
import { TfResNet } from './tfjs-model';

declare global {
  interface Window {
    runBench: (options: BenchOptions) => Promise<BenchRun>;
    benchReady: boolean;
    /** Set by the runner: resolves once other processes leave the CPU quiet (or after a maximum wait). */
    benchGate?: () => Promise<number>;
    /** Set by the runner: CPU-seconds the browser's processes have used so far. */
    benchCpuSeconds?: () => Promise<number>;
  }
}

const logEl = document.getElementById('log');
function log(msg: string): void {
  console.log(msg);
  if (logEl) logEl.textContent += `${msg}\n`;
}

const now = () => performance.now();
const tick = () => new Promise<void>((r) => setTimeout(r, 0));
let waitedMs = 0;
/** Before each timed block: let the runner hold us while other processes load this shared machine. */
async function gate(): Promise<void> {
  if (window.benchGate) waitedMs += await window.benchGate();
}
/** The browser's CPU-seconds so far (via the runner), NaN without a runner. */
async function cpuSeconds(): Promise<number> {
  return window.benchCpuSeconds ? window.benchCpuSeconds() : Number.NaN;
}
const errText = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

// ---------------------------------------------------------------------------------------------------------
// timing

interface TimingOpts {
  warmup: number;
  minTimeMs: number;
  minSteps: number;
  reps: number;
}

/** Something to time: `run(k)` returns only after the work of its k steps is done (GPU: after a sync). */
interface Subject {
  run: (k: number) => Promise<void>;
  lastLoss: () => Promise<number>;
  /** Overrides of the timing options for this subject (the slow TF.js baseline). */
  reps?: number;
  minSteps?: number;
}

/** Warm up, then find a step count whose block takes ≥ minTimeMs (and ≥ minSteps). */
async function calibrate(s: Subject, o: TimingOpts): Promise<number> {
  // warm-up; its last step, timed alone, is the first estimate (then ×4 until a block is long enough)
  if (o.warmup > 1) await s.run(o.warmup - 1);
  let k = 1;
  let t = 0;
  for (;;) {
    const t0 = now();
    await s.run(k);
    t = now() - t0;
    if (t >= o.minTimeMs / 4 || k >= 1 << 14) break;
    k *= 4;
  }
  return Math.max(o.minSteps, Math.ceil((k * o.minTimeMs) / Math.max(t, 1e-3)));
}

/**
 * Time several subjects in alternation: after calibrating each, `reps` rounds of one block per subject, so
 * that load from other processes on this shared machine hits all of them alike (their ratios stay fair).
 * ms/step of a subject is the median over its blocks of block time / steps. Device loss aborts the run.
 */
async function timeInterleaved(subjects: Subject[], o: TimingOpts): Promise<Measurement[]> {
  const state = subjects.map(() => ({
    steps: 0,
    samples: [] as number[],
    cpuSamples: [] as number[],
    error: null as string | null,
  }));
  const guard = async (i: number, f: () => Promise<void>) => {
    if (state[i].error) return;
    try {
      await f();
    } catch (err) {
      if (err instanceof DeviceLostError) throw err;
      state[i].error = errText(err);
    }
  };
  await gate();
  for (const [i, s] of subjects.entries())
    await guard(i, async () => {
      state[i].steps = await calibrate(s, { ...o, minSteps: s.minSteps ?? o.minSteps });
    });
  const rounds = Math.max(...subjects.map((s) => s.reps ?? o.reps));
  for (let r = 0; r < rounds; r++) {
    await gate();
    for (const [i, s] of subjects.entries()) {
      if (r >= (s.reps ?? o.reps)) continue;
      await guard(i, async () => {
        const st = state[i];
        const c0 = await cpuSeconds();
        const t0 = now();
        await s.run(st.steps);
        const t1 = now();
        const c1 = await cpuSeconds();
        st.samples.push((t1 - t0) / st.steps);
        st.cpuSamples.push(((c1 - c0) * 1000) / st.steps);
      });
      await tick();
    }
  }
  const out: Measurement[] = [];
  for (const [i, s] of subjects.entries()) {
    let lastLoss = Number.NaN;
    await guard(i, async () => {
      lastLoss = await s.lastLoss();
    });
    const st = state[i];
    out.push(
      st.error
        ? { status: 'error', reason: st.error }
        : {
            status: 'ok',
            msPerStep: median(st.samples),
            samples: st.samples,
            stepsPerRep: st.steps,
            lastLoss,
            ...cpuFields(st.cpuSamples),
          },
    );
  }
  return out;
}

function cpuFields(cpuSamples: number[]): { cpuMsPerStep?: number; cpuSamples?: number[] } {
  return cpuSamples.every(Number.isFinite) && cpuSamples.length
    ? { cpuMsPerStep: median(cpuSamples), cpuSamples }
    : {};
}

function show(m: Measurement): string {
  if (m.status !== 'ok') return `${m.status} (${m.reason})`;
  const cpu = m.cpuMsPerStep === undefined ? '' : `, browser CPU ${fmtMs(m.cpuMsPerStep)} ms/step`;
  return `${fmtMs(m.msPerStep)} ms/step (${m.samples.length}×${m.stepsPerRep} steps${cpu}, loss ${m.lastLoss.toPrecision(4)})`;
}

// ---------------------------------------------------------------------------------------------------------
// the three engines

interface Fixture {
  c: Record<Mode, ExperimentConfig>;
  weights: Weights;
  x0: Float64Array;
  y: Float64Array;
}

function fixture(p: GridPoint, scheme: Scheme): Fixture {
  const c = { exact: benchConfig(p, scheme, 'exact'), adjoint: benchConfig(p, scheme, 'adjoint') };
  const spec = netSpec(c.exact);
  const weights = initWeights(c.exact, spec);
  const data = makeDataset(c.exact);
  const idx = batchIndices(c.exact, 0);
  if (idx.length !== p.B || idx.some((v, i) => v !== i)) throw new Error('expected a fixed full batch');
  const x = gatherRows(data.train.x, data.inputDim, idx);
  const y = gatherRows(data.train.y, data.outputDim, idx);
  return { c, weights, x0: embed(spec, weights, x, p.B), y };
}

function tfModel(f: Fixture): TfResNet {
  const c = f.c.exact;
  return new TfResNet({
    spec: netSpec(c),
    weights: f.weights,
    x0: f.x0,
    y: f.y,
    B: c.train.batchSize,
    train: c.train,
  });
}

function cpuTrainer(c: ExperimentConfig, w: Weights): CpuTrainer {
  const t = new CpuTrainer(c);
  t.weights = cloneWeights(w);
  return t;
}

async function lastEngineLoss(e: GpuEngine): Promise<number> {
  const ls = await e.readLosses();
  return ls.length ? ls[ls.length - 1].loss : Number.NaN;
}

function relMax(a: number[], ref: number[]): number {
  let m = 0;
  for (let i = 0; i < ref.length; i++) m = Math.max(m, Math.abs(a[i] - ref[i]) / Math.abs(ref[i]));
  return Number.isFinite(m) ? m : Number.POSITIVE_INFINITY;
}

// ---------------------------------------------------------------------------------------------------------
// the check: TF.js computes the same thing as the engine (and both the same as float64)

async function check(device: GPUDevice, p: GridPoint, scheme: Scheme): Promise<CheckResult> {
  const f = fixture(p, scheme);
  const engineLosses = async (mode: Mode) => {
    const e = await GpuEngine.create(device, f.c[mode], { weights: f.weights });
    try {
      e.trainSteps(CHECK_STEPS);
      return (await e.readLosses()).map((l) => l.loss);
    } finally {
      e.dispose();
    }
  };
  const ours = await engineLosses('exact');
  const oursAdjoint = await engineLosses('adjoint');
  const m = tfModel(f);
  let tfl: number[];
  let kernels: number;
  try {
    tfl = await m.lossTrajectory(CHECK_STEPS);
    const prof = await m.profileStep();
    kernels = prof.kernels;
    const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '?');
    log(
      `  TF.js profile of one step (${scheme} N=${p.N} B=${p.B} d=${p.d} M=${p.M}): ${prof.kernels} kernels, ` +
        `${fmt(prof.gpuMs)} ms kernel time; top: ${prof.top
          .slice(0, 8)
          .map((k) => `${k.name}×${k.count} ${fmt(k.ms)} ms`)
          .join(', ')}`,
    );
  } finally {
    m.dispose();
  }
  const cpuLosses = (mode: Mode) => {
    const t = cpuTrainer(f.c[mode], f.weights);
    return Array.from({ length: CHECK_STEPS }, () => t.trainStep().loss);
  };
  const cpuL = cpuLosses('exact');
  const cpuAdjoint = cpuLosses('adjoint');
  const maxRelErr = relMax(tfl, ours);
  return {
    point: p,
    scheme,
    ours,
    oursAdjoint,
    tfjs: tfl,
    cpu: cpuL,
    cpuAdjoint,
    maxRelErr,
    maxRelErrCpu: relMax(ours, cpuL),
    maxRelErrAdjointCpu: relMax(oursAdjoint, cpuAdjoint),
    adjointVsExact: relMax(oursAdjoint, ours),
    tolerance: CHECK_TOLERANCE,
    ok: ours.length === CHECK_STEPS && tfl.length === CHECK_STEPS && maxRelErr <= CHECK_TOLERANCE,
    tfjsKernels: kernels,
  };
}

// ---------------------------------------------------------------------------------------------------------
// one case

/** ms per work unit of the last CPU reference measurement, per (scheme, mode): predicts slow points to skip. */
const cpuRate = new Map<string, number>();

async function measureCase(device: GPUDevice, k: Case, o: BenchOptions): Promise<CaseResult> {
  waitedMs = 0;
  const f = fixture(k.point, k.scheme);
  const timing: TimingOpts = {
    warmup: o.warmupSteps,
    minTimeMs: o.minTimeMs,
    minSteps: o.minSteps,
    reps: o.reps,
  };

  // our engine in both modes and the TF.js model, timed in alternation
  const engines: Partial<Record<Mode, GpuEngine>> = {};
  const ours = {} as Record<Mode, OursResult>;
  let tfjs: CaseResult['tfjs'] = { time: { status: 'skipped', reason: '--no-tfjs' }, forwardBytes: null };
  let model: TfResNet | null = null;
  const tensorsBefore = tf.memory().numTensors;
  try {
    const subjects: Subject[] = [];
    const slots: ((m: Measurement) => void)[] = [];
    for (const mode of MODES) {
      try {
        const e = await GpuEngine.create(device, f.c[mode], { weights: f.weights });
        engines[mode] = e;
        const mem = {
          activationBytes: e.memory.activationBytes,
          totalBytes: e.memory.totalBytes,
          chunk: e.memory.chunk,
        };
        subjects.push({
          run: async (n) => {
            e.trainSteps(n);
            await e.sync();
          },
          lastLoss: () => lastEngineLoss(e),
        });
        slots.push((time) => {
          ours[mode] = { time, ...mem };
        });
      } catch (err) {
        if (err instanceof DeviceLostError) throw err;
        ours[mode] = {
          time: { status: 'error', reason: errText(err) },
          activationBytes: Number.NaN,
          totalBytes: Number.NaN,
          chunk: 0,
        };
      }
    }
    if (o.tfjs) {
      try {
        const m = tfModel(f);
        model = m;
        subjects.push({
          run: async (n) => {
            await m.steps(n);
          },
          lastLoss: () => m.steps(1),
          reps: o.tfjsReps,
          minSteps: o.tfjsMinSteps,
        });
        slots.push((time) => {
          tfjs = { time, forwardBytes: m.forwardBytes };
        });
      } catch (err) {
        tfjs = { time: { status: 'error', reason: errText(err) }, forwardBytes: null };
      }
    }
    const times = await timeInterleaved(subjects, timing);
    times.forEach((t, i) => {
      slots[i](t);
    });
    for (const mode of MODES)
      log(`  ours ${mode}: ${show(ours[mode].time)}; activations ${fmtBytes(ours[mode].activationBytes)}`);
    if (o.tfjs)
      log(`  tfjs: ${show(tfjs.time)}; tensors held for the backward pass ${fmtBytes(tfjs.forwardBytes)}`);

    if (o.breakdown) {
      const e = engines.exact;
      if (e) {
        [ours.exact.fwd] = await timeInterleaved(
          [
            {
              run: async (n) => {
                for (let i = 0; i < n; i++) await e.evaluate();
              },
              lastLoss: async () => (await e.evaluate()).trainLoss,
            },
          ],
          timing,
        );
        log(`  ours forward only (evaluate: forward + loss + readback): ${show(ours.exact.fwd)}`);
      }
      const m = model;
      if (m) {
        [tfjs.fwd] = await timeInterleaved(
          [
            {
              run: async (n) => {
                await m.forwardOnly(n);
              },
              lastLoss: () => m.forwardOnly(1),
            },
          ],
          timing,
        );
        log(`  tfjs forward only: ${show(tfjs.fwd)}`);
      }
    }
  } finally {
    engines.exact?.dispose();
    engines.adjoint?.dispose();
    model?.dispose();
  }
  const leaked = tf.memory().numTensors - tensorsBefore;
  if (leaked !== 0) log(`  warning: TF.js holds ${leaked} more tensors than before this case`);
  await tick();

  const cpu = {} as Record<Mode, Measurement>;
  for (const mode of MODES) {
    if (!o.cpu) {
      cpu[mode] = { status: 'skipped', reason: '--no-cpu' };
      continue;
    }
    const key = `${k.scheme} ${mode}`;
    const units = workUnits(k);
    const rate = cpuRate.get(key);
    const predicted = rate === undefined ? Number.NaN : rate * units;
    if (predicted > o.cpuMaxStepMs) {
      cpu[mode] = {
        status: 'skipped',
        reason: `predicted ${(predicted / 1000).toFixed(1)} s/step > ${o.cpuMaxStepMs / 1000} s`,
      };
      log(`  cpu ${mode}: ${show(cpu[mode])}`);
      continue;
    }
    try {
      const t = cpuTrainer(f.c[mode], f.weights);
      let last = Number.NaN;
      const t0 = now();
      last = t.trainStep().loss; // warm-up, and the estimate of one step
      const one = now() - t0;
      if (one > o.cpuMaxStepMs) {
        cpu[mode] = {
          status: 'skipped',
          reason: `one step took ${(one / 1000).toFixed(1)} s > ${o.cpuMaxStepMs / 1000} s`,
        };
      } else {
        const steps = Math.max(1, Math.ceil(o.minTimeMs / one));
        const samples: number[] = [];
        const cpuSamples: number[] = [];
        for (let i = 0; i < o.cpuReps; i++) {
          await gate();
          const c0 = await cpuSeconds();
          const s0 = now();
          for (let j = 0; j < steps; j++) last = t.trainStep().loss;
          const s1 = now();
          const c1 = await cpuSeconds();
          samples.push((s1 - s0) / steps);
          cpuSamples.push(((c1 - c0) * 1000) / steps);
          await tick();
        }
        const ms = median(samples);
        cpuRate.set(key, ms / units); // cases run cheapest first: the latest rate is the most relevant
        cpu[mode] = {
          status: 'ok',
          msPerStep: ms,
          samples,
          stepsPerRep: steps,
          lastLoss: last,
          ...cpuFields(cpuSamples),
        };
      }
    } catch (err) {
      cpu[mode] = { status: 'error', reason: errText(err) };
    }
    log(`  cpu ${mode}: ${show(cpu[mode])}`);
    await tick();
  }
  if (waitedMs > 1000)
    log(`  waited ${(waitedMs / 1000).toFixed(0)} s in total for other processes to quieten`);
  return { point: k.point, scheme: k.scheme, ours, tfjs, cpu, waitedMs };
}

// ---------------------------------------------------------------------------------------------------------

async function runBench(options: BenchOptions): Promise<BenchRun> {
  const t0 = now();
  const startedAt = new Date().toISOString();
  const { device, info } = await acquireDevice(navigator.gpu, { label: 'bench device' });
  const adapter = describeAdapter(info);
  log(`adapter: ${adapter}`);
  for (const [name, value] of Object.entries(options.tfjsFlags ?? {})) {
    tf.env().set(name, value);
    log(`TF.js flag ${name} = ${value}`);
  }
  await tf.setBackend('webgpu');
  await tf.ready();
  const tfjsBackend = `${tf.getBackend()} (TF.js ${tf.version.tfjs})`;
  if (tf.getBackend() !== 'webgpu')
    throw new Error(`TF.js did not get its WebGPU backend (got ${tf.getBackend()})`);
  log(`TF.js backend: ${tfjsBackend}`);

  const run: BenchRun = {
    startedAt,
    adapter,
    userAgent: navigator.userAgent,
    tfjsBackend,
    options,
    checks: [],
    results: [],
    elapsedMs: 0,
    complete: false,
  };

  if (options.tfjs) {
    log(`check: losses of ${CHECK_STEPS} steps, TF.js vs our engine (tolerance ${CHECK_TOLERANCE} relative)`);
    for (const p of CHECK_POINTS)
      for (const scheme of ['euler', 'heun'] as const) {
        const c = await check(device, p, scheme);
        run.checks.push(c);
        log(
          `  ${scheme} N=${p.N} B=${p.B} d=${p.d} M=${p.M}: ours ${c.ours.map((x) => x.toPrecision(7)).join(', ')}` +
            ` | tfjs ${c.tfjs.map((x) => x.toPrecision(7)).join(', ')} | cpu ${c.cpu.map((x) => x.toPrecision(7)).join(', ')}` +
            ` | max rel tfjs−ours ${c.maxRelErr.toExponential(2)} ${c.ok ? 'ok' : 'FAIL'}; TF.js launches ${c.tfjsKernels} kernels/step`,
        );
        console.log(`BENCH:CHECK ${JSON.stringify(c)}`);
      }
    const bad = run.checks.filter((c) => !c.ok);
    if (bad.length)
      throw new Error(
        `the TF.js baseline does not compute the same losses as the engine (tolerance ${CHECK_TOLERANCE}): ` +
          bad
            .map(
              (c) =>
                `${c.scheme} N=${c.point.N} d=${c.point.d} M=${c.point.M}: max rel ${c.maxRelErr.toExponential(2)}`,
            )
            .join('; '),
      );
  }

  const all = cases(options.grid);
  const totalUnits = all.reduce((s, k) => s + workUnits(k), 0);
  let doneUnits = 0;
  try {
    for (const [i, k] of all.entries()) {
      log(`[${i + 1}/${all.length}] ${caseLabel(k)}`);
      const r = await measureCase(device, k, options);
      run.results.push(r);
      console.log(`BENCH:RESULT ${JSON.stringify(r)}`);
      doneUnits += workUnits(k);
      const el = now() - t0;
      log(
        `  elapsed ${(el / 60000).toFixed(1)} min; by work units ${((100 * doneUnits) / totalUnits).toFixed(1)}% of the grid done`,
      );
    }
    run.complete = true;
  } catch (err) {
    run.error = errText(err);
    log(`stopped: ${run.error}`);
  }
  run.elapsedMs = now() - t0;
  device.destroy();
  return run;
}

window.runBench = runBench;
window.benchReady = true;
