// The Node + Dawn bench (bench/node.ts): its own options, the flop model, the table and the files. Pure: no GPU,
// no file system (unit-tested in node-report.test.ts).
import {
  type BenchOptions,
  type Case,
  caseLabel,
  cases,
  FULL_GRID,
  type Grid,
  type GridPoint,
  parseArgs,
  QUICK_GRID,
  type Scheme,
} from './grid';

/** The sizes a GPU is built for (`--gpu-grid`): N ∈ {16…1024}, B ∈ {256, 1024}, d ∈ {16, 64}, M ∈ {64, 256}. */
export const GPU_GRID: Grid = {
  N: [16, 64, 256, 1024],
  B: [256, 1024],
  d: [16, 64],
  M: [64, 256],
  schemes: ['euler', 'heun'],
};

/** What the Node bench says about the JS baselines of the browser bench. */
export const BASELINES_NOTE =
  'baselines: TF.js (tfjs-model.ts, WebGPU backend) and jax-js (jaxjs-model.ts, webgpu and wasm devices) on the same Dawn adapter (navigator.gpu from the webgpu package; their own devices), timed after ours';

export interface NodeOptions {
  bench: BenchOptions;
  /** Grids to run, in this order (cases of a later grid already in an earlier one are not repeated). */
  grids: { name: string; grid: Grid }[];
  /** Matrix sizes of the f32 matmul roofline (empty: none). */
  matmulN: number[];
  /** Engine memory budget (bytes); undefined: the engine's default. */
  memoryBudget?: number;
  /** Stop starting new cases after this many seconds (the rest are reported as skipped). */
  deadlineS: number;
  /** Where to write node-<stamp>.{json,md} (default: bench-results/ under the working directory). */
  outDir?: string;
  /** Skip TF.js where its first step (or a prediction from earlier cases) takes longer than this (ms). */
  tfjsMaxStepMs: number;
  /** Time one epoch of Fashion-MNIST (bench/epoch.ts) instead of the grids. */
  fmnistEpoch: boolean;
  help: boolean;
}

export const NODE_USAGE = `usage: npm run bench -- --node [options]      (the kit: node bench.mjs [options])
Times the engine under Node + Dawn (the \`webgpu\` package) on whatever Vulkan adapter it finds.
  --gpu-grid            the sizes a GPU is built for: N ∈ {16, 64, 256, 1024}, B ∈ {256, 1024}, d ∈ {16, 64},
                        M ∈ {64, 256}, Euler and Heun (points over the device limits: "does not fit")
  --full-grid           also (or, alone, only) the browser bench's full grid; default without --gpu-grid
  --quick, --N, --B, --d, --M, --schemes, --reps, --min-time, --cpu-reps, --cpu-max, --no-cpu, --no-tfjs,
  --tfjs-reps, --tfjs-min-steps: as the browser bench (--N etc. override the first grid's values; defaults
                        here: --min-time 200, --cpu-max 1000, --tfjs-reps 2, --tfjs-min-steps 1)
  --jax-devices webgpu,wasm, --no-jax, --jax-reps, --jax-min-steps: as the browser bench (defaults here:
                        --jax-reps 2, --jax-min-steps 1)
  --tfjs-max 2000       skip TF.js and jax-js where a step takes (or is predicted to take) longer (ms)
  --matmul-n 1024       sizes of the f32 WGSL matmul roofline, comma-separated multiples of 64 (0: none;
                        default 1024, 256 with --quick)
  --memory-gib 1        engine memory budget in GiB (default: the engine's own, 1 GiB)
  --deadline 0          start no new case after this many seconds (0: no limit); the rest: "skipped"
  --out DIR             write node-<timestamp>.{json,md} there (default bench-results/)
  --fmnist-epoch        only time one epoch of Fashion-MNIST 14×14 (10,000 images, N = 16, d = M = 32, B = 64):
                        WebGPU exact and adjoint, and the float64 CPU engine unless --no-cpu (bench/epoch.ts)
  --help`;

