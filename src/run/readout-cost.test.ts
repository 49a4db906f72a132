// The read-outs' cost model: flops from every dimension of the net, and the grid side, fan size and first
// evaluation it allows on each engine (defaults unchanged, huge nets cut).
import { describe, expect, it } from 'vitest';
import { defaultConfig, type ExperimentConfig } from '../core/config';
import { netSpec } from '../core/params';
import { makeConfig } from '../core/testing';
import { DIAG_BATCH } from '../engine/plan';
import {
  ENGINE_FLOPS,
  evaluateFirst,
  evaluationFlops,
  FAN_BUDGET_BYTES,
  FAN_BUDGET_S,
  FAN_MIN,
  FIRST_EVAL_BUDGET_S,
  fanSize,
  GRID_BUDGET_S,
  GRID_MIN_SIDE,
  gridAffordable,
  gridSide,
  passFlops,
} from './readout-cost';
import { GRID } from './snapshot';

const deep = (depth: number, width: number, over: Partial<ExperimentConfig['model']> = {}) =>
  netSpec(makeConfig({ model: { depth, width, ...over }, data: { kind: 'moons', nTrain: 64, nTest: 64 } }));

describe('read-out cost', () => {
  it('counts depth, stages, width, d, inputs and outputs', () => {
    const base = deep(64, 32);
    const f = passFlops(base);
    // linear in depth (the embedding and read-out aside)
    const twice = passFlops(deep(128, 32));
    expect(twice / f).toBeGreaterThan(1.99);
    expect(twice / f).toBeLessThan(2.01);
    // Heun evaluates f twice per step
    const heun = passFlops({ ...base, scheme: 'heun' });
    expect(heun / f).toBeGreaterThan(1.99);
    expect(heun / f).toBeLessThan(2.01);
    // about linear in the width (an MLP's W and V are d × M each)
    expect(passFlops(deep(64, 64)) / f).toBeGreaterThan(1.9);
    // every parameter of a set is a multiply-add: 2 × setSize per evaluation, plus the state's vector work
    expect(f).toBe(
      base.steps * (2 * base.setSize + 4 * base.d) + 2 * base.d * (base.inputDim + base.outputDim),
    );
    // wider inputs and outputs cost their embedding and read-out
    expect(passFlops({ ...base, inputDim: 784 })).toBeGreaterThan(f + 2 * base.d * 700);
  });

  it('keeps the defaults: the full grid, the fan as asked, evaluation before the first step, on every engine', () => {
    const spec = netSpec(defaultConfig());
    const c = defaultConfig();
    for (const kind of ['cpu', 'wasm', 'webgpu'] as const) {
      expect(gridSide(spec, ENGINE_FLOPS[kind])).toBe(GRID);
      expect(fanSize(spec, ENGINE_FLOPS[kind], 64)).toBe(64);
      expect(fanSize(spec, ENGINE_FLOPS[kind], 256)).toBe(256);
      expect(evaluateFirst(spec, ENGINE_FLOPS[kind], c.data.nTrain, c.data.nTest, DIAG_BATCH)).toBe(true);
    }
  });

  it('coarsens the grid of a huge net on the CPU to its budget, never below the floor', () => {
    const huge = deep(4096, 256);
    const side = gridSide(huge, ENGINE_FLOPS.cpu);
    expect(side).toBeLessThan(GRID);
    expect(side).toBeGreaterThanOrEqual(GRID_MIN_SIDE);
    // the largest side within the budget, or the floor
    const fits = (spec: typeof huge, n: number) =>
      n * n * passFlops(spec) <= GRID_BUDGET_S * ENGINE_FLOPS.cpu;
    if (side > GRID_MIN_SIDE) {
      expect(fits(huge, side)).toBe(true);
      expect(fits(huge, side + 1)).toBe(false);
    }
    // a middling net: coarser than 56 but within budget
    const mid = deep(1024, 64);
    const s = gridSide(mid, ENGINE_FLOPS.cpu);
    expect(s).toBeLessThan(GRID);
    expect(s).toBeGreaterThan(GRID_MIN_SIDE);
    expect(fits(mid, s)).toBe(true);
    expect(fits(mid, s + 1)).toBe(false);
    // the faster engines keep more of it
    expect(gridSide(mid, ENGINE_FLOPS.wasm)).toBeGreaterThanOrEqual(s);
    expect(gridSide(mid, ENGINE_FLOPS.webgpu)).toBeGreaterThanOrEqual(gridSide(mid, ENGINE_FLOPS.wasm));
    // the deepest, widest net allowed: the floor, and even that over budget (the first snapshot skips it)
    expect(gridSide(deep(8192, 512), ENGINE_FLOPS.cpu)).toBe(GRID_MIN_SIDE);
    expect(gridAffordable(deep(8192, 512), ENGINE_FLOPS.cpu)).toBe(false);
    expect(gridAffordable(mid, ENGINE_FLOPS.cpu)).toBe(true);
    expect(gridAffordable(netSpec(defaultConfig()), ENGINE_FLOPS.cpu)).toBe(true);
  });

  it('caps the fan by time and by the bytes of its states, not below FAN_MIN nor above what was asked', () => {
    const huge = deep(4096, 256);
    const F = fanSize(huge, ENGINE_FLOPS.cpu, 64);
    expect(F).toBeLessThan(64);
    expect(F).toBeGreaterThanOrEqual(FAN_MIN);
    expect(F * passFlops(huge)).toBeLessThanOrEqual(FAN_BUDGET_S * ENGINE_FLOPS.cpu);
    expect(fanSize(huge, ENGINE_FLOPS.cpu, 4)).toBe(4);
    // d = 256 at depth 500: the states (33 MB for 32 inputs), not the flops, limit the fan on the GPU
    const wide = netSpec(
      makeConfig({
        data: { kind: 'matrix', nTrain: 64, nTest: 0 },
        model: { d: 256, depth: 500, residual: 'linear' },
        train: { loss: 'mse' },
      }),
    );
    const G = fanSize(wide, ENGINE_FLOPS.webgpu, 64);
    expect(G * 8 * (wide.steps + 1) * wide.d).toBeLessThanOrEqual(FAN_BUDGET_BYTES);
    expect(G).toBeGreaterThanOrEqual(FAN_MIN);
    expect(G).toBeLessThan(64);
  });

  it('leaves a huge net evaluation for after the first batch, by its estimated seconds', () => {
    const huge = deep(4096, 256);
    expect(evaluateFirst(huge, ENGINE_FLOPS.cpu, 64, 64, DIAG_BATCH)).toBe(false);
    const s = evaluationFlops(huge, 64, 64, DIAG_BATCH) / ENGINE_FLOPS.cpu;
    expect(s).toBeGreaterThan(FIRST_EVAL_BUDGET_S);
    // the diagnostics count even without a test split, and a larger split costs more
    expect(evaluationFlops(huge, 64, 0, DIAG_BATCH)).toBeGreaterThan(passFlops(huge) * 64);
    expect(evaluationFlops(huge, 1000, 0, DIAG_BATCH)).toBeGreaterThan(
      evaluationFlops(huge, 64, 0, DIAG_BATCH),
    );
  });
});
