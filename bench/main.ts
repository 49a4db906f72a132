// The bench page: times our WebGPU engine, the TF.js WebGPU baseline, the jax-js baseline (its WebGPU and wasm
// devices) and the float64 CPU reference on one grid, in one page, on one adapter, next to a plain WGSL matmul
// (the roofline). The Node runner (bench/run.ts) calls window.runBench(options) and streams the
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
import { WasmTrainer } from '../src/wasm/trainer';
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
  JAX_DEVICES,
  type JaxDevice,
  MODES,
  type Mode,
  type Scheme,
  workUnits,
} from './grid';
import { initJax, JAX_VERSION, JaxResNet, jaxDescription } from './jaxjs-model';
import matmulWgsl from './matmul.wgsl?raw';
import {
  type BenchRun,
  type CaseResult,
  type CheckResult,
  fmtBytes,
  fmtGflops,
  fmtMs,
  gflops,
  type Measurement,
  matmulFlops,
  median,
  type OursResult,
  type Roofline,
  type RooflineKernel,
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

function modelInit(f: Fixture) {
  const c = f.c.exact;
  return { spec: netSpec(c), weights: f.weights, x0: f.x0, y: f.y, B: c.train.batchSize, train: c.train };
}

function tfModel(f: Fixture): TfResNet {
  return new TfResNet(modelInit(f));
}

function jaxModel(f: Fixture, device: JaxDevice): JaxResNet {
  return new JaxResNet(modelInit(f), device);
}

/** jax-js devices this run uses, and why the others are left out (set by runBench; a failure drops one). */
const jaxState = new Map<JaxDevice, string | null>();
const jaxOn = (d: JaxDevice) => jaxState.get(d) === null;

function cpuTrainer(c: ExperimentConfig, w: Weights): CpuTrainer {
  const t = new CpuTrainer(c);
  t.weights = cloneWeights(w);
  return t;
}

/** Timed blocks of an in-page trainer (the float64 reference or the WASM engine) in both modes. */
async function timeTrainers(
  which: 'cpu' | 'wasm',
  k: Case,
  o: BenchOptions,
  skip: string | null,
  make: (mode: Mode) => { trainStep(): { loss: number } },
): Promise<Record<Mode, Measurement>> {
  const out = {} as Record<Mode, Measurement>;
  for (const mode of MODES) {
    if (skip) {
      out[mode] = { status: 'skipped', reason: skip };
      continue;
    }
    const key = `${which} ${k.scheme} ${mode}`;
    const units = workUnits(k);
    const rate = cpuRate.get(key);
    const predicted = rate === undefined ? Number.NaN : rate * units;
    if (predicted > o.cpuMaxStepMs) {
      out[mode] = {
        status: 'skipped',
        reason: `predicted ${(predicted / 1000).toFixed(1)} s/step > ${o.cpuMaxStepMs / 1000} s`,
      };
      log(`  ${which} ${mode}: ${show(out[mode])}`);
      continue;
    }
    try {
      const t = make(mode);
      let last = Number.NaN;
      const t0 = now();
      last = t.trainStep().loss; // warm-up, and the estimate of one step
      const one = now() - t0;
      if (one > o.cpuMaxStepMs) {
        out[mode] = {
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
        out[mode] = {
          status: 'ok',
          msPerStep: ms,
          samples,
          stepsPerRep: steps,
          lastLoss: last,
          ...cpuFields(cpuSamples),
        };
      }
    } catch (err) {
      out[mode] = { status: 'error', reason: errText(err) };
    }
    log(`  ${which} ${mode}: ${show(out[mode])}`);
    await tick();
  }
  return out;
}

function wasmTrainer(c: ExperimentConfig, w: Weights): WasmTrainer {
  const t = new WasmTrainer(c);
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

async function check(device: GPUDevice, p: GridPoint, scheme: Scheme, o: BenchOptions): Promise<CheckResult> {
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
  let tfl: number[] = [];
  let kernels = Number.NaN;
  if (o.tfjs) {
    const m = tfModel(f);
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
  }
  const jax: Partial<Record<JaxDevice, number[]>> = {};
  const maxRelErrJax: Partial<Record<JaxDevice, number>> = {};
  for (const d of JAX_DEVICES) {
    if (!jaxOn(d)) continue;
    let m: JaxResNet | null = null;
    try {
      m = jaxModel(f, d);
      jax[d] = await m.lossTrajectory(CHECK_STEPS);
      maxRelErrJax[d] = relMax(jax[d], ours);
    } catch (err) {
      // a backend that cannot run this model here is left out of the run (and said so), not a failed check
      const why = `failed in the check: ${errText(err)}`;
      jaxState.set(d, why);
      log(`  jax-js ${d} ${why}; it is left out of this run`);
    } finally {
      try {
        m?.dispose();
      } catch {
        // a failed model may not dispose cleanly
      }
    }
  }
  const cpuLosses = (mode: Mode) => {
    const t = cpuTrainer(f.c[mode], f.weights);
    return Array.from({ length: CHECK_STEPS }, () => t.trainStep().loss);
  };
  const cpuL = cpuLosses('exact');
  const cpuAdjoint = cpuLosses('adjoint');
  const maxRelErr = o.tfjs ? relMax(tfl, ours) : Number.NaN;
  const agree = (xs: number[], err: number) => xs.length === CHECK_STEPS && err <= CHECK_TOLERANCE;
  const ok =
    ours.length === CHECK_STEPS &&
    (!o.tfjs || agree(tfl, maxRelErr)) &&
    Object.entries(jax).every(([d, xs]) => agree(xs, maxRelErrJax[d as JaxDevice] ?? Number.NaN));
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
    ok,
    tfjsKernels: kernels,
    jax,
    maxRelErrJax,
  };
}

// ---------------------------------------------------------------------------------------------------------
// the roofline: plain matmuls on the same adapter (bench/matmul.wgsl)

const ROOFLINE_SIZES = [256, 1024];
/** Kernels of bench/matmul.wgsl and the C elements one invocation computes along each axis. */
const ROOFLINE_KERNELS = [
  { kernel: 'naive', per: 1 },
  { kernel: 'tiled', per: 1 },
  { kernel: 'blocked', per: 4 },
] as const;

async function measureRoofline(device: GPUDevice): Promise<Roofline> {
  const module = device.createShaderModule({ label: 'roofline matmul', code: matmulWgsl });
  const kernels: RooflineKernel[] = [];
  for (const n of ROOFLINE_SIZES) {
    const a = Float32Array.from({ length: n * n }, (_, i) => ((i * 7919) % 1000) / 1000 - 0.5);
    const b = Float32Array.from({ length: n * n }, (_, i) => ((i * 104729) % 997) / 997 - 0.5);
    const storage = (data: Float32Array<ArrayBuffer> | null, extra = 0) => {
      const buf = device.createBuffer({
        size: n * n * 4,
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | extra,
      });
      if (data) device.queue.writeBuffer(buf, 0, data);
      return buf;
    };
    const A = storage(a);
    const B = storage(b);
    const C = storage(null, GPUBufferUsage.COPY_SRC);
    const dims = device.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(dims, 0, new Uint32Array([n, 0, 0, 0]));
    const read = device.createBuffer({
      size: n * 4,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    try {
      for (const { kernel, per } of ROOFLINE_KERNELS) {
        const pipeline = await device.createComputePipelineAsync({
          label: `roofline ${kernel}`,
          layout: 'auto',
          compute: { module, entryPoint: kernel },
        });
        const bind = device.createBindGroup({
          layout: pipeline.getBindGroupLayout(0),
          entries: [A, B, C, dims].map((buffer, binding) => ({ binding, resource: { buffer } })),
        });
        const run = async (k: number) => {
          const enc = device.createCommandEncoder();
          for (let i = 0; i < k; i++) {
            const pass = enc.beginComputePass();
            pass.setPipeline(pipeline);
            pass.setBindGroup(0, bind);
            pass.dispatchWorkgroups(n / (16 * per), n / (16 * per));
            pass.end();
          }
          device.queue.submit([enc.finish()]);
          await device.queue.onSubmittedWorkDone();
        };
        await gate();
        const w0 = now();
        await run(1); // warm-up
        const warm = now() - w0;
        // the product is right: compare row 1 with the CPU
        const enc = device.createCommandEncoder();
        enc.copyBufferToBuffer(C, n * 4, read, 0, n * 4);
        device.queue.submit([enc.finish()]);
        await read.mapAsync(GPUMapMode.READ);
        const row = new Float32Array(read.getMappedRange().slice(0));
        read.unmap();
        let maxErr = 0;
        for (let j = 0; j < n; j += 17) {
          let acc = 0;
          for (let k = 0; k < n; k++) acc += a[n + k] * b[k * n + j];
          maxErr = Math.max(maxErr, Math.abs(row[j] - acc) / Math.max(1, Math.abs(acc)));
        }
        // a product that takes over a second (1024³ on SwiftShader) is timed once: its warm-up is the sample
        const samples: number[] = [];
        if (warm > 1000) samples.push(warm);
        else {
          const t0 = now();
          await run(1);
          const one = now() - t0;
          const k = Math.min(256, Math.max(1, Math.ceil(250 / Math.max(one, 1e-3))));
          for (let r = 0; r < 3; r++) {
            const s0 = now();
            await run(k);
            samples.push((now() - s0) / k);
          }
        }
        const ms = median(samples);
        const g = maxErr < 1e-3 ? gflops(matmulFlops(n), ms) : Number.NaN;
        kernels.push({ kernel, n, ms, gflops: g });
        log(
          `  matmul ${kernel} ${n}×${n}×${n}: ${fmtMs(ms)} ms, ${fmtGflops(g)} GFLOP/s` +
            (maxErr < 1e-3 ? '' : ` (WRONG: max rel err ${maxErr.toExponential(2)}; not counted)`),
        );
      }
    } finally {
      for (const buf of [A, B, C, dims, read]) buf.destroy();
    }
  }
  const ok = kernels.map((k) => k.gflops).filter(Number.isFinite);
  return { kernels, best: ok.length ? Math.max(...ok) : Number.NaN };
}

// ---------------------------------------------------------------------------------------------------------
// one case

/** ms per work unit of the last CPU reference measurement, per (scheme, mode): predicts slow points to skip. */
const cpuRate = new Map<string, number>();
/** TF.js's last ms per layer and step, per scheme: it is dispatch-bound here (one small kernel per op and layer). */
const tfjsRate = new Map<Scheme, number>();

async function measureCase(device: GPUDevice, k: Case, o: BenchOptions): Promise<CaseResult> {
  waitedMs = 0;
  const f = fixture(k.point, k.scheme);
  const timing: TimingOpts = {
    warmup: o.warmupSteps,
    minTimeMs: o.minTimeMs,
    minSteps: o.minSteps,
    reps: o.reps,
  };

  // our engine in both modes, the TF.js model and the jax-js models, timed in alternation
  const engines: Partial<Record<Mode, GpuEngine>> = {};
  const ours = {} as Record<Mode, OursResult>;
  let tfjs: CaseResult['tfjs'] = { time: { status: 'skipped', reason: '--no-tfjs' }, forwardBytes: null };
  let model: TfResNet | null = null;
  const jaxModels: JaxResNet[] = [];
  const jax = {} as Record<JaxDevice, Measurement>;
  for (const d of JAX_DEVICES)
    jax[d] = {
      status: 'skipped',
      reason: o.jax.includes(d) ? (jaxState.get(d) ?? 'not started') : '--no-jax / --jax-devices',
    };
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
          variant: e.variant,
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
    const tfjsPredicted = (tfjsRate.get(k.scheme) ?? Number.NaN) * k.point.N;
    if (o.tfjs && tfjsPredicted > o.tfjsMaxStepMs) {
      tfjs = {
        time: {
          status: 'skipped',
          reason: `predicted ${(tfjsPredicted / 1000).toFixed(0)} s/step > ${o.tfjsMaxStepMs / 1000} s (--tfjs-max)`,
        },
        forwardBytes: null,
      };
    } else if (o.tfjs) {
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
          if (time.status === 'ok') tfjsRate.set(k.scheme, time.msPerStep / k.point.N);
        });
      } catch (err) {
        tfjs = { time: { status: 'error', reason: errText(err) }, forwardBytes: null };
      }
    }
    for (const d of JAX_DEVICES) {
      if (!jaxOn(d)) continue;
      try {
        const m = jaxModel(f, d);
        jaxModels.push(m);
        subjects.push({
          run: async (n) => {
            await m.steps(n);
          },
          lastLoss: () => m.steps(1),
          reps: o.jaxReps,
          minSteps: o.jaxMinSteps,
        });
        slots.push((time) => {
          jax[d] = time;
        });
      } catch (err) {
        jax[d] = { status: 'error', reason: errText(err) };
      }
    }
    const times = await timeInterleaved(subjects, timing);
    times.forEach((t, i) => {
      slots[i](t);
    });
    for (const mode of MODES)
      log(
        `  ours ${mode} (kernel variant ${ours[mode].variant ?? '–'}): ${show(ours[mode].time)}; activation + scratch ${fmtBytes(ours[mode].activationBytes)}`,
      );
    if (o.tfjs)
      log(`  tfjs: ${show(tfjs.time)}; tensors held for the backward pass ${fmtBytes(tfjs.forwardBytes)}`);
    for (const d of o.jax) log(`  jax-js ${d}: ${show(jax[d])}`);

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
    for (const m of jaxModels) m.dispose();
  }
  const leaked = tf.memory().numTensors - tensorsBefore;
  if (leaked !== 0) log(`  warning: TF.js holds ${leaked} more tensors than before this case`);
  await tick();

  const cpu = await timeTrainers('cpu', k, o, o.cpu ? null : '--no-cpu', (mode) =>
    cpuTrainer(f.c[mode], f.weights),
  );
  const wasm = await timeTrainers('wasm', k, o, o.wasm ? null : '--no-wasm', (mode) =>
    wasmTrainer(f.c[mode], f.weights),
  );
  if (waitedMs > 1000)
    log(`  waited ${(waitedMs / 1000).toFixed(0)} s in total for other processes to quieten`);
  return { point: k.point, scheme: k.scheme, ours, tfjs, jax, cpu, wasm, waitedMs, roofline: rooflineGflops };
}

