import { describe, expect, it } from 'vitest';
import { cases, DEFAULT_OPTIONS, FULL_GRID, parseArgs, QUICK_GRID } from './grid';
import {
  ADJOINT_TARGET,
  type BenchRun,
  bestOurs,
  type CaseResult,
  checkTable,
  evaluateTargets,
  formatTargets,
  forwardFlops,
  gflops,
  MEMORY_TARGET,
  type Measurement,
  markdownReport,
  matmulFlops,
  median,
  mergeRuns,
  resultsTable,
  rooflineTable,
  SLOPE_TARGET,
  SPEEDUP_TARGET,
  slopeGroups,
  stepFlops,
  WASM_TARGET,
  wasmOverBest,
} from './report';

const ok = (ms: number): Measurement => ({
  status: 'ok',
  msPerStep: ms,
  samples: [ms],
  stepsPerRep: 3,
  lastLoss: 1,
});

/**
 * A synthetic case at batch B (default 256): our exact step takes `exact` ms, the adjoint `adjRatio` times that,
 * TF.js `speedup` times (default 20), jax-js webgpu `jaxSpeedup` times (default 4) and jax-js wasm `wasm` times
 * our exact step (default 1); the CPU engine's exact step `cpu` ms (default: 100× ours), its adjoint skipped.
 */
