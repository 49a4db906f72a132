import { describe, expect, it } from 'vitest';
import { defaultConfig, type ExperimentConfig } from '../../core/config';
import { initWeights, netSpec } from '../../core/params';
import { heatmapsCsv } from './csv';
import type { WeightsHeatmap } from './draw';
import {
  colorRange,
  columnAt,
  columnEdges,
  entriesMatrix,
  entryBlocks,
  entryName,
  maxAbs,
  neuronNormsMatrix,
  smoothnessSeries,
  timeMatrix,
  unusedSet,
} from './summaries';
import type { WeightColumn } from './view';

function mlp(patch: Partial<ExperimentConfig['model']> = {}, init: Partial<ExperimentConfig['init']> = {}) {
  const c = defaultConfig();
  c.model = { ...c.model, d: 2, width: 3, depth: 4, residual: 'mlp', bias: true, ...patch };
  c.init = { ...c.init, ...init };
  return c;
}

describe('entry layout', () => {
  it('labels the MLP blocks W [M×d], b [M], V [d×M] in storage order, and names entries', () => {
    const spec = netSpec(mlp());
    expect(entryBlocks(spec)).toEqual([
      { name: 'W', label: 'W [3×2]', start: 0, count: 6 },
      { name: 'b', label: 'b [3]', start: 6, count: 3 },
      { name: 'V', label: 'V [2×3]', start: 9, count: 6 },
    ]);
    expect(spec.setSize).toBe(15);
    expect(entryName(spec, 0)).toBe('W[0,0]');
    expect(entryName(spec, 5)).toBe('W[2,1]');
    expect(entryName(spec, 7)).toBe('b[1]');
    expect(entryName(spec, 9)).toBe('V[0,0]');
    expect(entryName(spec, 14)).toBe('V[1,2]');
  });

  it('labels linear blocks θ [d×d] and b [d]', () => {
    const spec = netSpec(mlp({ residual: 'linear', d: 3 }));
    expect(entryBlocks(spec).map((b) => b.label)).toEqual(['θ [3×3]', 'b [3]']);
    expect(entryName(spec, 5)).toBe('θ[1,2]');
    expect(entryName(spec, 10)).toBe('b[1]');
  });
});

describe('matrices', () => {
  it('depth × entries is the residual weights, one row per parameter set', () => {
    const c = mlp({}, { kind: 'iid' });
    const spec = netSpec(c);
    const w = initWeights(c, spec).residual;
    const { matrix } = entriesMatrix(spec, w);
    expect(matrix.rows).toBe(spec.P);
    expect(matrix.cols).toBe(spec.setSize);
    expect(matrix.values[2 * spec.setSize + 7]).toBe(w[2 * spec.setSize + 7]);
  });

  it('per-neuron norms: ‖W_j‖ (row j of W), |b_j|, ‖V_:j‖ (column j of V)', () => {
    const spec = netSpec(mlp({ depth: 1 }));
    // one set: W = [[1,2],[3,4],[0,0]], b = [-1, 0, 2], V = [[1,0,3],[1,0,4]]
    const set = [1, 2, 3, 4, 0, 0, -1, 0, 2, 1, 0, 3, 1, 0, 4];
    const w = Float64Array.from([...set, ...set]);
    const { matrix, blocks } = neuronNormsMatrix(spec, w);
    expect(blocks.map((b) => b.label)).toEqual(['‖W_j‖', '|b_j|', '‖V_:j‖']);
    expect(matrix.cols).toBe(9);
    const row = Array.from(matrix.values.subarray(0, 9));
    expect(row[0]).toBeCloseTo(Math.sqrt(5), 12);
    expect(row[1]).toBeCloseTo(5, 12);
    expect(row[2]).toBe(0);
    expect(row.slice(3, 6)).toEqual([1, 0, 2]);
    expect(row[6]).toBeCloseTo(Math.SQRT2, 12);
    expect(row[7]).toBe(0);
    expect(row[8]).toBeCloseTo(5, 12);
  });

  it('tied init gives identical rows (smooth bands), i.i.d. init rows that differ', () => {
    const tied = mlp({ depth: 8 }, { kind: 'tied' });
    const spec = netSpec(tied);
    const m = entriesMatrix(spec, initWeights(tied, spec).residual).matrix;
    for (let n = 1; n < m.rows; n++)
      expect(Array.from(m.values.subarray(n * m.cols, (n + 1) * m.cols))).toEqual(
        Array.from(m.values.subarray(0, m.cols)),
      );
    const iid = mlp({ depth: 8 }, { kind: 'iid' });
    const m2 = entriesMatrix(spec, initWeights(iid, netSpec(iid)).residual).matrix;
    expect(m2.values[m2.cols]).not.toBe(m2.values[0]);
  });
});