/** Node defaults that differ from the browser bench's (a GPU needs shorter blocks; the CPU reference is slow). */
const NODE_DEFAULTS = { minTimeMs: 200, cpuMaxStepMs: 1000 };

function numberList(flag: string, v: string | undefined): number[] {
  const xs = (v ?? '').split(',').map((s) => Number(s.trim()));
  if (xs.length === 0 || xs.some((x) => !Number.isInteger(x) || x < 0))
    throw new Error(`${flag} needs a comma-separated list of integers ≥ 0 (got ${JSON.stringify(v)})`);
  return xs;
}

function positiveNumber(flag: string, v: string | undefined): number {
  const x = Number(v);
  if (v === undefined || !Number.isFinite(x) || x < 0)
    throw new Error(`${flag} needs a number ≥ 0 (got ${JSON.stringify(v)})`);
  return x;
}

/**
 * Parse the Node bench's arguments: its own flags are taken out, the rest goes to the browser bench's
 * parseArgs (grid and timing flags; browser-only flags are accepted and ignored). `--node` itself is ignored.
 */
export function parseNodeArgs(argv: readonly string[]): NodeOptions {
  const rest: string[] = [];
  let gpuGrid = false;
  let fullGrid = false;
  let matmulN: number[] | undefined;
  let memoryBudget: number | undefined;
  let deadlineS = 0;
  let outDir: string | undefined;
  let tfjsMaxStepMs = 2000;
  let fmnistEpoch = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case '--node':
        break;
      case '--gpu-grid':
        gpuGrid = true;
        break;
      case '--fmnist-epoch':
        fmnistEpoch = true;
        break;
      case '--full-grid':
        fullGrid = true;
        break;
      case '--matmul-n': {
        const ns = numberList(a, argv[++i]).filter((n) => n > 0);
        const bad = ns.find((n) => n % 64 !== 0);
        if (bad !== undefined) throw new Error(`--matmul-n sizes must be multiples of 64 (got ${bad})`);
        matmulN = ns;
        break;
      }
      case '--memory-gib': {
        const g = positiveNumber(a, argv[++i]);
        memoryBudget = g > 0 ? Math.round(g * 1024 ** 3) : undefined;
        break;
      }
      case '--deadline':
        deadlineS = positiveNumber(a, argv[++i]);
        break;
      case '--tfjs-max':
        tfjsMaxStepMs = positiveNumber(a, argv[++i]);
        break;
      case '--out': {
        const v = argv[++i];
        if (!v) throw new Error('--out needs a directory');
        outDir = v;
        break;
      }
      default:
        rest.push(a);
    }
  }
  const cli = parseArgs(rest);
  const given = (flag: string) => rest.includes(flag);
  const bench: BenchOptions = {
    ...cli.bench,
    tfjsReps: cli.bench.tfjsReps ?? 2,
    tfjsMinSteps: cli.bench.tfjsMinSteps ?? 1,
    jaxReps: cli.bench.jaxReps ?? 2,
    jaxMinSteps: cli.bench.jaxMinSteps ?? 1,
    minTimeMs: given('--min-time') ? cli.bench.minTimeMs : NODE_DEFAULTS.minTimeMs,
    cpuMaxStepMs: given('--cpu-max') ? cli.bench.cpuMaxStepMs : NODE_DEFAULTS.cpuMaxStepMs,
  };
  // --N/--B/--d/--M/--schemes override the first grid; the others keep their own values
  const override = (g: Grid): Grid => {
    const out: Grid = { ...g };
    for (const k of ['N', 'B', 'd', 'M'] as const) if (given(`--${k}`)) out[k] = cli.bench.grid[k];
    if (given('--schemes')) out.schemes = cli.bench.grid.schemes;
    return out;
  };
  const grids: { name: string; grid: Grid }[] = [];
  if (gpuGrid) grids.push({ name: 'gpu', grid: override(GPU_GRID) });
  if (fullGrid || !gpuGrid) {
    const name = cli.quick ? 'quick' : 'full';
    const base = cli.quick ? QUICK_GRID : FULL_GRID;
    grids.push({ name, grid: grids.length ? base : override(base) });
  }
  bench.grid = grids[0].grid;
  // SwiftShader needs ~40 s for one 1024³ product: --quick checks the kernel on 256³
  return {
    bench,
    grids,
    matmulN: matmulN ?? [cli.quick ? 256 : 1024],
    memoryBudget,
    deadlineS,
    outDir,
    tfjsMaxStepMs,
    fmnistEpoch,
    help: cli.help,
  };
}

