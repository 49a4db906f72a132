// The trajectory plot's geometry: the legend beside the plot on a wide canvas, under it on a phone's, with the
// plot, its axis and the legend stacked inside the canvas without overlapping.
import { describe, expect, it } from 'vitest';
import { LEGEND_BELOW_WIDTH, legendBelowHeight, legendCounts, trajGeometry } from './draw';
import { buildTrajModel } from './model';

function planeModel() {
  const traj = Float64Array.from([0, 0, 0, 2, 2, 2, 2, 0]); // [L=2][F=2][2]: an X, so one crossing
  return buildTrajModel({
    spec: { d: 2, N: 1, steps: 1, inputDim: 2, readout: 'trained' },
    dataKind: 'moons',
    classification: true,
    weights: null,
    fanX: Float64Array.from([0, 0, 0, 2]),
    F: 2,
    fanLabels: Int32Array.from([0, 1]),
    trajectories: traj,
    ode: null,
    grid: { nx: 1, ny: 1, x0: -5, x1: 5, y0: -1, y1: 1, values: Float32Array.from([0.5]) },
  });
}

describe('trajGeometry', () => {
  const model = planeModel();

  it('counts the keys and colour bars the model can show', () => {
    // two classes, ResNet, input, output, crossing; the regions' bar
    expect(legendCounts(model)).toEqual({ keys: 6, bars: 1 });
  });

  it('puts the legend beside the plot on a wide canvas', () => {
    const g = trajGeometry(900, 500, model);
    expect(g.below).toBe(false);
    expect(g.legend.x).toBeGreaterThan(g.plot.x + g.plot.w);
    expect(g.legend.x + g.legend.w).toBeLessThanOrEqual(900);
  });

  it('puts the legend under the plot on a phone, the plot full width and everything inside the canvas', () => {
    const [w, h] = [340, 490];
    expect(w).toBeLessThan(LEGEND_BELOW_WIDTH);
    const g = trajGeometry(w, h, model);
    expect(g.below).toBe(true);
    // the plot takes the width but the axis margin (the wide layout leaves it ~150 px)
    expect(g.plot.w).toBeGreaterThan(w - 80);
    // legend below the x axis and its label, inside the canvas
    expect(g.legend.y).toBeGreaterThanOrEqual(g.plot.y + g.plot.h + 40);
    expect(g.legend.y + g.legend.h).toBeLessThanOrEqual(h);
    expect(g.legend.x + g.legend.w).toBeLessThanOrEqual(w);
    expect(g.legend.h).toBe(legendBelowHeight(model, g.legend.w));
    // 6 keys in two columns (3 rows of 17 px) and one colour bar's block
    expect(g.legend.h).toBe(3 * 17 + 98 + 6);
  });
});
