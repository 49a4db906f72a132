// `npm run bench -- --node [...]` (and the GPU kit's bench.mjs, see scripts/gpu-kit.sh): times the engine under
// Node + Dawn (the `webgpu` package) on whatever Vulkan adapter the process finds, without a browser. For each
// grid point and scheme: exact and adjoint engines built with GpuEngine.create, warmed up, then blocks of
// trainSteps(R) + sync() (ms/step: median of the blocks), their activation memory, and the float64 CPU
// reference where a step is cheap; once per run an f32 WGSL matmul gives the device's roofline. Prints one table
// and writes bench-results/node-<timestamp>.{json,md} (or --out DIR), rewritten after every case so a killed run
// leaves what it finished. Uses only the engine's public API.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { provisionFromDisk } from '../src/cli/images';
import { batchIndices, gatherRows } from '../src/core/batches';
import { makeDataset } from '../src/core/data';
import { initWeights, netSpec } from '../src/core/params';
import { embed } from '../src/core/reference';
import { CpuTrainer } from '../src/core/trainer';
import { describeAdapter } from '../src/engine/device';
import { GpuEngine } from '../src/engine/engine';
import { acquireNodeDevice, configureVulkanIcd, releaseNodeDevice } from '../src/engine/node-device';
import type { Backend } from '../src/run/backend';
import { CpuBackend } from '../src/run/cpu-backend';
import { GpuBackend } from '../src/run/gpu-backend';
import { benchConfig } from './config';
import { EPOCH_DEFAULT, epochLine, fmnistEpochCase, timeEpoch } from './epoch';
import { type Case, caseLabel, type Mode, workUnits } from './grid';
import matmulWgsl from './matmul-node.wgsl?raw';
import {
  type AdapterSummary,
  BASELINES_NOTE,
  flopsPerStep,
  fmtMs,
  markdownReport,
  matmulFlops,
  NODE_USAGE,
  type NodeCaseResult,
  type NodeMeasurement,
  type NodeOptions,
  type NodeRun,
  nodeCases,
  oneLine,
  parseNodeArgs,
  type RooflineResult,
  textReport,
} from './node-report';

const now = () => performance.now();
const errText = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));
const isLimitError = (e: unknown) => e instanceof Error && e.name === 'EngineLimitError';
const isDeviceLost = (e: unknown) => e instanceof Error && e.name === 'DeviceLostError';
const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

// ---------------------------------------------------------------------------------------------------------
// timing

/** Something to time: run(k) returns once the work of k steps is done. */
interface Subject {
  run: (k: number) => Promise<void>;
  lastLoss: () => Promise<number>;
}

interface TimingOpts {
  warmup: number;
  minTimeMs: number;
  minSteps: number;
  reps: number;
}

/** Warm up, then the steps per block: ≥ minSteps and a block of ≥ minTimeMs. */
async function calibrate(s: Subject, o: TimingOpts): Promise<number> {
  if (o.warmup > 0) await s.run(o.warmup);
  let k = 1;
  let t = 0;
  for (;;) {
    const t0 = now();
    await s.run(k);
    t = now() - t0;
    if (t >= o.minTimeMs / 4 || k >= 1 << 14) break;
    k *= 4;
  }
  const cap = (x: number) => Math.min(1 << 16, Math.max(o.minSteps, Math.ceil(x)));
  let steps = cap((k * o.minTimeMs) / Math.max(t, 1e-3));
  // a slow first block (pipelines still warming, a load spike) under-estimates: check, and scale up
  for (let i = 0; i < 3; i++) {
    const t0 = now();
    await s.run(steps);
    const tb = now() - t0;
    if (tb >= o.minTimeMs / 2 || steps >= 1 << 16) break;
    steps = cap((steps * o.minTimeMs) / Math.max(tb, 1e-3));
  }
  return steps;
}