/** The cases of several grids: each grid cheapest first, then the next; a case already listed is not repeated. */
export function nodeCases(grids: readonly { name: string; grid: Grid }[]): (Case & { grid: string })[] {
  const seen = new Set<string>();
  const out: (Case & { grid: string })[] = [];
  for (const g of grids)
    for (const c of cases(g.grid)) {
      const key = caseLabel(c);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ ...c, grid: g.name });
    }
  return out;
}

/** Evaluations of the residual f per layer step. */
export function evaluationsPerStep(scheme: Scheme): number {
  return scheme === 'heun' ? 2 : 1;
}

/**
 * Floating-point operations of one training step, by the bench's rough model: a forward pass is N steps of
 * `evaluationsPerStep` evaluations of f(h) = V tanh(W h + b) on B samples, 2·B·(2·d·M + M) flops each (the
 * two matrix products and the bias/activation), and a training step (forward + backward) ≈ 3 forward passes.
 */
export function flopsPerStep(p: GridPoint, scheme: Scheme): number {
  const { N, B, d, M } = p;
  return 3 * N * evaluationsPerStep(scheme) * 2 * B * (2 * d * M + M);
}

/** GFLOP/s at a measured ms per step. */
export function gflops(flops: number, msPerStep: number): number {
  return flops / (msPerStep * 1e6);
}

/** A matmul C = A·B of n×n matrices: 2n³ flops. */
export function matmulFlops(n: number): number {
  return 2 * n ** 3;
}

export type NodeMeasurement =
  | {
      status: 'ok';
      /** Median over the timed blocks of (block wall time / steps in the block). */
      msPerStep: number;
      samples: number[];
      stepsPerRep: number;
      /** Loss of the last timed step (sanity: finite). */
      lastLoss: number;
    }
  | { status: 'skipped' | 'error' | 'does-not-fit'; reason: string };

export interface NodeCaseResult {
  grid: string;
  label: string;
  point: GridPoint;
  scheme: Scheme;
  flopsPerStep: number;
  /** The engine's kernel variant, when it exposes one. */
  variant?: string;
  exact: NodeMeasurement;
  adjoint: NodeMeasurement;
  /** The float64 CPU reference (exact gradients). */
  cpu: NodeMeasurement;
  /** TF.js (WebGPU backend) on the same adapter; absent in runs before it was added. */
  tfjs?: NodeMeasurement;
  /** jax-js on its webgpu (same adapter) and wasm devices. */
  jax?: { webgpu?: NodeMeasurement; wasm?: NodeMeasurement };
  activationBytes: { exact?: number; adjoint?: number };
  totalBytes: { exact?: number; adjoint?: number };
  /** The numeric fields of engine.memory per mode (activationBytes, parameterBytes, totalBytes, chunk, …). */
  memory?: { exact?: Record<string, number>; adjoint?: Record<string, number> };
}

export interface RooflineResult {
  n: number;
  msPerMatmul: number;
  gflops: number;
  /** Largest relative error of sampled entries against a float64 product (the kernel is checked). */
  maxRelErr: number;
}

export interface AdapterSummary {
  /** One line: vendor / architecture — description (as the app shows it). */
  text: string;
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallbackAdapter: boolean;
  limits: Record<string, number>;
  features: string[];
}

