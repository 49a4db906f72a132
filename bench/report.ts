// Result types of a benchmark run and pure functions over them: the table, ratios, log-log slopes of time vs
// depth and the verdict on the issue's targets. No DOM, no GPU, no Node: unit-tested in report.test.ts.
import { logLogFit } from '../src/core/fit';
import type { BenchOptions, GridPoint, Mode, Scheme } from './grid';

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
  /** Layers per backward chunk (the tape holds this many layers). */
  chunk: number;
  /** Forward-only (engine.evaluate() on the same batch), with --breakdown. */
  fwd?: Measurement;
}

export interface CaseResult {
  point: GridPoint;
  scheme: Scheme;
  ours: Record<Mode, OursResult>;
  tfjs: { time: Measurement; forwardBytes: number | null; fwd?: Measurement };
  cpu: Record<Mode, Measurement>;
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
}

export interface BenchRun {
  startedAt: string;
  adapter: string;
  userAgent: string;
  tfjsBackend: string;
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

/** The main table: wall ms/step of every engine, the ratios of the targets and the activation memory. */
export function resultsTable(results: readonly CaseResult[]): string {
  const header = [
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
    'cpu exact',
    'cpu adj',
    'act exact',
    'act adj',
    'tfjs fwd mem',
    'other load',
  ];
  const rows = sortResults(results).map((r) => {
    const e = msOf(r.ours.exact.time);
    const a = msOf(r.ours.adjoint.time);
    const t = msOf(r.tfjs.time);
    return [
      r.scheme,
      String(r.point.N),
      String(r.point.B),
      String(r.point.d),
      String(r.point.M),
      cell(r.ours.exact.time),
      cell(r.ours.adjoint.time),
      fmtRatio(ratio(a, e)),
      cell(r.tfjs.time),
      fmtRatio(ratio(t, e)),
      fmtRatio(ratio(t, a)),
      cell(r.cpu.exact),
      cell(r.cpu.adjoint),
      fmtBytes(r.ours.exact.activationBytes),
      fmtBytes(r.ours.adjoint.activationBytes),
      fmtBytes(r.tfjs.forwardBytes),
      r.otherCores === undefined || !Number.isFinite(r.otherCores) ? '–' : r.otherCores.toFixed(2),
    ];
  });
  return mdTable(header, rows, 1);
}

/** The same comparison in CPU time of the browser per step (null when no measurement has it). */
export function cpuTimeTable(results: readonly CaseResult[]): string | null {
  if (!results.some((r) => Number.isFinite(msOf(r.ours.exact.time, 'cpu')))) return null;
  const rows = sortResults(results).map((r) => {
    const e = msOf(r.ours.exact.time, 'cpu');
    const a = msOf(r.ours.adjoint.time, 'cpu');
    const t = msOf(r.tfjs.time, 'cpu');
    return [
      r.scheme,
      String(r.point.N),
      String(r.point.B),
      String(r.point.d),
      String(r.point.M),
      cell(r.ours.exact.time, 'cpu'),
      cell(r.ours.adjoint.time, 'cpu'),
      fmtRatio(ratio(a, e)),
      cell(r.tfjs.time, 'cpu'),
      fmtRatio(ratio(t, e)),
      fmtRatio(ratio(t, a)),
      cell(r.cpu.exact, 'cpu'),
      cell(r.cpu.adjoint, 'cpu'),
    ];
  });
  return mdTable(
    [
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
      'cpu exact',
      'cpu adj',
    ],
    rows,
    1,
  );
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
  const f = (xs: number[]) => xs.map((x) => x.toPrecision(7)).join(', ');
  const rows = checks.map((c) => [
    c.scheme,
    `N=${c.point.N} ${pointKey(c.point)}`,
    f(c.ours),
    f(c.tfjs),
    f(c.cpu),
    c.maxRelErr.toExponential(2),
    c.maxRelErrCpu.toExponential(2),
    c.maxRelErrAdjointCpu.toExponential(2),
    c.adjointVsExact.toExponential(2),
    String(c.tfjsKernels),
    c.ok ? 'ok' : 'FAIL',
  ]);
  return mdTable(
    [
      'scheme',
      'point',
      'ours exact: loss at steps 1..4',
      'tfjs',
      'cpu float64',
      'rel tfjs',
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
    });
  }
  return out.sort(
    (a, b) =>
      a.scheme.localeCompare(b.scheme) || a.mode.localeCompare(b.mode) || a.B - b.B || a.d - b.d || a.M - b.M,
  );
}

