import { describe, expect, it } from 'vitest';
import { FULL_GRID, QUICK_GRID } from './grid';
import {
  alignTable,
  bestRoofline,
  flopsPerStep,
  fmtBytes,
  fmtGflops,
  GPU_GRID,
  gflops,
  markdownReport,
  markdownTable,
  matmulFlops,
  type NodeCaseResult,
  type NodeRun,
  nodeCases,
  oneLine,
  parseNodeArgs,
  problems,
  TABLE_HEADER,
  tableRows,
  textReport,
} from './node-report';

describe('parseNodeArgs', () => {
  it('defaults: the full grid, TF.js and the CPU reference, Node timing defaults, a 1024³ roofline', () => {
    const o = parseNodeArgs(['--node']);
    expect(o.grids).toEqual([{ name: 'full', grid: FULL_GRID }]);
    expect(o.bench.tfjs).toBe(true);
    expect(o.bench.cpu).toBe(true);
    expect(o.bench.tfjsReps).toBe(2);
    expect(o.bench.tfjsMinSteps).toBe(1);
    expect(o.bench.jaxReps).toBe(2);
    expect(o.bench.jaxMinSteps).toBe(1);
    expect(o.bench.jax).toEqual(['webgpu', 'wasm']);
    expect(parseNodeArgs(['--jax-devices', 'webgpu']).bench.jax).toEqual(['webgpu']);
    expect(parseNodeArgs(['--no-jax']).bench.jax).toEqual([]);
    expect(o.tfjsMaxStepMs).toBe(2000);
    expect(parseNodeArgs(['--no-tfjs', '--tfjs-max', '500']).bench.tfjs).toBe(false);
    expect(parseNodeArgs(['--tfjs-max', '500']).tfjsMaxStepMs).toBe(500);
    expect(o.bench.minTimeMs).toBe(200);
    expect(o.bench.cpuMaxStepMs).toBe(1000);
    expect(o.matmulN).toEqual([1024]);
    expect(o.memoryBudget).toBeUndefined();
    expect(o.deadlineS).toBe(0);
    expect(o.help).toBe(false);
  });

  it('--gpu-grid alone runs the GPU grid; with --full-grid the full grid follows', () => {
    expect(parseNodeArgs(['--gpu-grid']).grids).toEqual([{ name: 'gpu', grid: GPU_GRID }]);
    const both = parseNodeArgs(['--node', '--gpu-grid', '--full-grid']);
    expect(both.grids.map((g) => g.name)).toEqual(['gpu', 'full']);
    expect(both.grids[1].grid).toEqual(FULL_GRID);
    expect(GPU_GRID).toEqual({
      N: [16, 64, 256, 1024],
      B: [256, 1024],
      d: [16, 64],
      M: [64, 256],
      schemes: ['euler', 'heun'],
    });
  });

  it('--quick: the quick grid and a small roofline', () => {
    const o = parseNodeArgs(['--quick']);
    expect(o.grids).toEqual([{ name: 'quick', grid: QUICK_GRID }]);
    expect(o.matmulN).toEqual([256]);
  });

  it('grid flags override the first grid only; shared flags keep their meaning', () => {
    const o = parseNodeArgs([
      '--gpu-grid',
      '--full-grid',
      '--N',
      '16',
      '--schemes',
      'heun',
      '--min-time',
      '50',
      '--cpu-max',
      '20',
      '--no-cpu',
      '--reps',
      '5',
    ]);
    expect(o.grids[0].grid).toEqual({ ...GPU_GRID, N: [16], schemes: ['heun'] });
    expect(o.grids[1].grid).toEqual(FULL_GRID);
    expect(o.bench.minTimeMs).toBe(50);
    expect(o.bench.cpuMaxStepMs).toBe(20);
    expect(o.bench.cpu).toBe(false);
    expect(o.bench.reps).toBe(5);
  });

  it('its own flags', () => {
    const o = parseNodeArgs([
      '--matmul-n',
      '1024,2048',
      '--memory-gib',
      '16',
      '--deadline',
      '480',
      '--out',
      '/x',
    ]);
    expect(o.matmulN).toEqual([1024, 2048]);
    expect(o.memoryBudget).toBe(16 * 1024 ** 3);
    expect(o.deadlineS).toBe(480);
    expect(o.outDir).toBe('/x');
    expect(parseNodeArgs(['--matmul-n', '0']).matmulN).toEqual([]);
    expect(parseNodeArgs(['--help']).help).toBe(true);
  });

  it('rejects bad values and unknown flags', () => {
    expect(() => parseNodeArgs(['--matmul-n', '100'])).toThrow(/multiples of 64/);
    expect(() => parseNodeArgs(['--matmul-n', 'x'])).toThrow(/--matmul-n/);
    expect(() => parseNodeArgs(['--deadline'])).toThrow(/--deadline/);
    expect(() => parseNodeArgs(['--out'])).toThrow(/--out/);
    expect(() => parseNodeArgs(['--bogus'])).toThrow(/unknown option/);
  });
});