export interface NodeRun {
  kind: 'node';
  startedAt: string;
  node: string;
  platform: string;
  /** VK_ICD_FILENAMES / VK_DRIVER_FILES as the bench saw them. */
  vulkanIcd: string;
  adapter: AdapterSummary | null;
  options: NodeOptions;
  roofline: RooflineResult[];
  results: NodeCaseResult[];
  baselines: string;
  elapsedMs: number;
  complete: boolean;
  error?: string;
  /** With --fmnist-epoch: one line per engine and gradient mode (bench/epoch.ts). */
  epochs?: string[];
}

// ---------------------------------------------------------------------------------------------------------
// formatting

export function fmtMs(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '–';
  if (x < 1) return x.toFixed(3);
  if (x < 10) return x.toFixed(2);
  if (x < 100) return x.toFixed(1);
  return x.toFixed(0);
}

export function fmtBytes(b: number | undefined): string {
  if (b === undefined || !Number.isFinite(b)) return '–';
  if (b < 1024) return `${b} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = b / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0)} ${units[u]}`;
}

export function fmtGflops(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '–';
  if (x < 0.1) return x === 0 ? '0' : x.toPrecision(2);
  if (x < 10) return x.toFixed(2);
  if (x < 100) return x.toFixed(1);
  return x.toFixed(0);
}

/** The best GFLOP/s of the roofline runs (NaN without any). */
export function bestRoofline(r: readonly RooflineResult[]): number {
  return r.length ? Math.max(...r.map((x) => x.gflops)) : Number.NaN;
}

const msOf = (m: NodeMeasurement) => (m.status === 'ok' ? m.msPerStep : undefined);
const ratio = (x: number | undefined, ours: number | undefined) =>
  x !== undefined && ours !== undefined ? `${(x / ours).toFixed(1)}×` : '–';

function cell(m: NodeMeasurement): string {
  if (m.status === 'ok') return fmtMs(m.msPerStep);
  if (m.status === 'does-not-fit') return 'does not fit';
  return m.status;
}

export const TABLE_HEADER = [
  'point',
  'scheme',
  'variant',
  'exact ms',
  'adjoint ms',
  'adj/ex',
  'GFLOP/s ex/adj',
  'roofline GFLOP/s',
  '% roofline',
  'cpu ms',
  'tfjs ms',
  'jax-js ms webgpu/wasm',
  'tfjs/ours',
  'jax webgpu/ours',
  'act. bytes exact',
  'act. bytes adjoint',
];

/** Rows of the results table (strings), one per case. */
export function tableRows(results: readonly NodeCaseResult[], roofline: number): string[][] {
  return results.map((r) => {
    const { N, B, d, M } = r.point;
    const ex = msOf(r.exact);
    const adj = msOf(r.adjoint);
    const gEx = ex === undefined ? undefined : gflops(r.flopsPerStep, ex);
    const gAdj = adj === undefined ? undefined : gflops(r.flopsPerStep, adj);
    const tf = r.tfjs ? msOf(r.tfjs) : undefined;
    const jw = r.jax?.webgpu ? msOf(r.jax.webgpu) : undefined;
    const fastest = ex === undefined ? adj : adj === undefined ? ex : Math.min(ex, adj);
    const best = Math.max(gEx ?? Number.NEGATIVE_INFINITY, gAdj ?? Number.NEGATIVE_INFINITY);
    return [
      `N=${N} B=${B} d=${d} M=${M}`,
      r.scheme,
      r.variant ?? '–',
      cell(r.exact),
      cell(r.adjoint),
      ex !== undefined && adj !== undefined ? (adj / ex).toFixed(2) : '–',
      `${fmtGflops(gEx)} / ${fmtGflops(gAdj)}`,
      fmtGflops(roofline),
      Number.isFinite(best) && Number.isFinite(roofline) && roofline > 0
        ? `${((100 * best) / roofline).toFixed(1)}%`
        : '–',
      r.cpu.status === 'ok' ? fmtMs(r.cpu.msPerStep) : r.cpu.status,
      r.tfjs ? cell(r.tfjs) : '–',
      `${r.jax?.webgpu ? cell(r.jax.webgpu) : '–'} / ${r.jax?.wasm ? cell(r.jax.wasm) : '–'}`,
      ratio(tf, fastest),
      ratio(jw, fastest),
      fmtBytes(r.activationBytes.exact),
      fmtBytes(r.activationBytes.adjoint),
    ];
  });
}

