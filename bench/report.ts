// Result types of a benchmark run and pure functions over them: the table, ratios, log-log slopes of time vs
// depth and the verdict on the issue's targets. No DOM, no GPU, no Node: unit-tested in report.test.ts.
import { logLogFit } from '../src/core/fit';
import type { BenchOptions, GridPoint, JaxDevice, Mode, Scheme } from './grid';

export type Measurement =
  | {
      status: 'ok';
      /** Median over the timed blocks of (block wall time / steps in the block). */
      msPerStep: number;
      /** ms/step of every timed block. */
      samples: number[];
      stepsPerRep: number;
      /** Loss reported by the last timed step (sanity: finite, nothing diverged). */
      lastLoss: number;
      /**
       * CPU time the browser's processes used per step (median over the blocks, ms), measured by the runner
       * from /proc. On SwiftShader the "GPU" is the CPU, so this is the work done, whatever other processes on
       * the machine do to the wall time. Absent when the runner could not measure it.
       */
      cpuMsPerStep?: number;
      cpuSamples?: number[];
    }
  | { status: 'skipped'; reason: string }
  | { status: 'error'; reason: string };

export interface OursResult {
  time: Measurement;
  /** engine.memory.activationBytes: what the training step allocated for activations in this mode. */
  activationBytes: number;
  totalBytes: number;
  /** Layers per backward chunk (partial weight-gradient sums are kept for this many layers). */
  chunk: number;
  /** The kernel variant that ran (plan.ts VARIANT_TABLE; absent in runs saved before variants existed). */
  variant?: string;
  /** Forward-only (engine.evaluate() on the same batch), with --breakdown. */
  fwd?: Measurement;
}

export interface CaseResult {
  point: GridPoint;
  scheme: Scheme;
  ours: Record<Mode, OursResult>;
  tfjs: { time: Measurement; forwardBytes: number | null; fwd?: Measurement };
  /** The jax-js baseline on its WebGPU and wasm devices (absent in runs saved before it existed). */
  jax?: Record<JaxDevice, Measurement>;
  cpu: Record<Mode, Measurement>;
  /** Our float32 WASM SIMD CPU engine (absent in runs saved before it existed). */
  wasm?: Record<Mode, Measurement>;
  /** GFLOP/s of the best plain matmul on this adapter in this run (the roofline, see Roofline). */
  roofline?: number;
  /** CPU cores other processes used during this case (measured by the runner; this machine is shared). */
  otherCores?: number;
  /** Time the page waited before timed blocks for other processes to leave the CPU quiet. */
  waitedMs?: number;
}

export interface CheckResult {
  point: GridPoint;
  scheme: Scheme;
  /** Losses reported for steps 1..k (each before its update): our engine, TF.js, the float64 CPU reference. */
  ours: number[];
  oursAdjoint: number[];
  tfjs: number[];
  cpu: number[];
  cpuAdjoint: number[];
  /** max_t |tfjs − ours| / |ours| (exact mode): the check. */
  maxRelErr: number;
  /** max_t |ours − cpu| / |cpu|, exact and adjoint (float32 vs float64, same algorithm). */
  maxRelErrCpu: number;
  maxRelErrAdjointCpu: number;
  /** max_t |ours adjoint − ours exact| / |ours exact| (the adjoint's O(h^p) gradient error, for information). */
  adjointVsExact: number;
  tolerance: number;
  ok: boolean;
  /** Kernels TF.js launches for one step of this point. */
  tfjsKernels: number;
  /** jax-js's losses per device (absent: not run), and max_t |jax − ours| / |ours| (part of the check). */
  jax?: Partial<Record<JaxDevice, number[]>>;
  maxRelErrJax?: Partial<Record<JaxDevice, number>>;
}

/** One timed plain matmul of the roofline (bench/matmul.wgsl). */
export interface RooflineKernel {
  kernel: 'naive' | 'tiled' | 'blocked';
  /** C = A·B with n×n matrices. */
  n: number;
  /** Median ms per product. */
  ms: number;
  gflops: number;
}

/** Plain f32 matmuls timed once per run on the bench's adapter; `best` GFLOP/s is the roofline. */
export interface Roofline {
  kernels: RooflineKernel[];
  best: number;
}

export interface BenchRun {
  startedAt: string;
  adapter: string;
  userAgent: string;
  tfjsBackend: string;
  /** jax-js's version and devices (absent in runs saved before the jax-js baseline). */
  jaxBackend?: string;
  roofline?: Roofline;
  options: BenchOptions;
  checks: CheckResult[];
  results: CaseResult[];
  elapsedMs: number;
  /** False when the run stopped early (the results are those finished). */
  complete: boolean;
  error?: string;
  /** Mean CPU cores other processes used during the whole run (measured by the runner). */
  otherCores?: number;
  /** How the runner held the page back while other processes loaded the machine. */
  gate?: string;
}

// ---------------------------------------------------------------------------------------------------------
// numbers

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** wall: elapsed time per step (what a user waits); cpu: CPU time of the browser per step (see Measurement). */
export type Metric = 'wall' | 'cpu';

/** ms/step of a measurement, NaN when it was skipped or failed (or has no CPU time). */
export function msOf(m: Measurement | undefined, metric: Metric = 'wall'): number {
  if (m?.status !== 'ok') return Number.NaN;
  return metric === 'wall' ? m.msPerStep : (m.cpuMsPerStep ?? Number.NaN);
}