describe('nodeCases', () => {
  it('runs each grid cheapest first and does not repeat a case', () => {
    const a = { N: [16, 64], B: [32], d: [2], M: [16], schemes: ['euler' as const] };
    const b = { N: [64, 256], B: [32], d: [2], M: [16], schemes: ['euler' as const] };
    const cs = nodeCases([
      { name: 'a', grid: a },
      { name: 'b', grid: b },
    ]);
    expect(cs.map((c) => [c.grid, c.point.N])).toEqual([
      ['a', 16],
      ['a', 64],
      ['b', 256],
    ]);
  });

  it('the GPU grid has 64 cases', () => {
    expect(nodeCases([{ name: 'gpu', grid: GPU_GRID }])).toHaveLength(64);
  });
});

describe('flops', () => {
  it('3 × forward, forward = N · evals · 2·B·(2dM + M)', () => {
    // Euler: 3 · 16 · 1 · 2 · 32 · (2·2·16 + 16) = 3 · 16 · 64 · 80
    expect(flopsPerStep({ N: 16, B: 32, d: 2, M: 16 }, 'euler')).toBe(3 * 16 * 64 * 80);
    expect(flopsPerStep({ N: 16, B: 32, d: 2, M: 16 }, 'heun')).toBe(2 * 3 * 16 * 64 * 80);
    expect(flopsPerStep({ N: 1024, B: 1024, d: 64, M: 256 }, 'heun')).toBe(
      3 * 1024 * 2 * 2 * 1024 * (2 * 64 * 256 + 256),
    );
  });

  it('GFLOP/s and the matmul count', () => {
    expect(gflops(2e9, 1000)).toBe(2);
    expect(gflops(1e9, 1)).toBe(1000);
    expect(matmulFlops(1024)).toBe(2 * 1024 ** 3);
    expect(bestRoofline([])).toBeNaN();
    expect(
      bestRoofline([
        { n: 1024, msPerMatmul: 1, gflops: 5, maxRelErr: 0 },
        { n: 2048, msPerMatmul: 1, gflops: 7, maxRelErr: 0 },
      ]),
    ).toBe(7);
  });
});

const ok = (ms: number) => ({
  status: 'ok' as const,
  msPerStep: ms,
  samples: [ms],
  stepsPerRep: 10,
  lastLoss: 1,
});

const sample: NodeCaseResult[] = [
  {
    grid: 'full',
    label: 'euler N=16 B=32 d=2 M=16',
    point: { N: 16, B: 32, d: 2, M: 16 },
    scheme: 'euler',
    flopsPerStep: 2e6,
    variant: 'tiled',
    exact: ok(2),
    adjoint: ok(3),
    cpu: ok(40),
    tfjs: ok(12),
    jax: { webgpu: ok(8), wasm: { status: 'skipped', reason: 'predicted 9000 ms/step > 2000 ms' } },
    activationBytes: { exact: 2048, adjoint: 1024 },
    totalBytes: { exact: 4096, adjoint: 3072 },
  },
  {
    grid: 'gpu',
    label: 'heun N=1024 B=1024 d=64 M=256',
    point: { N: 1024, B: 1024, d: 64, M: 256 },
    scheme: 'heun',
    flopsPerStep: 4e11,
    exact: { status: 'does-not-fit', reason: 'states need 9 GiB > maxBufferSize' },
    adjoint: ok(100),
    cpu: { status: 'skipped', reason: 'predicted 9e6 ms/step > 1000 ms' },
    activationBytes: { adjoint: 3 * 1024 ** 3 },
    totalBytes: {},
  },
];

