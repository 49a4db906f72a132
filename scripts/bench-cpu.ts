// ms per training step of the float64 reference (CpuTrainer) and the float32 WASM SIMD engine (WasmTrainer)
// on the benchmark's model (bench/config.ts: MLP tanh with bias, Adam, MSE), Euler and Heun, exact and adjoint.
//   node scripts/bench-cpu.mjs [--points N,B,d,M;...] [--reps 5] [--no-f64]
// Each cell: a block of steps lasting ≥ 0.3 s, repeated `reps` times alternating the engines; the median.
import { benchConfig } from '../bench/config';
import type { Mode, Scheme } from '../bench/grid';
import { CpuTrainer } from '../src/core/trainer';
import { WasmTrainer } from '../src/wasm/trainer';

interface Point {
  N: number;
  B: number;
  d: number;
  M: number;
}

const DEFAULT_POINTS: Point[] = [
  { N: 16, B: 32, d: 2, M: 16 },
  { N: 256, B: 32, d: 2, M: 16 },
  { N: 16, B: 256, d: 16, M: 64 },
  { N: 64, B: 256, d: 16, M: 64 },
];

function parseArgs(argv: string[]) {
  let points = DEFAULT_POINTS;
  let reps = 5;
  let f64 = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--points')
      points = argv[++i].split(';').map((s) => {
        const [N, B, d, M] = s.split(',').map(Number);
        return { N, B, d, M };
      });
    else if (a === '--reps') reps = Number(argv[++i]);
    else if (a === '--no-f64') f64 = false;
    else throw new Error(`unknown argument ${a}`);
  }
  return { points, reps, f64 };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * ms per step of a block of steps lasting at least minMs: wall time, and the CPU time this process used
 * (on a loaded machine the wall time mostly measures the other processes; the CPU time does not).
 */
function block(step: () => void, minMs: number): { wall: number; cpu: number } {
  let k = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let t = t0;
  do {
    step();
    k++;
    t = performance.now();
  } while (t - t0 < minMs);
  const c = process.cpuUsage(c0);
  return { wall: (t - t0) / k, cpu: (c.user + c.system) / 1000 / k };
}

export function main(argv: string[]): void {
  const { points, reps, f64 } = parseArgs(argv);
  const rows: string[] = [];
  rows.push(
    '| N | B | d | M | scheme | mode | f64 CPU ms | wasm CPU ms | speed-up | f64 wall ms | wasm wall ms |',
  );
  rows.push('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const p of points)
    for (const scheme of ['euler', 'heun'] as Scheme[])
      for (const mode of ['exact', 'adjoint'] as Mode[]) {
        const c = benchConfig({ ...p } as Parameters<typeof benchConfig>[0], scheme, mode);
        const cpu = f64 ? new CpuTrainer(c) : null;
        const wasm = new WasmTrainer(c);
        for (let i = 0; i < 2; i++) {
          cpu?.trainStep();
          wasm.trainStep();
        }
        const tc: { wall: number; cpu: number }[] = [];
        const tw: { wall: number; cpu: number }[] = [];
        for (let r = 0; r < reps; r++) {
          if (cpu) tc.push(block(() => cpu.trainStep(), 300));
          tw.push(block(() => wasm.trainStep(), 300));
        }
        const f = (xs: { wall: number; cpu: number }[], k: 'wall' | 'cpu') =>
          xs.length ? median(xs.map((x) => x[k])).toFixed(2) : '–';
        const speed = cpu
          ? `${(median(tc.map((x) => x.cpu)) / median(tw.map((x) => x.cpu))).toFixed(1)}×`
          : '–';
        const row = `| ${p.N} | ${p.B} | ${p.d} | ${p.M} | ${scheme} | ${mode} | ${f(tc, 'cpu')} | ${f(tw, 'cpu')} | ${speed} | ${f(tc, 'wall')} | ${f(tw, 'wall')} |`;
        rows.push(row);
        console.log(row);
      }
  console.log(`\n${rows.join('\n')}`);
}