/** a / b, NaN unless both are finite and b > 0. */
export function ratio(a: number, b: number): number {
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : Number.NaN;
}

// ---------------------------------------------------------------------------------------------------------
// work: floating-point operations of one training step (nominal, for GFLOP/s)

/** Residual evaluations f(x, θ) per forward pass: N for Euler, 2N for Heun (two stages per step). */
export function residualEvals(N: number, scheme: Scheme): number {
  return N * (scheme === 'heun' ? 2 : 1);
}

/**
 * FLOPs of one forward pass: per residual evaluation f(x) = V tanh(c·W x + b) on a batch of B rows,
 * x·Wᵀ and z·Vᵀ are 2·B·d·M each (a multiply and an add per term) and the bias and tanh are ~2·B·M, so
 * 2·B·(2·d·M + M) per evaluation. The read-out (2·B·d·K) and the loss are left out (negligible beside N layers).
 */
export function forwardFlops(p: GridPoint, scheme: Scheme): number {
  return residualEvals(p.N, scheme) * 2 * p.B * (2 * p.d * p.M + p.M);
}

/**
 * FLOPs of one training step: the forward pass plus the backward pass, counted as 2× the forward (a matmul's
 * gradients are two matmuls of the same size), i.e. 3 × forwardFlops; Adam's O(parameters) update is left out.
 * The same nominal count serves both gradient modes: the adjoint's extra reverse reconstruction is not counted
 * as useful work, so its GFLOP/s is the exact step's work per unit of time.
 */
export function stepFlops(p: GridPoint, scheme: Scheme): number {
  return 3 * forwardFlops(p, scheme);
}

/** FLOPs of C = A·B with n×n matrices: 2n³. */
export function matmulFlops(n: number): number {
  return 2 * n * n * n;
}

/** GFLOP/s of `flops` done in `ms` milliseconds (NaN unless ms is finite and > 0). */
export function gflops(flops: number, ms: number): number {
  return ratio(flops, ms * 1e6);
}

export function fmtGflops(x: number): string {
  if (!Number.isFinite(x)) return '–';
  return x < 1 ? x.toFixed(3) : x < 100 ? x.toFixed(2) : x.toFixed(0);
}

export function fmtPercent(x: number): string {
  return Number.isFinite(x) ? `${(100 * x).toFixed(x < 0.1 ? 1 : 0)}%` : '–';
}

// ---------------------------------------------------------------------------------------------------------
// the baselines against our engines

/** ms/step of jax-js on a device (NaN when absent, skipped or failed). */
export function jaxMs(r: CaseResult, device: JaxDevice, metric: Metric = 'wall'): number {
  return msOf(r.jax?.[device], metric);
}

/**
 * The fastest of our engines in a mode (what the app's automatic choice trains on): the WebGPU engine ('gpu'),
 * the float32 WASM SIMD engine ('wasm') or the float64 CPU engine ('cpu').
 */
export function bestOurs(
  r: CaseResult,
  mode: Mode,
  metric: Metric = 'wall',
): { ms: number; engine: 'gpu' | 'cpu' | 'wasm' | null } {
  const all = [
    { ms: msOf(r.ours[mode].time, metric), engine: 'gpu' as const },
    { ms: msOf(r.wasm?.[mode], metric), engine: 'wasm' as const },
    { ms: msOf(r.cpu[mode], metric), engine: 'cpu' as const },
  ].filter((x) => Number.isFinite(x.ms));
  if (!all.length) return { ms: Number.NaN, engine: null };
  return all.reduce((a, b) => (b.ms < a.ms ? b : a));
}

/** jax-js wasm ms/step over the best of our engines in a mode (≥ 1/WASM_TARGET meets target a′). */
export function wasmOverBest(r: CaseResult, mode: Mode, metric: Metric = 'wall'): number {
  return ratio(jaxMs(r, 'wasm', metric), bestOurs(r, mode, metric).ms);
}

export function fmtMs(x: number): string {
  if (!Number.isFinite(x)) return '–';
  if (x < 10) return x.toFixed(2);
  if (x < 100) return x.toFixed(1);
  return x.toFixed(0);
}

export function fmtRatio(x: number): string {
  return Number.isFinite(x) ? `${x.toFixed(2)}×` : '–';
}

export function fmtBytes(b: number | null | undefined): string {
  if (b == null || !Number.isFinite(b)) return '–';
  if (b < 1024) return `${b} B`;
  if (b < 1024 * 1024) return `${(b / 1024).toFixed(1)} KiB`;
  return `${(b / (1024 * 1024)).toFixed(2)} MiB`;
}

function cell(m: Measurement | undefined, metric: Metric = 'wall'): string {
  if (!m) return '–';
  if (m.status === 'ok') return fmtMs(msOf(m, metric));
  return m.status === 'skipped' ? 'skipped' : 'error';
}

// ---------------------------------------------------------------------------------------------------------
// tables

const pointKey = (p: GridPoint) => `B=${p.B} d=${p.d} M=${p.M}`;

/** Results in table order: scheme, then B, d, M, then N. */
export function sortResults(results: readonly CaseResult[]): CaseResult[] {
  const order = (r: CaseResult) => [r.scheme === 'euler' ? 0 : 1, r.point.B, r.point.d, r.point.M, r.point.N];
  return [...results].sort((a, b) => {
    const x = order(a);
    const y = order(b);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] - y[i];
    return 0;
  });
}