/** Time subjects in alternation (calibrate each, then rounds of one block each); device loss propagates. */
async function timeInterleaved(
  subjects: (Subject | null)[],
  o: TimingOpts,
): Promise<(NodeMeasurement | null)[]> {
  const st = subjects.map(() => ({ steps: 0, samples: [] as number[], error: null as string | null }));
  const guard = async (i: number, f: () => Promise<void>) => {
    if (st[i].error || !subjects[i]) return;
    try {
      await f();
    } catch (e) {
      if (isDeviceLost(e)) throw e;
      st[i].error = errText(e);
    }
  };
  for (const [i, s] of subjects.entries())
    await guard(i, async () => {
      st[i].steps = await calibrate(s as Subject, o);
    });
  for (let r = 0; r < o.reps; r++)
    for (const [i, s] of subjects.entries())
      await guard(i, async () => {
        const t0 = now();
        await (s as Subject).run(st[i].steps);
        st[i].samples.push((now() - t0) / st[i].steps);
      });
  const out: (NodeMeasurement | null)[] = [];
  for (const [i, s] of subjects.entries()) {
    if (!s) {
      out.push(null);
      continue;
    }
    let lastLoss = Number.NaN;
    await guard(i, async () => {
      lastLoss = await s.lastLoss();
    });
    const x = st[i];
    out.push(
      x.error
        ? { status: 'error', reason: x.error }
        : { status: 'ok', msPerStep: median(x.samples), samples: x.samples, stepsPerRep: x.steps, lastLoss },
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// roofline: an f32 WGSL matmul on the same device

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  };
}

async function roofline(device: GPUDevice, n: number, minTimeMs: number): Promise<RooflineResult> {
  const rnd = lcg(12345 + n);
  const a = Float32Array.from({ length: n * n }, rnd);
  const b = Float32Array.from({ length: n * n }, rnd);
  const bytes = n * n * 4;
  const S = GPUBufferUsage.STORAGE;
  const mk = (usage: number, size = bytes) => device.createBuffer({ size, usage });
  const bufA = mk(S | GPUBufferUsage.COPY_DST);
  const bufB = mk(S | GPUBufferUsage.COPY_DST);
  const bufC = mk(S | GPUBufferUsage.COPY_SRC);
  const dims = mk(GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, 16);
  const read = mk(GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
  try {
    device.queue.writeBuffer(bufA, 0, a);
    device.queue.writeBuffer(bufB, 0, b);
    device.queue.writeBuffer(dims, 0, new Uint32Array([n, 0, 0, 0]));
    device.pushErrorScope('validation');
    const module = device.createShaderModule({ code: matmulWgsl, label: 'matmul-node' });
    const pipeline = await device.createComputePipelineAsync({
      layout: 'auto',
      compute: { module, entryPoint: 'main' },
      label: 'matmul-node',
    });
    const bg = device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: [bufA, bufB, bufC, dims].map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    const run = async (k: number) => {
      const enc = device.createCommandEncoder();
      for (let i = 0; i < k; i++) {
        const pass = enc.beginComputePass();
        pass.setPipeline(pipeline);
        pass.setBindGroup(0, bg);
        pass.dispatchWorkgroups(n / 64, n / 64);
        pass.end();
      }
      device.queue.submit([enc.finish()]);
      await device.queue.onSubmittedWorkDone();
    };
    const [m] = await timeInterleaved([{ run, lastLoss: async () => 0 }], {
      warmup: 1,
      minTimeMs,
      minSteps: 2,
      reps: 3,
    });
    const err = await device.popErrorScope();
    if (err) throw new Error(`matmul kernel: ${err.message}`);
    if (m?.status !== 'ok') throw new Error(`matmul timing failed: ${m ? m.reason : ''}`);
    // check sampled entries against float64
    const enc = device.createCommandEncoder();
    enc.copyBufferToBuffer(bufC, 0, read, 0, bytes);
    device.queue.submit([enc.finish()]);
    await read.mapAsync(GPUMapMode.READ);
    const c = new Float32Array(read.getMappedRange().slice(0));
    read.unmap();
    let maxRelErr = 0;
    const pick = lcg(99);
    for (let s = 0; s < 64; s++) {
      const i = Math.floor(((pick() + 1) / 2) * n) % n;
      const j = Math.floor(((pick() + 1) / 2) * n) % n;
      let ref = 0;
      let mag = 0;
      for (let k = 0; k < n; k++) {
        ref += a[i * n + k] * b[k * n + j];
        mag += Math.abs(a[i * n + k] * b[k * n + j]);
      }
      maxRelErr = Math.max(maxRelErr, Math.abs(c[i * n + j] - ref) / Math.max(mag, 1e-30));
    }
    if (!(maxRelErr < 1e-4)) throw new Error(`matmul ${n}³ is wrong: max relative error ${maxRelErr}`);
    return { n, msPerMatmul: m.msPerStep, gflops: matmulFlops(n) / (m.msPerStep * 1e6), maxRelErr };
  } finally {
    for (const x of [bufA, bufB, bufC, dims, read]) x.destroy();
  }
}

// ---------------------------------------------------------------------------------------------------------
// one case

interface CaseState {
  /** ms per work unit of the CPU reference, from the last case it ran (to skip slow ones unmeasured). */
  cpuMsPerUnit: number;
  baselines: Record<BaselineKind, BaselineState>;
}

// ---------------------------------------------------------------------------------------------------------
// the JS baselines on the same adapter: TF.js's and jax-js's WebGPU backends only need navigator.gpu

type BaselineKind = 'tfjs' | 'jax-webgpu' | 'jax-wasm';
export const BASELINE_KINDS: readonly BaselineKind[] = ['tfjs', 'jax-webgpu', 'jax-wasm'];
type ModelInit = import('./tfjs-model').TfModelInit;
interface BaselineModel {
  steps(k: number): Promise<number>;
  dispose(): void;
}

interface BaselineState {
  /** Builds a model once the library runs; an error message if it cannot; null before the first try. */
  make: ((init: ModelInit) => BaselineModel) | string | null;
  /** Rate from the last case it ran, to skip slow cases unmeasured: ms per layer evaluation (N · evals; GPU
   * backends are dispatch-bound) or per work unit (the wasm backend is compute-bound). */
  msPerPredictor: number;
  /** The same for the first step (tracing, compiling pipelines), which can dwarf a step at large N; not
   * from the first case (it also pays the library's one-time start). */
  firstMsPerPredictor: number;
  /** Cases it ran. */
  ran: number;
}

const baselineState = (): Record<BaselineKind, BaselineState> => ({
  tfjs: { make: null, msPerPredictor: 0, firstMsPerPredictor: 0, ran: 0 },
  'jax-webgpu': { make: null, msPerPredictor: 0, firstMsPerPredictor: 0, ran: 0 },
  'jax-wasm': { make: null, msPerPredictor: 0, firstMsPerPredictor: 0, ran: 0 },
});

/** The Dawn instance behind navigator.gpu (must stay referenced while the baselines use it). */
let baselineGpu: GPU | null = null;

async function provideNavigatorGpu(): Promise<void> {
  if (baselineGpu) return;
  const { create } = await import('webgpu');
  baselineGpu = create([]);
  const g = globalThis as { navigator?: object };
  if (g.navigator) Object.defineProperty(g.navigator, 'gpu', { value: baselineGpu, configurable: true });
  else
    Object.defineProperty(globalThis, 'navigator', {
      value: { gpu: baselineGpu, userAgent: `Node.js/${process.version}`, hardwareConcurrency: 1 },
      configurable: true,
      writable: true,
    });
}

async function startBaseline(kind: BaselineKind): Promise<(init: ModelInit) => BaselineModel> {
  await provideNavigatorGpu();
  if (kind === 'tfjs') {
    const tf = await import('@tensorflow/tfjs');
    await import('@tensorflow/tfjs-backend-webgpu');
    if (!(await tf.setBackend('webgpu'))) throw new Error('tf.setBackend("webgpu") failed');
    await tf.ready();
    if (tf.getBackend() !== 'webgpu') throw new Error(`TF.js runs on ${tf.getBackend()}, not webgpu`);
    const { TfResNet } = await import('./tfjs-model');
    return (init) => new TfResNet(init);
  }
  const device = kind === 'jax-webgpu' ? 'webgpu' : 'wasm';
  const { initJax, JaxResNet } = await import('./jaxjs-model');
  if (!(await initJax(device))) throw new Error(`jax-js init('${device}') did not start that device`);
  return (init) => new JaxResNet(init, device);
}

function baselineEnabled(kind: BaselineKind, o: NodeOptions): string | null {
  if (kind === 'tfjs') return o.bench.tfjs ? null : '--no-tfjs';
  const d = kind === 'jax-webgpu' ? 'webgpu' : 'wasm';
  return (o.bench.jax ?? []).includes(d) ? null : `jax-js ${d} not in --jax-devices`;
}

function modelInit(c: Case): ModelInit {
  const cfg = benchConfig(c.point, c.scheme, 'exact');
  const spec = netSpec(cfg);
  const weights = initWeights(cfg, spec);
  const data = makeDataset(cfg);
  const idx = batchIndices(cfg, 0);
  const x = gatherRows(data.train.x, data.inputDim, idx);
  const y = gatherRows(data.train.y, data.outputDim, idx);
  return { spec, weights, x0: embed(spec, weights, x, idx.length), y, B: idx.length, train: cfg.train };
}

async function timeBaseline(
  kind: BaselineKind,
  c: Case,
  o: NodeOptions,
  state: CaseState,
): Promise<NodeMeasurement> {
  const off = baselineEnabled(kind, o);
  if (off) return { status: 'skipped', reason: off };
  const st = state.baselines[kind];
  if (st.make === null) {
    try {
      st.make = await startBaseline(kind);
    } catch (e) {
      st.make = errText(e);
      console.error(`${kind} does not run here: ${st.make}`);
    }
  }
  if (typeof st.make === 'string') return { status: 'error', reason: st.make };
  const size = kind === 'jax-wasm' ? workUnits(c) : c.point.N * (c.scheme === 'heun' ? 2 : 1);
  const max = o.tfjsMaxStepMs;
  const predicted = st.msPerPredictor * size;
  if (predicted > max)
    return { status: 'skipped', reason: `predicted ${fmtMs(predicted)} ms/step > ${max} ms` };
  const evals = c.point.N * (c.scheme === 'heun' ? 2 : 1);
  const predictedFirst = st.firstMsPerPredictor * evals;
  if (predictedFirst > 10 * max)
    return {
      status: 'skipped',
      reason: `its first step (tracing/compiling) predicted ${fmtMs(predictedFirst)} ms > ${10 * max} ms`,
    };
  const isJax = kind !== 'tfjs';
  let model: BaselineModel | null = null;
  try {
    const m = st.make(modelInit(c));
    model = m;
    const f0 = now();
    await m.steps(1); // compiles its pipelines (slow the first time: not a measure of a step)
    if (st.ran++ > 0) st.firstMsPerPredictor = (now() - f0) / evals;
    const t0 = now();
    await m.steps(1);
    const one = now() - t0;
    if (one > max) {
      st.msPerPredictor = one / size;
      return { status: 'skipped', reason: `its second step took ${fmtMs(one)} ms > ${max} ms` };
    }
    const [r] = await timeInterleaved(
      [{ run: async (k) => void (await m.steps(k)), lastLoss: () => m.steps(1) }],
      {
        warmup: 0,
        minTimeMs: o.bench.minTimeMs,
        minSteps: (isJax ? o.bench.jaxMinSteps : o.bench.tfjsMinSteps) ?? 1,
        reps: (isJax ? o.bench.jaxReps : o.bench.tfjsReps) ?? 2,
      },
    );
    if (r?.status === 'ok') st.msPerPredictor = r.msPerStep / size;
    return r ?? { status: 'error', reason: 'no measurement' };
  } catch (e) {
    return { status: 'error', reason: errText(e) };
  } finally {
    model?.dispose();
  }
}

async function timeCpu(c: Case, o: NodeOptions, state: CaseState): Promise<NodeMeasurement> {
  const { bench } = o;
  if (!bench.cpu) return { status: 'skipped', reason: '--no-cpu' };
  const predicted = state.cpuMsPerUnit * workUnits(c);
  if (predicted > bench.cpuMaxStepMs)
    return { status: 'skipped', reason: `predicted ${fmtMs(predicted)} ms/step > ${bench.cpuMaxStepMs} ms` };
  try {
    const t = new CpuTrainer(benchConfig(c.point, c.scheme, 'exact'));
    const t0 = now();
    t.trainStep(); // warm-up and first estimate
    const one = now() - t0;
    state.cpuMsPerUnit = one / workUnits(c);
    if (one > bench.cpuMaxStepMs)
      return { status: 'skipped', reason: `one step took ${fmtMs(one)} ms > ${bench.cpuMaxStepMs} ms` };
    const k = Math.max(1, Math.ceil(bench.minTimeMs / Math.max(one, 1e-3)));
    const samples: number[] = [];
    let lastLoss = Number.NaN;
    for (let r = 0; r < bench.cpuReps; r++) {
      const s0 = now();
      for (let i = 0; i < k; i++) lastLoss = t.trainStep().loss;
      samples.push((now() - s0) / k);
    }
    const ms = median(samples);
    state.cpuMsPerUnit = ms / workUnits(c);
    return { status: 'ok', msPerStep: ms, samples, stepsPerRep: k, lastLoss };
  } catch (e) {
    return { status: 'error', reason: errText(e) };
  }
}

async function runCase(
  device: GPUDevice,
  c: Case & { grid: string },
  o: NodeOptions,
  state: CaseState,
): Promise<NodeCaseResult> {
  const r: NodeCaseResult = {
    grid: c.grid,
    label: caseLabel(c),
    point: c.point,
    scheme: c.scheme,
    flopsPerStep: flopsPerStep(c.point, c.scheme),
    exact: { status: 'skipped', reason: 'not run' },
    adjoint: { status: 'skipped', reason: 'not run' },
    cpu: { status: 'skipped', reason: 'not run' },
    tfjs: { status: 'skipped', reason: 'not run' },
    activationBytes: {},
    totalBytes: {},
  };
  // the app's own size limits (e.g. residual weights per run) come first: such a point fits no engine
  try {
    benchConfig(c.point, c.scheme, 'exact');
  } catch (e) {
    const reason = `outside the app's config limits: ${e instanceof Error ? e.message.replace(/^invalid benchmark config:\s*/, '') : String(e)}`;
    return stubResult(c, 'does-not-fit', reason);
  }
  const modes: Mode[] = ['exact', 'adjoint'];
  const engines: (GpuEngine | null)[] = [];
  try {
    for (const mode of modes) {
      try {
        const e = await GpuEngine.create(device, benchConfig(c.point, c.scheme, mode), {
          ...(o.memoryBudget ? { memoryBudget: o.memoryBudget } : {}),
        });
        engines.push(e);
        r.activationBytes[mode] = e.memory.activationBytes;
        r.totalBytes[mode] = e.memory.totalBytes;
        // every numeric field of the memory report, whatever the engine adds (parameterBytes, chunk, …)
        const numeric = Object.entries(e.memory).filter(
          (kv): kv is [string, number] => typeof kv[1] === 'number',
        );
        r.memory = { ...r.memory, [mode]: Object.fromEntries(numeric) };
        if ('variant' in e) r.variant = String((e as { variant: unknown }).variant);
      } catch (err) {
        if (isDeviceLost(err)) throw err;
        engines.push(null);
        r[mode] = isLimitError(err)
          ? { status: 'does-not-fit', reason: err instanceof Error ? err.message : String(err) }
          : { status: 'error', reason: errText(err) };
      }
    }
    const subjects = engines.map((e): Subject | null =>
      e
        ? {
            run: async (k) => {
              e.trainSteps(k);
              await e.sync();
            },
            lastLoss: async () => {
              const ls = await e.readLosses();
              return ls.length ? ls[ls.length - 1].loss : Number.NaN;
            },
          }
        : null,
    );
    const ms = await timeInterleaved(subjects, {
      warmup: o.bench.warmupSteps,
      minTimeMs: o.bench.minTimeMs,
      minSteps: o.bench.minSteps,
      reps: o.bench.reps,
    });
    for (const [i, mode] of modes.entries()) {
      const m = ms[i];
      if (m) r[mode] = m;
    }
  } finally {
    for (const e of engines) e?.dispose();
  }
  r.tfjs = await timeBaseline('tfjs', c, o, state);
  r.jax = {
    webgpu: await timeBaseline('jax-webgpu', c, o, state),
    wasm: await timeBaseline('jax-wasm', c, o, state),
  };
  r.cpu = await timeCpu(c, o, state);
  return r;
}

// ---------------------------------------------------------------------------------------------------------
// the run

/** The result of a case that was not timed: both modes `status` for `reason`, the rest skipped. */
function stubResult(
  c: Case & { grid: string },
  status: 'skipped' | 'error' | 'does-not-fit',
  reason: string,
): NodeCaseResult {
  const skipped = { status: 'skipped' as const, reason };
  return {
    grid: c.grid,
    label: caseLabel(c),
    point: c.point,
    scheme: c.scheme,
    flopsPerStep: flopsPerStep(c.point, c.scheme),
    exact: { status, reason },
    adjoint: { status, reason },
    cpu: skipped,
    tfjs: skipped,
    jax: { webgpu: skipped, wasm: skipped },
    activationBytes: {},
    totalBytes: {},
  };
}

function save(dir: string, base: string, run: NodeRun): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(resolve(dir, `${base}.json`), `${JSON.stringify(run, null, 2)}\n`);
  writeFileSync(resolve(dir, `${base}.md`), markdownReport(run));
}

function showMeasurement(m: NodeMeasurement): string {
  if (m.status === 'ok')
    return `${fmtMs(m.msPerStep)} ms (${m.samples.length}×${m.stepsPerRep}, loss ${m.lastLoss.toPrecision(4)})`;
  return `${m.status === 'does-not-fit' ? 'does not fit' : m.status}: ${oneLine(m.reason)}`;
}

/** The Node bench; argv without the script (a `--node` in it is ignored). Returns the exit code. */
/** The --fmnist-epoch rows: one epoch on WebGPU (exact, adjoint) and, with `cpu`, on the float64 engine. */
async function fmnistEpochRows(device: GPUDevice, adapterLabel: string, cpu: boolean): Promise<string[]> {
  const lines: string[] = [];
  const publicDir = resolve(import.meta.dirname ?? process.cwd(), '../../../public');
  for (const mode of ['exact', 'adjoint'] as const) {
    const c = fmnistEpochCase(EPOCH_DEFAULT, mode);
    await provisionFromDisk(c.config, existsSync(publicDir) ? publicDir : resolve(process.cwd(), 'public'));
    const engines: [string, () => Promise<Backend>][] = [
      ['WebGPU', () => GpuBackend.create(device, c.config, { adapterLabel })],
    ];
    if (cpu && mode === 'exact') engines.push(['CPU float64', async () => new CpuBackend(c.config)]);
    for (const [name, make] of engines) {
      let line: string;
      try {
        const b = await make();
        try {
          line = epochLine(c, name, await timeEpoch(b, c));
        } finally {
          b.dispose();
        }
      } catch (e) {
        line = epochLine(c, name, `failed: ${errText(e)}`);
      }
      console.log(line);
      lines.push(line);
    }
  }
  return lines;
}

export async function runNodeBench(argv: readonly string[]): Promise<number> {
  let o: NodeOptions;
  try {
    o = parseNodeArgs(argv);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    return 2;
  }
  if (o.help) {
    console.log(NODE_USAGE);
    return 0;
  }
  const t0 = Date.now();
  const outDir = resolve(o.outDir ?? resolve(process.cwd(), 'bench-results'));
  const base = `node-${stamp()}`;
  configureVulkanIcd();
  const run: NodeRun = {
    kind: 'node',
    startedAt: new Date(t0).toISOString(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    vulkanIcd: [
      process.env.VK_DRIVER_FILES && `VK_DRIVER_FILES=${process.env.VK_DRIVER_FILES}`,
      process.env.VK_ICD_FILENAMES && `VK_ICD_FILENAMES=${process.env.VK_ICD_FILENAMES}`,
    ]
      .filter(Boolean)
      .join(' '),
    adapter: null,
    options: o,
    roofline: [],
    results: [],
    baselines: BASELINES_NOTE,
    elapsedMs: 0,
    complete: false,
  };
  const finish = (error?: string) => {
    run.elapsedMs = Date.now() - t0;
    if (error) run.error = error;
    console.log(`\n${textReport(run)}`);
    save(outDir, base, run);
    console.log(
      `\ntotal ${(run.elapsedMs / 60000).toFixed(1)} min; wrote ${resolve(outDir, base)}.{json,md}`,
    );
  };
  let interrupted = false;
  /** The case being timed (recorded as interrupted if a signal ends the run). */
  let current: (Case & { grid: string }) | null = null;
  const onSignal = (sig: string) => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.error(`\n${sig}: writing what has finished`);
    if (current) run.results.push(stubResult(current, 'error', `${sig} while timing this point`));
    finish(`interrupted (${sig})`);
    process.exit(130);
  };
  process.once('SIGINT', () => onSignal('SIGINT'));
  process.once('SIGTERM', () => onSignal('SIGTERM'));

  let exit = 0;
  try {
    const acquired = await acquireNodeDevice();
    const { info } = acquired;
    let { device } = acquired;
    let losses = 0;
    const adapter: AdapterSummary = {
      text: describeAdapter(info),
      vendor: info.vendor,
      architecture: info.architecture,
      device: info.device,
      description: info.description,
      isFallbackAdapter: info.isFallbackAdapter,
      limits: { ...info.limits },
      features: [...info.features],
    };
    run.adapter = adapter;
    const watch = (d: GPUDevice) =>
      d.addEventListener('uncapturederror', (ev) =>
        console.error(`[uncaptured GPU error] ${(ev as GPUUncapturedErrorEvent).error.message}`),
      );
    watch(device);
    console.log(`adapter: ${adapter.text}; ${run.vulkanIcd || 'Vulkan loader default ICDs'}`);
    for (const n of o.matmulN) {
      try {
        const rf = await roofline(device, n, o.bench.minTimeMs);
        run.roofline.push(rf);
        console.log(
          `roofline: matmul ${n}³ f32: ${fmtMs(rf.msPerMatmul)} ms, ${rf.gflops.toFixed(1)} GFLOP/s`,
        );
      } catch (e) {
        if (isDeviceLost(e)) throw e;
        console.error(`roofline ${n}³ failed: ${errText(e)}`);
      }
    }
    if (o.fmnistEpoch) {
      run.epochs = await fmnistEpochRows(device, adapter.text, o.bench.cpu);
      run.complete = true;
      finish();
      await releaseNodeDevice();
      return 0;
    }
    const all = nodeCases(o.grids);
    console.log(
      `grids: ${o.grids.map((g) => `${g.name} (N ${g.grid.N.join(',')}; B ${g.grid.B.join(',')}; d ${g.grid.d.join(',')}; M ${g.grid.M.join(',')}; ${g.grid.schemes.join('+')})`).join(', ')}: ${all.length} cases`,
    );
    const state: CaseState = { cpuMsPerUnit: 0, baselines: baselineState() };
    for (const [i, c] of all.entries()) {
      const elapsedS = (Date.now() - t0) / 1000;
      if (o.deadlineS > 0 && elapsedS > o.deadlineS) {
        run.results.push(stubResult(c, 'skipped', `deadline (${o.deadlineS} s) passed`));
        continue;
      }
      current = c;
      console.log(`[${i + 1}/${all.length}] ${caseLabel(c)} (${c.grid} grid, ${elapsedS.toFixed(0)} s)`);
      let r: NodeCaseResult;
      try {
        r = await runCase(device, c, o, state);
      } catch (e) {
        // a lost device (out of memory, driver reset): record the case, get a new device, go on (3 times at most)
        if (!isDeviceLost(e) || ++losses > 3) throw e;
        const reason = `device lost: ${errText(e)}`;
        console.error(`  ${reason}; acquiring a new device`);
        r = stubResult(c, 'error', reason);
        await releaseNodeDevice();
        device = (await acquireNodeDevice()).device;
        watch(device);
      }
      current = null;
      run.results.push(r);
      const show = (m: NodeMeasurement | undefined) => (m ? showMeasurement(m) : '–');
      console.log(
        `  exact ${show(r.exact)}; adjoint ${show(r.adjoint)}; cpu ${show(r.cpu)}\n  tfjs ${show(r.tfjs)}; jax-js webgpu ${show(r.jax?.webgpu)}; jax-js wasm ${show(r.jax?.wasm)}`,
      );
      for (const k of BASELINE_KINDS) {
        const m = state.baselines[k].make;
        if (typeof m === 'string' && !run.baselines.includes(`${k}: not run`))
          run.baselines += `; ${k}: not run under Node (${m})`;
      }
      save(outDir, base, run);
    }
    run.complete = true;
  } catch (e) {
    console.error(`\nABORTED: ${errText(e)}`);
    run.error = errText(e);
    exit = 1;
  }
  finish();
  await releaseNodeDevice();
  return exit;
}
