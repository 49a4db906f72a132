// The benchmark grid and its command-line options. Pure: shared by the Node runner and the bench page.
//
// Every point is an MLP residual f(h) = V tanh(c·W h + b) with bias, depth N, batch B, state dimension d and
// hidden width M, trained with Adam on a fixed batch (nTrain = B) of the 'gaussian' regression data set.

export type Scheme = 'euler' | 'heun';
export type Mode = 'exact' | 'adjoint';
export const SCHEMES: readonly Scheme[] = ['euler', 'heun'];
export const MODES: readonly Mode[] = ['exact', 'adjoint'];
/** jax-js devices the bench runs the jax-js baseline on: its WebGPU backend, and its wasm (CPU) backend. */
export type JaxDevice = 'webgpu' | 'wasm';
export const JAX_DEVICES: readonly JaxDevice[] = ['webgpu', 'wasm'];

export interface GridPoint {
  N: number;
  B: number;
  d: number;
  M: number;
}

export interface Grid {
  N: number[];
  B: number[];
  d: number[];
  M: number[];
  schemes: Scheme[];
}

export const FULL_GRID: Grid = {
  N: [16, 64, 256],
  B: [32, 256],
  d: [2, 16],
  M: [16, 64],
  schemes: ['euler', 'heun'],
};

export const QUICK_GRID: Grid = {
  N: [16, 64],
  B: [32],
  d: [2],
  M: [16],
  schemes: ['euler', 'heun'],
};

/** Options of one benchmark run (what the runner passes to the page's runBench). */
export interface BenchOptions {
  grid: Grid;
  /** Untimed steps before measuring. */
  warmupSteps: number;
  /** Each timed block runs at least this long (ms)... */
  minTimeMs: number;
  /** ...and at least this many steps (GPU engines). */
  minSteps: number;
  /** Timed blocks per measurement; ms/step is their median. */
  reps: number;
  /** TF.js only (it is 100× slower here): timed blocks and minimum steps per block; default: reps, minSteps. */
  tfjsReps?: number;
  tfjsMinSteps?: number;
  /** Skip TF.js where one step is predicted (from its last ms per layer, per scheme) to take longer (ms). */
  tfjsMaxStepMs: number;
  /** TF.js environment flags set before its backend starts (investigation; default: none, as a user gets). */
  tfjsFlags?: Record<string, number | boolean>;
  /** Timed blocks for the float64 CPU reference (slow: fewer). */
  cpuReps: number;
  /** Skip the CPU reference where one step is predicted or measured to take longer than this (ms). */
  cpuMaxStepMs: number;
  /** jax-js (bench/jaxjs-model.ts) only: timed blocks and minimum steps per block; default: reps, minSteps. */
  jaxReps?: number;
  jaxMinSteps?: number;
  tfjs: boolean;
  /** The jax-js baseline, on these of its devices (empty: left out). */
  jax: JaxDevice[];
  /** The float64 CPU reference (slow; --no-cpu leaves it out). */
  cpu: boolean;
  /** Our float32 WASM SIMD engine, one of the app's engines (--no-wasm leaves it out; --no-cpu does not). */
  wasm: boolean;
  /** Also time forward-only passes (ours: evaluate(); TF.js: the loss without gradients). */
  breakdown: boolean;
}

export const DEFAULT_OPTIONS: BenchOptions = {
  grid: FULL_GRID,
  warmupSteps: 2,
  minTimeMs: 500,
  minSteps: 3,
  reps: 3,
  cpuReps: 2,
  cpuMaxStepMs: 20_000,
  tfjsMaxStepMs: Number.POSITIVE_INFINITY,
  tfjs: true,
  jax: [...JAX_DEVICES],
  cpu: true,
  wasm: true,
  breakdown: false,
};