function mdTable(header: string[], rows: string[][], rightAlignFrom = 0): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i >= rightAlignFrom ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
  const sep = `|${widths.map((w, i) => (i >= rightAlignFrom ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), sep, ...rows.map(line)].join('\n');
}

/** ms/step columns shared by the wall-time and the CPU-time tables. */
const TIME_HEADER = [
  'scheme',
  'N',
  'B',
  'd',
  'M',
  'ours exact',
  'ours adj',
  'adj/exact',
  'tfjs',
  'tfjs/exact',
  'tfjs/adj',
  'jax gpu',
  'jax/exact',
  'jax/adj',
  'jax wasm',
  'cpu exact',
  'cpu adj',
  'wasm32 exact',
  'wasm32 adj',
  'wasm/best ex',
  'wasm/best adj',
];

function timeCells(r: CaseResult, metric: Metric): string[] {
  const e = msOf(r.ours.exact.time, metric);
  const a = msOf(r.ours.adjoint.time, metric);
  const t = msOf(r.tfjs.time, metric);
  const j = jaxMs(r, 'webgpu', metric);
  const best = (mode: Mode) => {
    const x = wasmOverBest(r, mode, metric);
    return Number.isFinite(x) ? `${fmtRatio(x)} ${bestOurs(r, mode, metric).engine}` : '–';
  };
  return [
    r.scheme,
    String(r.point.N),
    String(r.point.B),
    String(r.point.d),
    String(r.point.M),
    cell(r.ours.exact.time, metric),
    cell(r.ours.adjoint.time, metric),
    fmtRatio(ratio(a, e)),
    cell(r.tfjs.time, metric),
    fmtRatio(ratio(t, e)),
    fmtRatio(ratio(t, a)),
    cell(r.jax?.webgpu, metric),
    fmtRatio(ratio(j, e)),
    fmtRatio(ratio(j, a)),
    cell(r.jax?.wasm, metric),
    cell(r.cpu.exact, metric),
    cell(r.cpu.adjoint, metric),
    r.wasm ? cell(r.wasm.exact, metric) : '–',
    r.wasm ? cell(r.wasm.adjoint, metric) : '–',
    best('exact'),
    best('adjoint'),
  ];
}

/**
 * The main table: wall ms/step of every engine; the ratios of the targets (baseline / ours: how many times
 * faster ours is; wasm/best: jax-js wasm over the faster of our WebGPU and CPU engines, with which one); GFLOP/s
 * of our step (stepFlops) and its share of the roofline; the activation memory.
 */
export function resultsTable(results: readonly CaseResult[]): string {
  const header = [
    ...TIME_HEADER,
    'GFLOP/s ex',
    'GFLOP/s adj',
    'ex/roofline',
    'act exact',
    'act adj',
    'tfjs fwd mem',
    'variant',
    'other load',
  ];
  const rows = sortResults(results).map((r) => {
    const flops = stepFlops(r.point, r.scheme);
    const ge = gflops(flops, msOf(r.ours.exact.time));
    return [
      ...timeCells(r, 'wall'),
      fmtGflops(ge),
      fmtGflops(gflops(flops, msOf(r.ours.adjoint.time))),
      fmtPercent(ratio(ge, r.roofline ?? Number.NaN)),
      fmtBytes(r.ours.exact.activationBytes),
      fmtBytes(r.ours.adjoint.activationBytes),
      fmtBytes(r.tfjs.forwardBytes),
      r.ours.exact.variant ?? '–',
      r.otherCores === undefined || !Number.isFinite(r.otherCores) ? '–' : r.otherCores.toFixed(2),
    ];
  });
  return mdTable(header, rows, 1);
}

/** The same comparison in CPU time of the browser per step (null when no measurement has it). */
export function cpuTimeTable(results: readonly CaseResult[]): string | null {
  if (!results.some((r) => Number.isFinite(msOf(r.ours.exact.time, 'cpu')))) return null;
  const rows = sortResults(results).map((r) => timeCells(r, 'cpu'));
  return mdTable(TIME_HEADER, rows, 1);
}

/** The roofline: GFLOP/s of the plain matmuls (null when the run has none). */
export function rooflineTable(roofline: Roofline | undefined): string | null {
  if (!roofline || roofline.kernels.length === 0) return null;
  const rows = roofline.kernels.map((k) => [
    k.kernel,
    `${k.n}×${k.n}×${k.n}`,
    fmtMs(k.ms),
    fmtGflops(k.gflops),
    k.gflops === roofline.best ? 'best' : '',
  ]);
  return mdTable(['matmul', 'size', 'ms', 'GFLOP/s', ''], rows, 2);
}

/** Forward-only vs full-step times (only for results measured with --breakdown). */
export function breakdownTable(results: readonly CaseResult[]): string | null {
  const rows = sortResults(results)
    .filter((r) => r.ours.exact.fwd || r.tfjs.fwd)
    .map((r) => {
      const of = msOf(r.ours.exact.fwd);
      const tf = msOf(r.tfjs.fwd);
      const e = msOf(r.ours.exact.time);
      const a = msOf(r.ours.adjoint.time);
      const t = msOf(r.tfjs.time);
      return [
        r.scheme,
        String(r.point.N),
        pointKey(r.point),
        fmtMs(of),
        fmtMs(e),
        fmtRatio(ratio(e, of)),
        fmtRatio(ratio(a, of)),
        fmtMs(tf),
        fmtMs(t),
        fmtRatio(ratio(t, tf)),
      ];
    });
  if (rows.length === 0) return null;
  return mdTable(
    [
      'scheme',
      'N',
      'point',
      'ours fwd',
      'ours exact step',
      'exact/fwd',
      'adj/fwd',
      'tfjs fwd',
      'tfjs step',
      'tfjs step/fwd',
    ],
    rows,
    1,
  );
}

export function checkTable(checks: readonly CheckResult[]): string {
  const f = (xs: number[] | undefined) => (xs?.length ? xs.map((x) => x.toPrecision(7)).join(', ') : '–');
  const e = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : x.toExponential(2));
  const rows = checks.map((c) => [
    c.scheme,
    `N=${c.point.N} ${pointKey(c.point)}`,
    f(c.ours),
    f(c.tfjs),
    f(c.jax?.webgpu),
    f(c.jax?.wasm),
    f(c.cpu),
    c.tfjs.length ? e(c.maxRelErr) : '–',
    e(c.maxRelErrJax?.webgpu),
    e(c.maxRelErrJax?.wasm),
    e(c.maxRelErrCpu),
    e(c.maxRelErrAdjointCpu),
    e(c.adjointVsExact),
    Number.isFinite(c.tfjsKernels) ? String(c.tfjsKernels) : '–',
    c.ok ? 'ok' : 'FAIL',
  ]);
  return mdTable(
    [
      'scheme',
      'point',
      'ours exact: loss at steps 1..4',
      'tfjs',
      'jax webgpu',
      'jax wasm',
      'cpu float64',
      'rel tfjs',
      'rel jax gpu',
      'rel jax wasm',
      'rel cpu',
      'adj: rel cpu adj',
      'adj vs exact',
      'tfjs kernels/step',
      '',
    ],
    rows,
  );
}

// ---------------------------------------------------------------------------------------------------------
// slopes and targets

export interface SlopeGroup {
  scheme: Scheme;
  mode: Mode;
  B: number;
  d: number;
  M: number;
  N: number[];
  ms: number[];
  slope: number;
  r2: number;
  /** Slope between the two largest depths (where fixed per-step costs matter least). */
  upperSlope: number;
  /** Least-squares fit ms = fixedMs + perLayerMs·N: a fixed per-step cost bends the log-log slope below 1 at small N. */
  fixedMs: number;
  perLayerMs: number;
  /** Marginal cost per layer between consecutive depths (ms): equal values mean time is affine in N. */
  marginalMs: number[];
}

/** Least-squares line y = a + b·x. */
export function affineFit(xs: readonly number[], ys: readonly number[]): { a: number; b: number } {
  const n = xs.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  const b = sxx > 0 ? sxy / sxx : Number.NaN;
  return { a: my - b * mx, b };
}

/** Log-log slope of our ms/step vs N at fixed (scheme, mode, B, d, M), for groups with ≥ 2 depths. */
export function slopeGroups(results: readonly CaseResult[], metric: Metric = 'wall'): SlopeGroup[] {
  const groups = new Map<string, { scheme: Scheme; mode: Mode; p: GridPoint; pts: [number, number][] }>();
  for (const r of results)
    for (const mode of ['exact', 'adjoint'] as const) {
      const ms = msOf(r.ours[mode].time, metric);
      if (!Number.isFinite(ms)) continue;
      const key = `${r.scheme} ${mode} ${pointKey(r.point)}`;
      let g = groups.get(key);
      if (!g) {
        g = { scheme: r.scheme, mode, p: r.point, pts: [] };
        groups.set(key, g);
      }
      g.pts.push([r.point.N, ms]);
    }
  const out: SlopeGroup[] = [];
  for (const g of groups.values()) {
    if (g.pts.length < 2) continue;
    g.pts.sort((a, b) => a[0] - b[0]);
    const N = g.pts.map((p) => p[0]);
    const ms = g.pts.map((p) => p[1]);
    const fit = logLogFit(N, ms);
    const k = N.length;
    const upper = logLogFit(N.slice(k - 2), ms.slice(k - 2));
    const line = affineFit(N, ms);
    out.push({
      scheme: g.scheme,
      mode: g.mode,
      B: g.p.B,
      d: g.p.d,
      M: g.p.M,
      N,
      ms,
      slope: fit.slope,
      r2: fit.r2,
      upperSlope: upper.slope,
      fixedMs: line.a,
      perLayerMs: line.b,
      marginalMs: N.slice(1).map((n, i) => (ms[i + 1] - ms[i]) / (n - N[i])),
    });
  }
  return out.sort(
    (a, b) =>
      a.scheme.localeCompare(b.scheme) || a.mode.localeCompare(b.mode) || a.B - b.B || a.d - b.d || a.M - b.M,
  );
}

export interface Target {
  id: 'a' | 'a′' | 'b' | 'c' | 'd';
  title: string;
  /** null: no data to judge. */
  met: boolean | null;
  summary: string;
  details: string[];
}

/** (a): ours (each mode) at least this many times faster than each GPU baseline at every point. */
export const SPEEDUP_TARGET = { jax: 2, tfjs: 10 } as const;
/** (a′): the best of our engines (WebGPU or CPU) at most this many times slower than jax-js on wasm. */
export const WASM_TARGET = 2;
/** (b): log-log slope of ms/step vs N at the points with batch B. */
export const SLOPE_TARGET = { value: 1, tol: 0.1, B: 256 };
/** (c): adjoint step ≤ this × the exact step. */
export const ADJOINT_TARGET = 1.5;
/** (d): at depth N the exact mode's activation memory is ≥ ratio × the adjoint's. */
export const MEMORY_TARGET = { N: 256, ratio: 10 };

function verdict(met: boolean | null): string {
  return met === null ? 'NO DATA' : met ? 'MET' : 'MISSED';
}

function targetA(results: readonly CaseResult[], metric: Metric): Target {
  const details: string[] = [];
  const baselines = [
    {
      name: 'tfjs',
      label: 'TF.js',
      min: SPEEDUP_TARGET.tfjs,
      ms: (r: CaseResult) => msOf(r.tfjs.time, metric),
    },
    {
      name: 'jax',
      label: 'jax-js webgpu',
      min: SPEEDUP_TARGET.jax,
      ms: (r: CaseResult) => jaxMs(r, 'webgpu', metric),
    },
  ];
  const summary: string[] = [];
  let all = 0;
  let pass = 0;
  for (const b of baselines) {
    let n = 0;
    let ok = 0;
    let worst = Number.POSITIVE_INFINITY;
    for (const scheme of ['euler', 'heun'] as const)
      for (const mode of ['exact', 'adjoint'] as const) {
        const rs = results
          .filter((r) => r.scheme === scheme)
          .map((r) => ({ r, x: ratio(b.ms(r), msOf(r.ours[mode].time, metric)) }))
          .filter((o) => Number.isFinite(o.x));
        if (rs.length === 0) continue;
        const k = rs.filter((o) => o.x >= b.min).length;
        const min = rs.reduce((m, o) => (o.x < m.x ? o : m));
        const max = rs.reduce((m, o) => (o.x > m.x ? o : m));
        n += rs.length;
        ok += k;
        worst = Math.min(worst, min.x);
        details.push(
          `${b.label} ${scheme} ${mode}: ${k}/${rs.length} points ≥ ${b.min}×; ${b.name}/ours from ${fmtRatio(min.x)} ` +
            `(N=${min.r.point.N} ${pointKey(min.r.point)}) to ${fmtRatio(max.x)} (N=${max.r.point.N} ${pointKey(max.r.point)})`,
        );
      }
    summary.push(
      n === 0 ? `${b.label}: no data` : `${b.label} ≥ ${b.min}×: ${ok}/${n}, worst ${fmtRatio(worst)}`,
    );
    all += n;
    pass += ok;
  }
  return {
    id: 'a',
    title:
      `≥ ${SPEEDUP_TARGET.jax}× faster than jax-js webgpu and ≥ ${SPEEDUP_TARGET.tfjs}× faster than TF.js ` +
      'at every grid point (both schemes and modes)',
    met: all === 0 ? null : pass === all,
    summary: summary.join('; '),
    details,
  };
}

function targetA2(results: readonly CaseResult[], metric: Metric): Target {
  const details: string[] = [];
  let all = 0;
  let pass = 0;
  let worst = Number.POSITIVE_INFINITY;
  for (const scheme of ['euler', 'heun'] as const)
    for (const mode of ['exact', 'adjoint'] as const) {
      const rs = results
        .filter((r) => r.scheme === scheme)
        .map((r) => ({ r, x: wasmOverBest(r, mode, metric), engine: bestOurs(r, mode, metric).engine }))
        .filter((o) => Number.isFinite(o.x));
      if (rs.length === 0) continue;
      const k = rs.filter((o) => o.x * WASM_TARGET >= 1).length;
      const min = rs.reduce((m, o) => (o.x < m.x ? o : m));
      const max = rs.reduce((m, o) => (o.x > m.x ? o : m));
      const gpu = rs.filter((o) => o.engine === 'gpu').length;
      all += rs.length;
      pass += k;
      worst = Math.min(worst, min.x);
      details.push(
        `${scheme} ${mode}: ${k}/${rs.length} points within ${WASM_TARGET}×; jax wasm/best ours from ${fmtRatio(min.x)} ` +
          `(N=${min.r.point.N} ${pointKey(min.r.point)}, ${min.engine}) to ${fmtRatio(max.x)}; ` +
          `best engine: WebGPU at ${gpu}, CPU at ${rs.length - gpu} points`,
      );
    }
  return {
    id: 'a′',
    title: `best of our engines (WebGPU or CPU) within ${WASM_TARGET}× of jax-js wasm at every grid point`,
    met: all === 0 ? null : pass === all,
    summary:
      all === 0
        ? 'no jax-js wasm measurements'
        : `${pass}/${all} (point, mode) pairs; worst jax wasm/best ours ${fmtRatio(worst)} (≥ ${fmtRatio(1 / WASM_TARGET)} needed)`,
    details,
  };
}

function targetB(results: readonly CaseResult[], metric: Metric): Target {
  const { value, tol, B } = SLOPE_TARGET;
  const groups = slopeGroups(results, metric).filter((g) => g.B === B);
  const inRange = (s: number) => Math.abs(s - value) <= tol;
  const ok = groups.filter((g) => inRange(g.slope)).length;
  const details = groups.map(
    (g) =>
      `${g.scheme} ${g.mode} B=${g.B} d=${g.d} M=${g.M}: slope ${g.slope.toFixed(3)} over N = ${g.N.join(', ')}` +
      (g.N.length > 2 ? ` (last two N: ${g.upperSlope.toFixed(3)})` : '') +
      ` — ms ${g.ms.map(fmtMs).join(' → ')}${inRange(g.slope) ? '' : '  ✗'}` +
      `; ms ≈ ${fmtMs(g.fixedMs)} + ${g.perLayerMs.toPrecision(3)}·N (fixed per step: ` +
      `${((100 * g.fixedMs) / g.ms[0]).toFixed(0)}% at N = ${g.N[0]}); ms per added layer ` +
      g.marginalMs.map((m) => m.toPrecision(3)).join(' → '),
  );
  const slopes = groups.map((g) => g.slope);
  // A miss is explained when the marginal cost per layer stays constant (time affine in N: the linear part is
  // linear) and a fixed per-step cost (loss, read-out, optimizer, submission) accounts for the bent slope.
  const missed = groups.filter((g) => !inRange(g.slope));
  const affine = missed.filter((g) => {
    const m = g.marginalMs;
    return g.fixedMs > 0 && Math.max(...m) <= 1.25 * Math.min(...m) && Math.min(...m) > 0;
  });
  return {
    id: 'b',
    title: `time linear in N: log-log slope of ms/step vs N is ${value} ± ${tol} at the B = ${B} points`,
    met: groups.length === 0 ? null : ok === groups.length,
    summary:
      groups.length === 0
        ? `no B = ${B} group with two or more depths`
        : `${ok}/${groups.length} groups in range; slopes ${Math.min(...slopes).toFixed(3)} … ${Math.max(...slopes).toFixed(3)}` +
          (missed.length === 0
            ? ''
            : affine.length === 0
              ? `; none of the ${missed.length} missed has a constant cost per added layer (within 25%) with a ` +
                'fixed per-step cost: a fixed cost does not explain them'
              : `; of the ${missed.length} missed, ${affine.length} have a constant cost per added layer (within 25%) ` +
                `and a fixed per-step cost of ${fmtMs(Math.min(...affine.map((g) => g.fixedMs)))}–` +
                `${fmtMs(Math.max(...affine.map((g) => g.fixedMs)))} ms that bends the slope`),
    details,
  };
}

function targetC(results: readonly CaseResult[], metric: Metric): Target {
  const details: string[] = [];
  let all = 0;
  let pass = 0;
  let worst = 0;
  for (const scheme of ['euler', 'heun'] as const) {
    const rs = results
      .filter((r) => r.scheme === scheme)
      .map((r) => ({ r, x: ratio(msOf(r.ours.adjoint.time, metric), msOf(r.ours.exact.time, metric)) }))
      .filter((o) => Number.isFinite(o.x));
    if (rs.length === 0) continue;
    const ok = rs.filter((o) => o.x <= ADJOINT_TARGET).length;
    const max = rs.reduce((m, o) => (o.x > m.x ? o : m));
    const min = rs.reduce((m, o) => (o.x < m.x ? o : m));
    all += rs.length;
    pass += ok;
    worst = Math.max(worst, max.x);
    details.push(
      `${scheme}: ${ok}/${rs.length} points ≤ ${ADJOINT_TARGET}×; adjoint/exact from ${fmtRatio(min.x)} to ` +
        `${fmtRatio(max.x)} (N=${max.r.point.N} ${pointKey(max.r.point)}); median ${fmtRatio(median(rs.map((o) => o.x)))}`,
    );
  }
  return {
    id: 'c',
    title: `adjoint step ≤ ${ADJOINT_TARGET}× the exact step`,
    met: all === 0 ? null : pass === all,
    summary: all === 0 ? 'no data' : `${pass}/${all} points; worst ${fmtRatio(worst)}`,
    details,
  };
}

function targetD(results: readonly CaseResult[]): Target {
  const groups = new Map<string, CaseResult[]>();
  for (const r of results) {
    const key = `${r.scheme} ${pointKey(r.point)}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const details: string[] = [];
  let judged = 0;
  let constant = 0;
  let linear = 0;
  let deep = 0;
  let deepOk = 0;
  for (const [key, rs0] of groups) {
    const rs = [...rs0].sort((a, b) => a.point.N - b.point.N);
    const adj = rs.map((r) => r.ours.adjoint.activationBytes);
    const ex = rs.map((r) => r.ours.exact.activationBytes);
    const N = rs.map((r) => r.point.N);
    // the exact/adjoint memory ratio at the deep point (judged even for a group with one depth)
    const at = rs.findIndex((r) => r.point.N === MEMORY_TARGET.N);
    const memRatio = at < 0 ? Number.NaN : ratio(ex[at], adj[at]);
    const deepText =
      at < 0
        ? ''
        : `; exact/adjoint at N=${MEMORY_TARGET.N}: ${fmtRatio(memRatio)}${memRatio >= MEMORY_TARGET.ratio ? '' : '  ✗'}`;
    if (at >= 0) {
      deep++;
      if (memRatio >= MEMORY_TARGET.ratio) deepOk++;
    }
    if (rs.length < 2) {
      if (at >= 0) details.push(`${key}: one depth${deepText}`);
      continue;
    }
    judged++;
    const isConst = adj.every((b) => b === adj[0]);
    // exact − adjoint is the stored trajectory: linear in N exactly when the differences per layer agree
    const diff = ex.map((e, i) => e - adj[i]);
    const perLayer = diff.map((x, i) => x / (N[i] + 1));
    const isLinear =
      perLayer.every((x) => Math.abs(x - perLayer[0]) <= 1e-9 * Math.abs(perLayer[0])) && perLayer[0] > 0;
    if (isConst) constant++;
    if (isLinear) linear++;
    const fit = logLogFit(N, ex);
    details.push(
      `${key}: adjoint ${adj.map(fmtBytes).join(' → ')}${isConst ? ' (identical)' : ' (GROWS)'}; ` +
        `exact ${ex.map(fmtBytes).join(' → ')} (log-log slope ${fit.slope.toFixed(2)}); exact − adjoint = ` +
        `${isLinear ? `${fmtBytes(perLayer[0])} × (N+1)` : 'not linear in N'}; chunk ${rs.map((r) => r.ours.adjoint.chunk).join('/')}` +
        deepText,
    );
  }
  const constOk = constant === judged;
  const deepPass = deepOk === deep;
  return {
    id: 'd',
    title:
      `adjoint activation bytes identical across N, and exact ≥ ${MEMORY_TARGET.ratio}× adjoint at ` +
      `N = ${MEMORY_TARGET.N}`,
    // missed as soon as either part fails; met only when both parts could be judged
    met: !constOk || !deepPass ? false : judged === 0 || deep === 0 ? null : true,
    summary:
      `${judged === 0 ? 'no group with two or more depths' : `adjoint identical across N in ${constant}/${judged} groups`}; ` +
      `${deep === 0 ? `no N = ${MEMORY_TARGET.N} point` : `exact ≥ ${MEMORY_TARGET.ratio}× adjoint at N = ${MEMORY_TARGET.N} in ${deepOk}/${deep}`}` +
      (judged ? `; exact − adjoint linear in N in ${linear}/${judged}` : ''),
    details,
  };
}