export interface Target {
  id: 'a' | 'b' | 'c' | 'd';
  title: string;
  /** null: no data to judge. */
  met: boolean | null;
  summary: string;
  details: string[];
}

export const SPEEDUP_TARGET = 3;
export const SLOPE_TARGET = { value: 1, tol: 0.1 };
export const ADJOINT_TARGET = 1.6;

function verdict(met: boolean | null): string {
  return met === null ? 'NO DATA' : met ? 'MET' : 'MISSED';
}

function targetA(results: readonly CaseResult[], metric: Metric): Target {
  const details: string[] = [];
  let all = 0;
  let pass = 0;
  let worst = Number.POSITIVE_INFINITY;
  for (const scheme of ['euler', 'heun'] as const)
    for (const mode of ['exact', 'adjoint'] as const) {
      const rs = results
        .filter((r) => r.scheme === scheme)
        .map((r) => ({ r, x: ratio(msOf(r.tfjs.time, metric), msOf(r.ours[mode].time, metric)) }))
        .filter((o) => Number.isFinite(o.x));
      if (rs.length === 0) continue;
      const ok = rs.filter((o) => o.x >= SPEEDUP_TARGET).length;
      const min = rs.reduce((m, o) => (o.x < m.x ? o : m));
      const max = rs.reduce((m, o) => (o.x > m.x ? o : m));
      all += rs.length;
      pass += ok;
      worst = Math.min(worst, min.x);
      details.push(
        `${scheme} ${mode}: ${ok}/${rs.length} points ≥ ${SPEEDUP_TARGET}×; tfjs/ours from ${fmtRatio(min.x)} ` +
          `(N=${min.r.point.N} ${pointKey(min.r.point)}) to ${fmtRatio(max.x)} (N=${max.r.point.N} ${pointKey(max.r.point)})`,
      );
    }
  const met = all === 0 ? null : pass === all;
  return {
    id: 'a',
    title: `≥ ${SPEEDUP_TARGET}× faster than the TF.js WebGPU step at every grid point`,
    met,
    summary:
      all === 0
        ? 'no TF.js measurements'
        : `${pass}/${all} (point, mode) pairs; worst ratio ${fmtRatio(worst)}`,
    details,
  };
}