/** The points of the one-off check that TF.js, jax-js, our engine and the CPU reference compute the same losses. */
export const CHECK_POINTS: GridPoint[] = [
  { N: 16, B: 32, d: 2, M: 16 },
  { N: 16, B: 32, d: 16, M: 64 },
];
/** Losses compared in the check: before step 1 (initial weights), and after 1, 2 and 3 Adam steps. */
export const CHECK_STEPS = 4;
export const CHECK_TOLERANCE = 1e-3;

export interface Case {
  point: GridPoint;
  scheme: Scheme;
}

/** A rough cost of one training step (multiply-adds of the residual evaluations), to order and estimate. */
export function workUnits(c: Case): number {
  const { N, B, d, M } = c.point;
  return N * B * (2 * d * M + M) * (c.scheme === 'heun' ? 2 : 1);
}

/** All cases of a grid, cheapest first (so early points give time estimates for later ones). */
export function cases(grid: Grid): Case[] {
  const out: Case[] = [];
  for (const B of grid.B)
    for (const d of grid.d)
      for (const M of grid.M)
        for (const N of grid.N)
          for (const scheme of grid.schemes) out.push({ point: { N, B, d, M }, scheme });
  return out.sort((a, b) => workUnits(a) - workUnits(b));
}

export function caseLabel(c: Case): string {
  const { N, B, d, M } = c.point;
  return `${c.scheme} N=${N} B=${B} d=${d} M=${M}`;
}

const USAGE = `usage: npm run bench -- [options]
  --quick               small grid: N ∈ {16, 64}, B = 32, d = 2, M = 16, Euler and Heun
  --N 16,64,256         override the depths (likewise --B, --d, --M)
  --schemes euler,heun  schemes to run
  --reps 3              timed blocks per measurement (median)
  --tfjs-reps N         timed blocks for TF.js only (default: --reps)
  --tfjs-min-steps N    minimum steps per TF.js block (default 3)
  --tfjs-max MS          skip TF.js where a step is predicted to take longer (it is dispatch-bound here:
                        ms ∝ N; default: never skip)
  --tfjs-flag NAME=V    set a TF.js flag, e.g. WEBGPU_CPU_FORWARD=false (repeatable; default: none)
  --jax-reps N          timed blocks for jax-js only (default: --reps)
  --jax-min-steps N     minimum steps per jax-js block (default 3)
  --jax-devices LIST    jax-js devices: webgpu,wasm (default both)
  --cpu-reps 2          timed blocks for the CPU reference
  --min-time 500        minimum ms per timed block
  --cpu-max 20000       skip the CPU reference where a step takes longer (ms)
  --no-tfjs, --no-jax, --no-cpu   leave out a baseline (--no-cpu: the float64 reference only)
  --no-wasm             leave out our float32 WASM engine
  --breakdown           also time forward-only passes
  --quiet-below 0.5     before each round of timed blocks, wait until other processes use < this many cores…
  --max-wait 30         …but at most this many seconds each time (after 3 such timeouts: no waiting for 10 min)
  --no-wait             never wait
  --headed              show the browser window
  --help
npm run bench -- --report bench-results/A.json [B.json …]   re-print saved runs (several: merged)`;

export interface CliOptions {
  bench: BenchOptions;
  quick: boolean;
  headed: boolean;
  help: boolean;
  /** Wait before timed blocks while other processes use ≥ this many cores (Infinity: never wait)… */
  quietBelow: number;
  /** …at most this long per block (ms). */
  maxWaitMs: number;
}

function intList(flag: string, v: string | undefined): number[] {
  const xs = (v ?? '').split(',').map((s) => Number(s.trim()));
  if (xs.length === 0 || xs.some((x) => !Number.isInteger(x) || x <= 0))
    throw new Error(`${flag} needs a comma-separated list of positive integers (got ${JSON.stringify(v)})`);
  return xs;
}