/**
 * The issue's targets, judged on wall time (default) or on the browser's CPU time per step: (a) speed-ups over
 * the GPU baselines, (a′) the CPU baseline, (b) linear time in N, (c) the adjoint's cost, (d) memory (not a
 * time: the same under both metrics; leave it out of the CPU-time verdict with `.filter((t) => t.id !== 'd')`).
 */
export function evaluateTargets(results: readonly CaseResult[], metric: Metric = 'wall'): Target[] {
  return [
    targetA(results, metric),
    targetA2(results, metric),
    targetB(results, metric),
    targetC(results, metric),
    targetD(results),
  ];
}

export function formatTargets(targets: readonly Target[]): string {
  const out: string[] = [];
  for (const t of targets) {
    out.push(`(${t.id}) ${t.title}: ${verdict(t.met)} — ${t.summary}`);
    for (const d of t.details) out.push(`      ${d}`);
  }
  return out.join('\n');
}

/**
 * Several runs as one (e.g. a Euler run and a Heun run of the same grid): results of later runs replace those
 * of earlier runs for the same case; the grid is the union; the run is complete if every part is.
 */
export function mergeRuns(runs: readonly BenchRun[]): BenchRun {
  if (runs.length === 0) throw new Error('nothing to merge');
  const key = (r: { scheme: Scheme; point: GridPoint }) => `${r.scheme} ${r.point.N} ${pointKey(r.point)}`;
  const results = new Map<string, CaseResult>();
  const checks = new Map<string, CheckResult>();
  for (const run of runs) {
    for (const c of run.checks) checks.set(key(c), c);
    for (const r of run.results) results.set(key(r), r);
  }
  const union = <T extends number | string>(xs: T[]) =>
    [...new Set(xs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const grids = runs.map((r) => r.options.grid);
  const elapsed = runs.reduce((s, r) => s + r.elapsedMs, 0);
  const loads = runs.filter((r) => r.otherCores !== undefined && Number.isFinite(r.otherCores));
  const uniq = (xs: string[]) => [...new Set(xs.filter((x) => x))].join(' / ');
  return {
    ...runs[0],
    startedAt: uniq(runs.map((r) => r.startedAt)),
    adapter: uniq(runs.map((r) => r.adapter)),
    userAgent: uniq(runs.map((r) => r.userAgent)),
    tfjsBackend: uniq(runs.map((r) => r.tfjsBackend)),
    jaxBackend: uniq(runs.map((r) => r.jaxBackend ?? '')) || undefined,
    // each result keeps the roofline of its own run; the report shows the first run's matmuls
    roofline: runs.find((r) => r.roofline)?.roofline,
    options: {
      ...runs[0].options,
      grid: {
        N: union(grids.flatMap((g) => g.N)),
        B: union(grids.flatMap((g) => g.B)),
        d: union(grids.flatMap((g) => g.d)),
        M: union(grids.flatMap((g) => g.M)),
        schemes: union(grids.flatMap((g) => g.schemes)),
      },
    },
    checks: [...checks.values()],
    results: [...results.values()],
    elapsedMs: elapsed,
    complete: runs.every((r) => r.complete),
    error: uniq(runs.map((r) => r.error ?? '')) || undefined,
    otherCores: loads.length
      ? loads.reduce((s, r) => s + r.otherCores! * r.elapsedMs, 0) /
        Math.max(
          1,
          loads.reduce((s, r) => s + r.elapsedMs, 0),
        )
      : undefined,
    gate: uniq(runs.map((r) => r.gate ?? '')) || undefined,
  };
}

/** Everything printed at the end of a run, as markdown (also written to bench-results/<stamp>.md). */
export function markdownReport(run: BenchRun): string {
  const o = run.options;
  const parts = [
    `# ODE Lens benchmark, ${run.startedAt}`,
    '',
    `- adapter: ${run.adapter}`,
    `- browser: ${run.userAgent}`,
    `- TF.js backend: ${run.tfjsBackend}${o.tfjsFlags ? `, flags ${JSON.stringify(o.tfjsFlags)}` : ' (default flags)'}`,
    `- jax-js: ${run.jaxBackend ?? 'not run'}`,
    `- roofline (best plain f32 matmul on this adapter): ${fmtGflops(run.roofline?.best ?? Number.NaN)} GFLOP/s`,
    `- grid: N ∈ {${o.grid.N.join(', ')}}, B ∈ {${o.grid.B.join(', ')}}, d ∈ {${o.grid.d.join(', ')}}, ` +
      `M ∈ {${o.grid.M.join(', ')}}, schemes ${o.grid.schemes.join(', ')}`,
    `- timing: ${o.warmupSteps} warm-up steps, then ${o.reps} timed blocks of ≥ ${o.minSteps} steps and ≥ ${o.minTimeMs} ms ` +
      `(median ms/step)${o.tfjsReps !== undefined || o.tfjsMinSteps !== undefined ? `; TF.js: ${o.tfjsReps ?? o.reps} blocks of ≥ ${o.tfjsMinSteps ?? o.minSteps} steps` : ''}` +
      `${o.jaxReps !== undefined || o.jaxMinSteps !== undefined ? `; jax-js: ${o.jaxReps ?? o.reps} blocks of ≥ ${o.jaxMinSteps ?? o.minSteps} steps` : ''}; ` +
      `CPU: ${o.cpuReps} blocks, skipped above ${o.cpuMaxStepMs / 1000} s/step`,
    `- other processes used ${run.otherCores === undefined || !Number.isFinite(run.otherCores) ? 'an unknown number of' : run.otherCores.toFixed(2)} CPU cores on average during the run (this machine has 2 and is shared; "other load" per case below)`,
    `- ${run.gate ?? 'no waiting for a quiet machine'}`,
    `- ${run.results.length} cases in ${(run.elapsedMs / 60000).toFixed(1)} min${run.complete ? '' : ` — INCOMPLETE: ${run.error ?? 'stopped early'}`}`,
    '',
    '## Check: same losses (steps 1..4, each before its update)',
    '',
    checkTable(run.checks),
    '',
    '## ms per training step, activation memory',
    '',
    'ours = the WebGPU engine (GpuEngine.trainSteps), tfjs = TF.js 4.22 WebGPU backend, jax gpu / jax wasm = ' +
      'jax-js (jit(valueAndGrad) + Adam in one jitted step) on its WebGPU / wasm device, cpu = float64 reference ' +
      '(CpuTrainer.trainStep), wasm32 = our float32 WASM SIMD engine (WasmTrainer.trainStep). tfjs/exact, ' +
      'jax/adj, …: baseline ms over ours (how many times faster ours is); wasm/best: jax-js wasm over the fastest ' +
      'of our WebGPU (gpu), WASM (wasm) and float64 CPU (cpu) engines in that mode. GFLOP/s: ' +
      'the nominal step work 3·(N or 2N)·2·B·(2dM + M) (stepFlops in report.ts) over ms/step; ex/roofline: ' +
      "the exact step's GFLOP/s over the best plain matmul's. act = engine.memory.activationBytes; tfjs fwd mem = " +
      'tensors TF.js holds at the end of the taped forward pass; other load = CPU cores used by other processes ' +
      'during the case.',
    '',
    resultsTable(run.results),
  ];
  const rt = rooflineTable(run.roofline);
  if (rt)
    parts.push(
      '',
      '## Roofline: plain f32 matmuls on the same adapter (bench/matmul.wgsl)',
      '',
      'GFLOP/s = 2n³ / time per product: median of 3 timed blocks of back-to-back dispatches, or one product ' +
        'where a product takes over a second (1024³ on SwiftShader); checked against the CPU on one row.',
      '',
      rt,
    );
  const ct = cpuTimeTable(run.results);
  if (ct)
    parts.push(
      '',
      '## CPU time of the browser per step (ms)',
      '',
      "SwiftShader is a CPU: the CPU time the browser's processes used per step is the work done (SwiftShader's " +
        'worker threads included), which other processes on this shared machine do not inflate the way they ' +
        'inflate wall time. On an idle 2-core machine it is up to ~2× the wall time.',
      '',
      ct,
    );
  const bd = breakdownTable(run.results);
  if (bd) parts.push('', '## Forward only vs full step (wall ms)', '', bd);
  parts.push('', '## Targets (wall time)', '', '```', formatTargets(evaluateTargets(run.results)), '```', '');
  if (ct)
    parts.push(
      '## Targets judged on CPU time instead',
      '',
      '```',
      formatTargets(evaluateTargets(run.results, 'cpu').filter((t) => t.id !== 'd')),
      '```',
      '',
    );
  return parts.join('\n');
}
