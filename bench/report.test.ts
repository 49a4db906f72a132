import { describe, expect, it } from 'vitest';
import { cases, DEFAULT_OPTIONS, FULL_GRID, parseArgs, QUICK_GRID } from './grid';
import {
  type BenchRun,
  type CaseResult,
  evaluateTargets,
  formatTargets,
  type Measurement,
  median,
  mergeRuns,
  resultsTable,
  slopeGroups,
} from './report';

const ok = (ms: number): Measurement => ({
  status: 'ok',
  msPerStep: ms,
  samples: [ms],
  stepsPerRep: 3,
  lastLoss: 1,
});

/** A synthetic case: our exact step takes `exact` ms, the adjoint `adjRatio` times that, TF.js `speedup` times. */
function result(
  N: number,
  o: {
    exact?: number;
    adjRatio?: number;
    speedup?: number;
    adjBytes?: number;
    scheme?: 'euler' | 'heun';
  } = {},
): CaseResult {
  const exact = o.exact ?? N * 0.5;
  const adjBytes = o.adjBytes ?? 1000;
  return {
    point: { N, B: 32, d: 2, M: 16 },
    scheme: o.scheme ?? 'euler',
    ours: {
      exact: { time: ok(exact), activationBytes: adjBytes + (N + 1) * 256, totalBytes: 0, chunk: 64 },
      adjoint: { time: ok(exact * (o.adjRatio ?? 1.2)), activationBytes: adjBytes, totalBytes: 0, chunk: 64 },
    },
    tfjs: { time: ok(exact * (o.speedup ?? 10)), forwardBytes: 4096 },
    cpu: { exact: ok(1), adjoint: { status: 'skipped', reason: 'too slow' } },
  };
}

describe('bench report', () => {
  it('median of odd and even lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('log-log slope of time vs N: 1 for linear time, lower with a fixed cost per step', () => {
    const linear = slopeGroups([16, 64, 256].map((N) => result(N)));
    expect(linear).toHaveLength(2); // exact and adjoint
    for (const g of linear) expect(g.slope).toBeCloseTo(1, 10);
    const overhead = slopeGroups([16, 64, 256].map((N) => result(N, { exact: 20 + N })));
    expect(overhead[0].slope).toBeLessThan(0.9);
    expect(overhead[0].upperSlope).toBeGreaterThan(overhead[0].slope);
  });

  it('targets met on ideal numbers, missed with the numbers shown otherwise', () => {
    const good = evaluateTargets([16, 64, 256].map((N) => result(N)));
    expect(good.map((t) => t.met)).toEqual([true, true, true, true]);

    const bad = evaluateTargets([
      result(16, { speedup: 2, adjRatio: 2 }),
      result(64, { adjBytes: 5000 }),
      result(256, { exact: 256 * 0.5 * 3 }),
    ]);
    expect(bad.map((t) => t.met)).toEqual([false, false, false, false]);
    const text = formatTargets(bad);
    expect(text).toContain('(a) ≥ 3× faster than the TF.js WebGPU step at every grid point: MISSED');
    expect(text).toContain('tfjs/ours from 2.00×');
    expect(text).toContain('adjoint/exact from 1.20× to 2.00×');
    expect(text).toContain('(GROWS)');
  });

  it('no data gives no verdict', () => {
    expect(evaluateTargets([]).map((t) => t.met)).toEqual([null, null, null, null]);
  });

  it('the table shows ratios, skipped baselines and memory', () => {
    const t = resultsTable([result(64), result(16, { scheme: 'heun' })]);
    const lines = t.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toMatch(/^\| euler\s+\|\s+64 \|/); // Euler rows first
    expect(lines[2]).toContain('1.20×'); // adjoint / exact
    expect(lines[2]).toContain('10.00×'); // tfjs / exact
    expect(lines[2]).toContain('skipped');
    expect(lines[2]).toContain('17.2 KiB'); // 1000 + 65·256 bytes
  });

  it('grids and arguments', () => {
    expect(cases(FULL_GRID)).toHaveLength(48);
    expect(cases(QUICK_GRID)).toHaveLength(4);
    const work = cases(FULL_GRID).map((c) => c.point.N * c.point.B);
    expect(work[0]).toBe(16 * 32);
    const a = parseArgs(['--quick', '--schemes', 'euler', '--no-cpu', '--reps', '5']);
    expect(a.quick).toBe(true);
    expect(a.bench.grid.N).toEqual([16, 64]);
    expect(a.bench.grid.schemes).toEqual(['euler']);
    expect(a.bench.cpu).toBe(false);
    expect(a.bench.reps).toBe(5);
    expect(parseArgs(['--N', '16,256']).bench.grid.N).toEqual([16, 256]);
    expect(() => parseArgs(['--bogus'])).toThrow(/unknown option "--bogus"/);
    expect(() => parseArgs(['--N', 'x'])).toThrow(/--N needs/);
  });

  it('merges runs: union of grids, later results replace earlier ones', () => {
    const run = (scheme: 'euler' | 'heun', Ns: number[], exact: number, elapsedMs: number): BenchRun => ({
      startedAt: `t-${scheme}`,
      adapter: 'swiftshader',
      userAgent: 'chromium',
      tfjsBackend: 'webgpu',
      options: { ...DEFAULT_OPTIONS, grid: { ...QUICK_GRID, N: Ns, schemes: [scheme] } },
      checks: [],
      results: Ns.map((N) => result(N, { scheme, exact })),
      elapsedMs,
      complete: true,
      otherCores: scheme === 'euler' ? 1 : 0,
    });
    const m = mergeRuns([
      run('euler', [16, 64], 1, 1000),
      run('heun', [64], 2, 3000),
      run('euler', [64], 5, 1000),
    ]);
    expect(m.options.grid.schemes).toEqual(['euler', 'heun']);
    expect(m.options.grid.N).toEqual([16, 64]);
    expect(m.results).toHaveLength(3);
    const e64 = m.results.find((r) => r.scheme === 'euler' && r.point.N === 64)!;
    expect(e64.ours.exact.time.status === 'ok' && e64.ours.exact.time.msPerStep).toBe(5);
    expect(m.elapsedMs).toBe(5000);
    expect(m.otherCores).toBeCloseTo(0.4, 10); // time-weighted
    expect(m.adapter).toBe('swiftshader');
    expect(() => mergeRuns([])).toThrow();
  });
});