function result(
  N: number,
  o: {
    exact?: number;
    adjRatio?: number;
    speedup?: number;
    jaxSpeedup?: number;
    wasm?: number;
    cpu?: number;
    adjBytes?: number;
    B?: number;
    scheme?: 'euler' | 'heun';
    jax?: boolean;
  } = {},
): CaseResult {
  const exact = o.exact ?? N * 0.5;
  const adjBytes = o.adjBytes ?? 1000;
  return {
    point: { N, B: o.B ?? 256, d: 2, M: 16 },
    scheme: o.scheme ?? 'euler',
    ours: {
      exact: { time: ok(exact), activationBytes: adjBytes + (N + 1) * 256, totalBytes: 0, chunk: 64 },
      adjoint: { time: ok(exact * (o.adjRatio ?? 1.2)), activationBytes: adjBytes, totalBytes: 0, chunk: 64 },
    },
    tfjs: { time: ok(exact * (o.speedup ?? 20)), forwardBytes: 4096 },
    ...(o.jax === false
      ? {}
      : { jax: { webgpu: ok(exact * (o.jaxSpeedup ?? 4)), wasm: ok(exact * (o.wasm ?? 1)) } }),
    cpu: { exact: ok(o.cpu ?? exact * 100), adjoint: { status: 'skipped', reason: 'too slow' } },
    roofline: 10,
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
    // the affine fit recovers the fixed cost and the cost per layer
    const ex = overhead.find((g) => g.mode === 'exact')!;
    expect(ex.fixedMs).toBeCloseTo(20, 8);
    expect(ex.perLayerMs).toBeCloseTo(1, 8);
    expect(ex.marginalMs).toEqual([1, 1]);
  });

  it('(b) says whether a missed slope comes from a fixed per-step cost or from superlinear time', () => {
    const fixed = evaluateTargets([16, 64, 256].map((N) => result(N, { exact: 30 + N, adjRatio: 1 })));
    const b = fixed.find((t) => t.id === 'b')!;
    expect(b.met).toBe(false);
    expect(b.summary).toContain('of the 2 missed, 2 have a constant cost per added layer');
    expect(b.details[0]).toMatch(/ms ≈ 30(\.0)? \+ 1\.00·N/);
    // quadratic growth is not explained away
    const quad = evaluateTargets([16, 64, 256].map((N) => result(N, { exact: N * N, adjRatio: 1 })));
    const bq = quad.find((t) => t.id === 'b')!;
    expect(bq.met).toBe(false);
    expect(bq.summary).toContain('none of the 2 missed has a constant cost per added layer');
    expect(bq.summary).not.toContain('–––');
  });

  it('targets met on ideal numbers, missed with the numbers shown otherwise', () => {
    const good = evaluateTargets([16, 64, 256].map((N) => result(N, { adjBytes: 2000 })));
    expect(good.map((t) => t.id)).toEqual(['a', 'a′', 'b', 'c', 'd']);
    expect(good.map((t) => t.met)).toEqual([true, true, true, true, true]);

    const bad = evaluateTargets([
      result(16, { speedup: 2, adjRatio: 2 }),
      result(64, { adjBytes: 5000, jaxSpeedup: 1.5 }),
      result(256, { exact: 256 * 0.5 * 3, wasm: 0.25 }),
    ]);
    expect(bad.map((t) => t.met)).toEqual([false, false, false, false, false]);
    const text = formatTargets(bad);
    expect(text).toContain(
      '(a) ≥ 2× faster than jax-js webgpu and ≥ 10× faster than TF.js at every grid point (both schemes and modes): MISSED',
    );
    expect(text).toContain('TF.js ≥ 10×: 4/6, worst 1.00×'); // 2 / 2 for the adjoint at N = 16
    expect(text).toContain('jax-js webgpu ≥ 2×: 4/6, worst 1.25×');
    expect(text).toContain('tfjs/ours from 2.00×');
    expect(text).toContain('(a′) best of our engines (WebGPU or CPU) within 2× of jax-js wasm');
    expect(text).toContain('worst jax wasm/best ours 0.21×'); // 0.25 / 1.2 (adjoint)
    expect(text).toContain('adjoint/exact from 1.20× to 2.00×');
    expect(text).toContain('(GROWS)');
  });

  it('target (a): each GPU baseline is judged on its own threshold, absent ones are not judged', () => {
    // 9× TF.js misses its 10×; 2.5× jax-js meets its 2× (the adjoint is 1.2× slower: 2.08×)
    const a = evaluateTargets([result(64, { speedup: 9, jaxSpeedup: 2.5 })])[0];
    expect(a.met).toBe(false);
    expect(a.summary).toContain('TF.js ≥ 10×: 0/2');
    expect(a.summary).toContain('jax-js webgpu ≥ 2×: 2/2');
    const noJax = evaluateTargets([result(64, { jax: false })]);
    expect(noJax[0].met).toBe(true);
    expect(noJax[0].summary).toContain('jax-js webgpu: no data');
    expect(noJax[1].met).toBeNull();
    expect(SPEEDUP_TARGET).toEqual({ jax: 2, tfjs: 10 });
  });

  it('target (a′): jax-js wasm against the faster of our WebGPU and CPU engines, per mode', () => {
    // GPU 10 ms, CPU 4 ms: the CPU engine is the best exact engine; jax-js wasm 2 ms → 0.5×: just within 2×
    const r = result(16, { exact: 10, cpu: 4, wasm: 0.2 });
    expect(bestOurs(r, 'exact')).toEqual({ ms: 4, engine: 'cpu' });
    expect(bestOurs(r, 'adjoint')).toEqual({ ms: 12, engine: 'gpu' }); // CPU adjoint skipped
    expect(wasmOverBest(r, 'exact')).toBeCloseTo(0.5, 12);
    expect(wasmOverBest(r, 'adjoint')).toBeCloseTo(2 / 12, 12);
    const [, a2] = evaluateTargets([r]);
    expect(a2.met).toBe(false); // the adjoint (12 ms vs 2 ms) is 6× slower
    expect(a2.details[0]).toContain('euler exact: 1/1 points within 2×');
    expect(a2.details[1]).toContain('euler adjoint: 0/1 points within 2×');
    expect(WASM_TARGET).toBe(2);
    const fast = evaluateTargets([result(16, { exact: 10, cpu: 4, wasm: 0.5, adjRatio: 1 })])[1];
    expect(fast.met).toBe(true);
    expect(fast.details[0]).toContain('best engine: WebGPU at 0, CPU at 1 points');
  });

  it('target (b) is judged on the B = 256 points only', () => {
    expect(SLOPE_TARGET.B).toBe(256);
    // quadratic time at B = 32 does not count; linear at B = 256 meets it
    const rs = [16, 64, 256].flatMap((N) => [result(N), result(N, { B: 32, exact: N * N })]);
    const b = evaluateTargets(rs)[2];
    expect(b.met).toBe(true);
    expect(b.summary).toContain('2/2 groups');
    const small = evaluateTargets([16, 64].map((N) => result(N, { B: 32 })))[2];
    expect(small.met).toBeNull();
    expect(small.summary).toContain('no B = 256 group');
  });

  it('target (c) at 1.5×', () => {
    expect(ADJOINT_TARGET).toBe(1.5);
    expect(evaluateTargets([result(16, { adjRatio: 1.5 })])[3].met).toBe(true);
    expect(evaluateTargets([result(16, { adjRatio: 1.55 })])[3].met).toBe(false);
  });

  it('target (d): identical adjoint bytes across N and exact ≥ 10× adjoint at N = 256', () => {
    expect(MEMORY_TARGET).toEqual({ N: 256, ratio: 10 });
    // exact = adj + 257·256 B: 10× needs adj ≤ 257·256/9 ≈ 7310 B
    const met = evaluateTargets([16, 64, 256].map((N) => result(N, { adjBytes: 7000 })))[4];
    expect(met.met).toBe(true);
    expect(met.details[0]).toContain('(identical)');
    expect(met.details[0]).toContain('exact/adjoint at N=256: 10.40×');
    const small = evaluateTargets([16, 64, 256].map((N) => result(N, { adjBytes: 8000 })))[4];
    expect(small.met).toBe(false);
    expect(small.summary).toContain('exact ≥ 10× adjoint at N = 256 in 0/1');
    // without N = 256 the memory ratio cannot be judged: no verdict unless the adjoint bytes already differ
    expect(evaluateTargets([16, 64].map((N) => result(N)))[4].met).toBeNull();
    expect(evaluateTargets([result(16), result(64, { adjBytes: 1001 })])[4].met).toBe(false);
  });

  it('no data gives no verdict', () => {
    expect(evaluateTargets([]).map((t) => t.met)).toEqual([null, null, null, null, null]);
  });

  it('FLOP counts of a step and GFLOP/s', () => {
    const p = { N: 16, B: 32, d: 2, M: 16 };
    // per residual evaluation 2·B·(2·d·M + M) = 2·32·(64 + 16) = 5120; Euler: N evaluations
    expect(forwardFlops(p, 'euler')).toBe(16 * 5120);
    expect(forwardFlops(p, 'heun')).toBe(2 * 16 * 5120); // two stages per step
    // backward ≈ 2× forward: a step is 3× the forward pass
    expect(stepFlops(p, 'euler')).toBe(3 * 16 * 5120);
    expect(stepFlops({ N: 256, B: 256, d: 16, M: 64 }, 'heun')).toBe(3 * 512 * 2 * 256 * (2 * 16 * 64 + 64));
    expect(matmulFlops(1024)).toBe(2 * 1024 ** 3);
    expect(gflops(2e9, 1000)).toBe(2); // 2e9 FLOPs in 1 s
    expect(gflops(1e6, 0)).toBeNaN();
    expect(gflops(1e6, Number.NaN)).toBeNaN();
  });

  it('the roofline table marks the best matmul; the report shows it and GFLOP/s per case', () => {
    const roofline = {
      kernels: [
        { kernel: 'naive' as const, n: 256, ms: 10, gflops: matmulFlops(256) / 1e7 },
        { kernel: 'tiled' as const, n: 256, ms: 5, gflops: matmulFlops(256) / 5e6 },
      ],
      best: matmulFlops(256) / 5e6,
    };
    const t = rooflineTable(roofline)!;
    expect(t).toContain('256×256×256');
    expect(t.split('\n')[3]).toMatch(/tiled .*6\.71 \| best/);
    expect(rooflineTable(undefined)).toBeNull();
    const run: BenchRun = {
      startedAt: 't',
      adapter: 'swiftshader',
      userAgent: 'chromium',
      tfjsBackend: 'webgpu',
      jaxBackend: 'jax-js 0.1.25: jax-js webgpu; jax-js wasm',
      roofline,
      options: DEFAULT_OPTIONS,
      checks: [],
      results: [result(16)],
      elapsedMs: 1,
      complete: true,
    };
    const md = markdownReport(run);
    expect(md).toContain('- jax-js: jax-js 0.1.25');
    expect(md).toContain('roofline (best plain f32 matmul on this adapter): 6.71 GFLOP/s');
    expect(md).toContain('## Roofline');
    expect(md).toContain('(a′)');
  });

  it('the table shows ratios, skipped baselines, GFLOP/s and memory', () => {
    const t = resultsTable([result(64), result(16, { scheme: 'heun' })]);
    const lines = t.split('\n');
    expect(lines).toHaveLength(4);
    const header = lines[0].split('|').map((c) => c.trim());
    const row = lines[2].split('|').map((c) => c.trim());
    const col = (name: string) => row[header.indexOf(name)];
    expect(lines[2]).toMatch(/^\| euler\s+\|\s+64 \|/); // Euler rows first
    expect(col('ours exact')).toBe('32.0');
    expect(col('adj/exact')).toBe('1.20×');
    expect(col('tfjs/exact')).toBe('20.00×');
    expect(col('jax gpu')).toBe('128');
    expect(col('jax/exact')).toBe('4.00×');
    expect(col('jax/adj')).toBe('3.33×');
    expect(col('jax wasm')).toBe('32.0');
    expect(col('wasm/best ex')).toBe('1.00× gpu');
    expect(col('cpu adj')).toBe('skipped');
    // 3 · 64 · 2 · 256 · (2·2·16 + 16) FLOPs in 32 ms
    const flops = 3 * 64 * 2 * 256 * 80;
    expect(flops).toBe(stepFlops({ N: 64, B: 256, d: 2, M: 16 }, 'euler'));
    expect(col('GFLOP/s ex')).toBe('0.246'); // 7.86e6 / 32e6
    expect(col('ex/roofline')).toBe('2.5%'); // of 10 GFLOP/s
    expect(col('act exact')).toBe('17.2 KiB'); // 1000 + 65·256 bytes
    // a run saved before jax-js: dashes, no crash
    const old = result(16, { jax: false });
    expect(resultsTable([old]).split('\n')[2]).toMatch(/\|\s+20\.00× \|\s+16\.67× \|\s+– \|\s+– \|/);
  });

  it('the check table shows jax-js losses and errors', () => {
    const c = {
      point: { N: 16, B: 32, d: 2, M: 16 },
      scheme: 'euler' as const,
      ours: [1, 0.9, 0.8, 0.7],
      oursAdjoint: [1, 0.9, 0.8, 0.7],
      tfjs: [],
      cpu: [1, 0.9, 0.8, 0.7],
      cpuAdjoint: [1, 0.9, 0.8, 0.7],
      maxRelErr: Number.NaN,
      maxRelErrCpu: 0,
      maxRelErrAdjointCpu: 0,
      adjointVsExact: 0,
      tolerance: 1e-3,
      ok: true,
      tfjsKernels: Number.NaN,
      jax: { wasm: [1, 0.9, 0.8, 0.7001] },
      maxRelErrJax: { wasm: 1.43e-4 },
    };
    const row = checkTable([c]).split('\n')[2];
    expect(row).toContain('0.7001000');
    expect(row).toContain('1.43e-4');
    expect(row).toContain('ok');
  });

  it('grids and arguments', () => {
    expect(cases(FULL_GRID)).toHaveLength(48);
    expect(cases(QUICK_GRID)).toHaveLength(4);
    const work = cases(FULL_GRID).map((c) => c.point.N * c.point.B);
    expect(work[0]).toBe(16 * 32);
    expect(DEFAULT_OPTIONS.jax).toEqual(['webgpu', 'wasm']);
    const j = parseArgs(['--jax-reps', '2', '--jax-devices', 'wasm']).bench;
    expect(j.jaxReps).toBe(2);
    expect(j.jax).toEqual(['wasm']);
    expect(parseArgs(['--no-jax']).bench.jax).toEqual([]);
    expect(() => parseArgs(['--jax-devices', 'webgl'])).toThrow(/--jax-devices/);
    const a = parseArgs(['--quick', '--schemes', 'euler', '--no-cpu', '--reps', '5']);
    expect(a.quick).toBe(true);
    expect(a.bench.grid.N).toEqual([16, 64]);
    expect(a.bench.grid.schemes).toEqual(['euler']);
    expect(a.bench.cpu).toBe(false);
    // --no-cpu leaves out the float64 reference only: our WASM engine is one of the app's engines (target a′)
    expect(a.bench.wasm).toBe(true);
    expect(parseArgs(['--no-wasm']).bench).toMatchObject({ wasm: false, cpu: true });
    expect(a.bench.reps).toBe(5);
    expect(parseArgs(['--N', '16,256']).bench.grid.N).toEqual([16, 256]);
    expect(DEFAULT_OPTIONS.tfjsMaxStepMs).toBe(Number.POSITIVE_INFINITY);
    expect(parseArgs(['--tfjs-max', '30000']).bench.tfjsMaxStepMs).toBe(30000);
    expect(() => parseArgs(['--tfjs-max', '-1'])).toThrow(/--tfjs-max needs a positive number/);
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