/** GFLOP/s of the best plain matmul (set once per run by runBench). */
let rooflineGflops = Number.NaN;

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

  // jax-js: start the backends this run uses; one that does not start is left out (and said so)
  jaxState.clear();
  for (const d of JAX_DEVICES) {
    if (!options.jax.includes(d)) continue;
    try {
      jaxState.set(d, (await initJax(d)) ? null : `jax-js could not start its ${d} backend in this browser`);
    } catch (err) {
      jaxState.set(d, `jax-js ${d} backend failed to start: ${errText(err)}`);
    }
  }
  const jaxParts = [...jaxState].map(([d, why]) => (why === null ? jaxDescription(d) : `${d}: ${why}`));
  const jaxBackend = options.jax.length ? `jax-js ${JAX_VERSION}: ${jaxParts.join('; ')}` : undefined;
  if (jaxBackend) log(`jax-js: ${jaxBackend}`);

  log('roofline: plain f32 matmuls on this adapter (bench/matmul.wgsl)');
  let roofline: Roofline | undefined;
  try {
    roofline = await measureRoofline(device);
    rooflineGflops = roofline.best;
    log(`  roofline ${fmtGflops(roofline.best)} GFLOP/s`);
  } catch (err) {
    if (err instanceof DeviceLostError) throw err;
    log(`  roofline failed: ${errText(err)}`);
  }

  const run: BenchRun = {
    startedAt,
    adapter,
    userAgent: navigator.userAgent,
    tfjsBackend,
    jaxBackend,
    roofline,
    options,
    checks: [],
    results: [],
    elapsedMs: 0,
    complete: false,
  };

  if (options.tfjs || [...jaxState.values()].includes(null)) {
    const who = [options.tfjs && 'TF.js', ...JAX_DEVICES.filter(jaxOn).map((d) => `jax-js ${d}`)].filter(
      Boolean,
    );
    log(
      `check: losses of ${CHECK_STEPS} steps, ${who.join(', ')} vs our engine (tolerance ${CHECK_TOLERANCE} relative)`,
    );
    const rel = (x: number | undefined) =>
      x === undefined || !Number.isFinite(x) ? '–' : x.toExponential(2);
    const fmt = (xs: number[] | undefined) => (xs?.length ? xs.map((x) => x.toPrecision(7)).join(', ') : '–');
    for (const p of CHECK_POINTS)
      for (const scheme of ['euler', 'heun'] as const) {
        const c = await check(device, p, scheme, options);
        run.checks.push(c);
        log(
          `  ${scheme} N=${p.N} B=${p.B} d=${p.d} M=${p.M}: ours ${fmt(c.ours)} | tfjs ${fmt(c.tfjs)}` +
            ` | jax webgpu ${fmt(c.jax?.webgpu)} | jax wasm ${fmt(c.jax?.wasm)} | cpu ${fmt(c.cpu)}` +
            ` | max rel vs ours: tfjs ${rel(c.maxRelErr)}, jax webgpu ${rel(c.maxRelErrJax?.webgpu)}, ` +
            `jax wasm ${rel(c.maxRelErrJax?.wasm)} ${c.ok ? 'ok' : 'FAIL'}` +
            (options.tfjs ? `; TF.js launches ${c.tfjsKernels} kernels/step` : ''),
        );
        console.log(`BENCH:CHECK ${JSON.stringify(c)}`);
      }
    const bad = run.checks.filter((c) => !c.ok);
    if (bad.length)
      throw new Error(
        `a baseline does not compute the same losses as the engine (tolerance ${CHECK_TOLERANCE}): ` +
          bad
            .map(
              (c) =>
                `${c.scheme} N=${c.point.N} d=${c.point.d} M=${c.point.M}: max rel tfjs ${rel(c.maxRelErr)}, ` +
                `jax webgpu ${rel(c.maxRelErrJax?.webgpu)}, jax wasm ${rel(c.maxRelErrJax?.wasm)}`,
            )
            .join('; '),
      );
    // a jax-js device that failed in the check is left out: say so in the run's description
    if (run.jaxBackend)
      run.jaxBackend = `jax-js ${JAX_VERSION}: ${[...jaxState]
        .map(([d, why]) => (why === null ? jaxDescription(d) : `${d}: ${why}`))
        .join('; ')}`;
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