/** Space-aligned text table. */
export function alignTable(header: readonly string[], rows: readonly string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function markdownTable(header: readonly string[], rows: readonly string[][]): string {
  const esc = (c: string) => c.replace(/\|/g, '\\|');
  return [
    `| ${header.map(esc).join(' | ')} |`,
    `| ${header.map((_, i) => (i < 2 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

/** A message on one line (GPU validation errors span several; the JSON keeps them whole). */
export function oneLine(text: string, max = 300): string {
  const t = text.trim().replace(/\s*\n\s*/g, ' ⏎ ');
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** Cases that did not produce both timings, with why (does not fit, errors, skipped). */
export function problems(results: readonly NodeCaseResult[]): string[] {
  const out: string[] = [];
  for (const r of results)
    for (const [mode, m] of [
      ['exact', r.exact],
      ['adjoint', r.adjoint],
      ['cpu', r.cpu],
      ['tfjs', r.tfjs],
      ['jax-js webgpu', r.jax?.webgpu],
      ['jax-js wasm', r.jax?.wasm],
    ] as const) {
      if (!m || m.status === 'ok' || (mode !== 'exact' && mode !== 'adjoint' && m.status === 'skipped'))
        continue;
      out.push(
        `${r.label} ${mode}: ${m.status === 'does-not-fit' ? 'does not fit' : m.status}: ${oneLine(m.reason)}`,
      );
    }
  return out;
}

function headerLines(run: NodeRun): string[] {
  const a = run.adapter;
  const roof = run.roofline
    .map(
      (r) =>
        `${r.n}³: ${fmtGflops(r.gflops)} GFLOP/s (${fmtMs(r.msPerMatmul)} ms, max rel err ${r.maxRelErr.toExponential(1)})`,
    )
    .join('; ');
  return [
    `adapter: ${a ? a.text : 'none'}${a ? `; maxBufferSize ${fmtBytes(a.limits.maxBufferSize)}, maxStorageBufferBindingSize ${fmtBytes(a.limits.maxStorageBufferBindingSize)}` : ''}`,
    `node ${run.node} on ${run.platform}; Vulkan ICD: ${run.vulkanIcd || '(loader default)'}`,
    `roofline (f32 WGSL matmul, 64×64 tiles, 4×4 per thread): ${roof || 'not run'}`,
    `flops/step ≈ 3 × N · evals(f) · 2·B·(2·d·M + M) (Euler 1, Heun 2 evals per step); ms/step: median of ${run.options.bench.reps} blocks of trainSteps(R) + sync(), each ≥ ${run.options.bench.minTimeMs} ms`,
    `cpu: float64 CpuTrainer (exact), where a step takes ≤ ${run.options.bench.cpuMaxStepMs} ms`,
    run.baselines,
  ];
}

export function textReport(run: NodeRun): string {
  const roof = bestRoofline(run.roofline);
  const out = [...headerLines(run), '', alignTable(TABLE_HEADER, tableRows(run.results, roof))];
  const p = problems(run.results);
  if (p.length) out.push('', 'not timed:', ...p.map((x) => `  ${x}`));
  if (!run.complete) out.push('', `INCOMPLETE RUN: ${run.error ?? 'stopped early'}`);
  return out.join('\n');
}

export function markdownReport(run: NodeRun): string {
  const roof = bestRoofline(run.roofline);
  const out = [
    `# Node + Dawn bench, ${run.startedAt}`,
    '',
    ...headerLines(run).map((l) => `- ${l}`),
    '',
    markdownTable(TABLE_HEADER, tableRows(run.results, roof)),
  ];
  const p = problems(run.results);
  if (p.length) out.push('', 'Not timed:', '', ...p.map((x) => `- ${x}`));
  if (!run.complete) out.push('', `**Incomplete run:** ${run.error ?? 'stopped early'}`);
  return `${out.join('\n')}\n`;
}