function targetB(results: readonly CaseResult[], metric: Metric): Target {
  const groups = slopeGroups(results, metric);
  const { value, tol } = SLOPE_TARGET;
  const inRange = (s: number) => Math.abs(s - value) <= tol;
  const ok = groups.filter((g) => inRange(g.slope)).length;
  const details = groups.map(
    (g) =>
      `${g.scheme} ${g.mode} B=${g.B} d=${g.d} M=${g.M}: slope ${g.slope.toFixed(3)} over N = ${g.N.join(', ')}` +
      (g.N.length > 2 ? ` (last two N: ${g.upperSlope.toFixed(3)})` : '') +
      ` — ms ${g.ms.map(fmtMs).join(' → ')}${inRange(g.slope) ? '' : '  ✗'}`,
  );
  const slopes = groups.map((g) => g.slope);
  return {
    id: 'b',
    title: `time linear in N: log-log slope of ms/step vs N is ${value} ± ${tol}`,
    met: groups.length === 0 ? null : ok === groups.length,
    summary:
      groups.length === 0
        ? 'fewer than two depths per group'
        : `${ok}/${groups.length} groups in range; slopes ${Math.min(...slopes).toFixed(3)} … ${Math.max(...slopes).toFixed(3)}`,
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
  let constantLarge = 0;
  let linear = 0;
  for (const [key, rs0] of groups) {
    if (rs0.length < 2) continue;
    judged++;
    const rs = [...rs0].sort((a, b) => a.point.N - b.point.N);
    const adj = rs.map((r) => r.ours.adjoint.activationBytes);
    const ex = rs.map((r) => r.ours.exact.activationBytes);
    const N = rs.map((r) => r.point.N);
    const isConst = adj.every((b) => b === adj[0]);
    // the tape holds min(N, chunk) layers: beyond the chunk size the adjoint's memory cannot depend on N
    const k = adj.length;
    const isConstLarge = adj[k - 1] === adj[k - 2];
    // exact − adjoint is the stored trajectory: linear in N exactly when the differences per layer agree
    const diff = ex.map((e, i) => e - adj[i]);
    const perLayer = diff.map((x, i) => x / (N[i] + 1));
    const isLinear =
      perLayer.every((x) => Math.abs(x - perLayer[0]) <= 1e-9 * Math.abs(perLayer[0])) && perLayer[0] > 0;
    if (isConst) constant++;
    if (isConstLarge) constantLarge++;
    if (isLinear) linear++;
    const fit = logLogFit(N, ex);
    details.push(
      `${key}: adjoint ${adj.map(fmtBytes).join(' → ')}${isConst ? ' (constant)' : isConstLarge ? ' (constant for the two largest N)' : ' (GROWS)'}; ` +
        `exact ${ex.map(fmtBytes).join(' → ')} (log-log slope ${fit.slope.toFixed(2)}); exact − adjoint = ` +
        `${isLinear ? `${fmtBytes(perLayer[0])} × (N+1)` : 'not linear in N'}; chunk ${rs.map((r) => r.ours.adjoint.chunk).join('/')}`,
    );
  }
  return {
    id: 'd',
    title: 'adjoint activation memory constant in N (and exact growing linearly)',
    met: judged === 0 ? null : constant === judged && linear === judged,
    summary:
      judged === 0
        ? 'fewer than two depths per group'
        : `adjoint constant over all N in ${constant}/${judged} groups (over the two largest N in ${constantLarge}/${judged}); ` +
          `exact − adjoint linear in N in ${linear}/${judged}`,
    details,
  };
}

/** The issue's targets, judged on wall time (default) or on the browser's CPU time per step. */
export function evaluateTargets(results: readonly CaseResult[], metric: Metric = 'wall'): Target[] {
  return [targetA(results, metric), targetB(results, metric), targetC(results, metric), targetD(results)];
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
    `- grid: N ∈ {${o.grid.N.join(', ')}}, B ∈ {${o.grid.B.join(', ')}}, d ∈ {${o.grid.d.join(', ')}}, ` +
      `M ∈ {${o.grid.M.join(', ')}}, schemes ${o.grid.schemes.join(', ')}`,
    `- timing: ${o.warmupSteps} warm-up steps, then ${o.reps} timed blocks of ≥ ${o.minSteps} steps and ≥ ${o.minTimeMs} ms ` +
      `(median ms/step)${o.tfjsReps !== undefined || o.tfjsMinSteps !== undefined ? `; TF.js: ${o.tfjsReps ?? o.reps} blocks of ≥ ${o.tfjsMinSteps ?? o.minSteps} steps` : ''}; ` +
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
    'ours = the WebGPU engine (GpuEngine.trainSteps), tfjs = TF.js 4.22 WebGPU backend, cpu = float64 reference ' +
      '(CpuTrainer.trainStep). act = engine.memory.activationBytes; tfjs fwd mem = tensors TF.js holds at the ' +
      'end of the taped forward pass; other load = CPU cores used by other processes during the case.',
    '',
    resultsTable(run.results),
  ];
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
      formatTargets(evaluateTargets(run.results, 'cpu').slice(0, 3)),
      '```',
      '',
    );
  return parts.join('\n');
}