describe('ranges', () => {
  it('is symmetric for diverging maps, from 0 for sequential ones, and skips the unused set', () => {
    const m = { rows: 3, cols: 2, values: Float64Array.from([0.5, -2, 1, Number.NaN, 9, -9]) };
    expect(maxAbs(m)).toBe(9);
    expect(colorRange(m, 'diverging', 2)).toEqual([-2, 2]);
    expect(colorRange(m, 'sequential', 2)).toEqual([0, 2]);
    // an all-zero matrix still has a usable range
    expect(colorRange({ rows: 1, cols: 1, values: new Float64Array(1) }, 'diverging')).toEqual([-1, 1]);
  });

  it("marks Euler's last set as unused, not Heun's", () => {
    expect(unusedSet(netSpec(mlp({ scheme: 'euler' })))).toBe(4);
    expect(unusedSet(netSpec(mlp({ scheme: 'heun' })))).toBeNull();
    expect(unusedSet(netSpec(mlp({ scheme: 'euler', convention: 'code' })))).toBe(3);
  });
});

describe('history', () => {
  const col = (step: number, inc: number[], entry = 0): WeightColumn => ({
    step,
    norms: Float64Array.from([1, 2, 3]),
    increments: Float64Array.from(inc),
    entry: Float64Array.from([step, -step, 0]),
    entryIndex: entry,
  });

  it('builds depth × step matrices with columns in order', () => {
    const h = [col(0, [1, 2]), col(10, [3, 4])];
    const inc = timeMatrix(h, 'increment');
    expect(inc).toMatchObject({ rows: 2, cols: 2 });
    expect(Array.from(inc.values)).toEqual([1, 3, 2, 4]);
    const ent = timeMatrix(h, 'entry');
    expect(ent.rows).toBe(3);
    expect(Array.from(ent.values)).toEqual([0, 10, -0, -10, 0, 0]);
    expect(smoothnessSeries(h)).toEqual([2, 4]);
  });

  it('pads shorter columns with NaN', () => {
    const m = timeMatrix([col(0, [1]), col(1, [1, 2])], 'increment');
    expect(Number.isNaN(m.values[1 * 2 + 0])).toBe(true);
  });

  it('places irregularly spaced snapshots by their step', () => {
    const edges = columnEdges([0, 10, 30, 100]);
    expect(edges).toEqual([0, 5, 20, 65, 135]);
    expect(columnAt(edges, 4)).toBe(0);
    expect(columnAt(edges, 25)).toBe(2);
    expect(columnAt(edges, 1000)).toBe(3);
    expect(columnEdges([7])).toEqual([6.5, 7.5]);
    expect(columnEdges([])).toEqual([0, 1]);
  });
});

describe('csv', () => {
  it('writes both matrices in long format', () => {
    const weights = {
      matrix: { rows: 2, cols: 2, values: Float64Array.from([1, 2, 3, 4]) },
      kind: 'diverging',
      colName: (c: number) => `W[0,${c}]`,
    } as unknown as WeightsHeatmap;
    const text = heatmapsCsv(weights, null, 4).trim().split('\n');
    expect(text[0]).toBe('matrix,layer,s,quantity,step,value');
    expect(text).toHaveLength(5);
    expect(text[4]).toBe('weights,1,0.25,"W[0,1]",,4');
  });
});
