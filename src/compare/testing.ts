// For tests: a made-up snapshot and a pin built from it.
import { initWeights, netSpec } from '../core/params';
import { makeConfig } from '../core/testing';
import type { SnapshotData } from '../run/snapshot';
import { gridValues } from '../views/trajectories/grid';
import { finalNumbers, type Pin, pinCurves } from './pin';
import { pinSnapshot } from './pin-snapshot';

/** A snapshot of a 2-D MLP run with `F` inputs, the states made up (x_n = (n, −i)), and a 3×2 grid. */
export function fakeSnapshot(
  depth: number,
  F: number,
): SnapshotData & { views: { trajectories: ReturnType<typeof gridValues> } } {
  const config = makeConfig({ model: { depth, width: 4 } });
  const spec = netSpec(config);
  const weights = initWeights(config, spec);
  const L = spec.steps + 1;
  const trajectories = new Float64Array(L * F * 2);
  for (let n = 0; n < L; n++)
    for (let i = 0; i < F; i++) {
      trajectories[(n * F + i) * 2] = n;
      trajectories[(n * F + i) * 2 + 1] = -i;
    }
  const grid = { nx: 3, ny: 2, x0: -1, x1: 1, y0: -2, y1: 2, xS: new Float64Array(3 * 2 * 2).fill(0.5) };
  const s: SnapshotData = {
    step: 7,
    spec,
    classification: true,
    weights,
    fanX: new Float64Array(F * 2),
    F,
    fanLabels: Int32Array.from({ length: F }, (_, i) => i % 2),
    trajectories,
    grid,
  };
  return { ...s, views: { trajectories: gridValues(grid, s) } };
}

export const curves = (n: number) => ({
  losses: Array.from({ length: n }, (_, i) => ({ step: i + 1, loss: 1 / (i + 1), acc: Number.NaN })),
  evals: Array.from({ length: n }, (_, i) => ({
    step: i,
    trainLoss: 0.123456789 / (i + 1),
    testLoss: 0.2,
    trainAcc: 0.5,
    testAcc: Number.NaN,
  })),
  gradErrors: [{ step: 0, value: 1e-3 }],
});

export function makePin(over: Partial<Pin> = {}): Pin {
  const run = { ...curves(10), step: 10, loss: 0.1 };
  return {
    id: 'p1',
    label: 'N = 16',
    at: 1,
    config: makeConfig({ model: { depth: 16 } }),
    curves: pinCurves(run),
    final: finalNumbers(run),
    snapshot: pinSnapshot(fakeSnapshot(16, 4)),
    ...over,
  };
}