describe('table', () => {
  it('one row per case with ms, GFLOP/s, roofline share and bytes', () => {
    const rows = tableRows(sample, 10);
    expect(rows[0]).toEqual([
      'N=16 B=32 d=2 M=16',
      'euler',
      'tiled',
      '2.00',
      '3.00',
      '1.50',
      '1.00 / 0.67',
      '10.0',
      '10.0%',
      '40.0',
      '12.0',
      '8.00 / skipped',
      '6.0×',
      '4.0×',
      '2.00 KiB',
      '1.00 KiB',
    ]);
    expect(rows[1]).toEqual([
      'N=1024 B=1024 d=64 M=256',
      'heun',
      '–',
      'does not fit',
      '100',
      '–',
      '– / 4000',
      '10.0',
      '40000.0%',
      'skipped',
      '–',
      '– / –',
      '–',
      '–',
      '–',
      '3.00 GiB',
    ]);
    expect(rows.every((r) => r.length === TABLE_HEADER.length)).toBe(true);
  });

  it('aligns text and escapes markdown', () => {
    const t = alignTable(
      ['a', 'b', 'n'],
      [
        ['x', 'yy', '1'],
        ['long', 'z', '100'],
      ],
    ).split('\n');
    expect(t).toEqual(['a     b     n', '----  --  ---', 'x     yy    1', 'long  z   100']);
    expect(markdownTable(['a', 'b', 'n'], [['x|y', 'z', '1']])).toBe(
      '| a | b | n |\n| --- | --- | ---: |\n| x\\|y | z | 1 |',
    );
  });

  it('lists what was not timed, except CPU skips', () => {
    expect(problems(sample)).toEqual([
      'heun N=1024 B=1024 d=64 M=256 exact: does not fit: states need 9 GiB > maxBufferSize',
    ]);
  });

  it('fmtBytes', () => {
    expect(fmtBytes(undefined)).toBe('–');
    expect(fmtBytes(512)).toBe('512 B');
    expect(fmtBytes(1536)).toBe('1.50 KiB');
    expect(fmtBytes(200 * 1024 ** 2)).toBe('200 MiB');
  });

  it('reports: header, table, problems, incomplete', () => {
    const run: NodeRun = {
      kind: 'node',
      startedAt: '2026-12-02T00:00:00.000Z',
      node: 'v20',
      platform: 'linux-x64',
      vulkanIcd: 'VK_ICD_FILENAMES=/x.json',
      adapter: {
        text: 'nvidia / hopper — NVIDIA H200',
        vendor: 'nvidia',
        architecture: 'hopper',
        device: '',
        description: 'NVIDIA H200',
        isFallbackAdapter: false,
        limits: { maxBufferSize: 2 ** 32, maxStorageBufferBindingSize: 2 ** 31 },
        features: [],
      },
      options: parseNodeArgs([]),
      roofline: [{ n: 1024, msPerMatmul: 0.5, gflops: 4295, maxRelErr: 1e-7 }],
      results: sample,
      baselines: 'TF.js, jax-js: not run under Node (why)',
      elapsedMs: 1000,
      complete: false,
      error: 'interrupted (SIGTERM)',
    };
    const text = textReport(run);
    expect(text).toContain('adapter: nvidia / hopper — NVIDIA H200; maxBufferSize 4.00 GiB');
    expect(text).toContain('1024³: 4295 GFLOP/s');
    expect(text).toContain('TF.js, jax-js: not run under Node');
    expect(text).toContain('jax-js ms webgpu/wasm');
    expect(text).toContain('does not fit');
    expect(text).toContain('INCOMPLETE RUN: interrupted (SIGTERM)');
    const md = markdownReport(run);
    expect(md).toContain('| point | scheme | variant | exact ms |');
    expect(md).toContain('**Incomplete run:** interrupted (SIGTERM)');
  });
});

describe('fmtGflops', () => {
  it('keeps two significant digits below 0.1', () => {
    expect(fmtGflops(0.0123)).toBe('0.012');
    expect(fmtGflops(0)).toBe('0');
    expect(fmtGflops(5)).toBe('5.00');
    expect(fmtGflops(4295)).toBe('4295');
    expect(fmtGflops(undefined)).toBe('–');
  });
});

describe('oneLine', () => {
  it('joins lines and caps the length', () => {
    expect(oneLine('a\n - b\n')).toBe('a ⏎ - b');
    expect(oneLine('x'.repeat(10), 5)).toBe('xxxx…');
  });
});