function positive(flag: string, v: string | undefined): number {
  const x = Number(v);
  if (!Number.isFinite(x) || x <= 0)
    throw new Error(`${flag} needs a positive number (got ${JSON.stringify(v)})`);
  return x;
}

/** Parse the runner's arguments (after `--`). Throws with a message naming the bad flag. */
export function parseArgs(argv: readonly string[]): CliOptions {
  const quick = argv.includes('--quick');
  const bench: BenchOptions = { ...DEFAULT_OPTIONS, grid: { ...(quick ? QUICK_GRID : FULL_GRID) } };
  let headed = false;
  let help = false;
  let quietBelow = 0.5;
  let maxWaitMs = 30_000;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    switch (a) {
      case '--quick':
        break;
      case '--N':
      case '--B':
      case '--d':
      case '--M':
        bench.grid[a.slice(2) as 'N' | 'B' | 'd' | 'M'] = intList(a, next());
        break;
      case '--schemes': {
        const v = next() ?? '';
        const s = v.split(',').map((x) => x.trim());
        if (!s.every((x): x is Scheme => x === 'euler' || x === 'heun'))
          throw new Error(`--schemes takes euler and/or heun (got ${JSON.stringify(v)})`);
        bench.grid.schemes = s;
        break;
      }
      case '--reps':
        bench.reps = Math.round(positive(a, next()));
        break;
      case '--tfjs-reps':
        bench.tfjsReps = Math.round(positive(a, next()));
        break;
      case '--tfjs-min-steps':
        bench.tfjsMinSteps = Math.round(positive(a, next()));
        break;
      case '--tfjs-max':
        bench.tfjsMaxStepMs = positive(a, next());
        break;
      case '--tfjs-flag': {
        const v = next() ?? '';
        const m = /^([A-Z0-9_]+)=(true|false|-?[0-9.e]+)$/.exec(v);
        if (!m) throw new Error(`--tfjs-flag takes NAME=true|false|number (got ${JSON.stringify(v)})`);
        bench.tfjsFlags = {
          ...bench.tfjsFlags,
          [m[1]]: m[2] === 'true' ? true : m[2] === 'false' ? false : Number(m[2]),
        };
        break;
      }
      case '--jax-reps':
        bench.jaxReps = Math.round(positive(a, next()));
        break;
      case '--jax-min-steps':
        bench.jaxMinSteps = Math.round(positive(a, next()));
        break;
      case '--jax-devices': {
        const v = next() ?? '';
        const s = [...new Set(v.split(',').map((x) => x.trim()))];
        if (!s.every((x): x is JaxDevice => x === 'webgpu' || x === 'wasm'))
          throw new Error(`--jax-devices takes webgpu and/or wasm (got ${JSON.stringify(v)})`);
        bench.jax = s;
        break;
      }
      case '--no-jax':
        bench.jax = [];
        break;
      case '--cpu-reps':
        bench.cpuReps = Math.round(positive(a, next()));
        break;
      case '--min-time':
        bench.minTimeMs = positive(a, next());
        break;
      case '--cpu-max':
        bench.cpuMaxStepMs = positive(a, next());
        break;
      case '--no-tfjs':
        bench.tfjs = false;
        break;
      case '--no-cpu':
        bench.cpu = false;
        break;
      case '--no-wasm':
        bench.wasm = false;
        break;
      case '--breakdown':
        bench.breakdown = true;
        break;
      case '--quiet-below':
        quietBelow = positive(a, next());
        break;
      case '--max-wait':
        maxWaitMs = positive(a, next()) * 1000;
        break;
      case '--no-wait':
        quietBelow = Number.POSITIVE_INFINITY;
        break;
      case '--headed':
        headed = true;
        break;
      case '--help':
      case '-h':
        help = true;
        break;
      default:
        throw new Error(`unknown option ${JSON.stringify(a)}\n${USAGE}`);
    }
  }
  return { bench, quick, headed, help, quietBelow, maxWaitMs };
}

export { USAGE };
