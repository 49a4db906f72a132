// The trajectory plot's geometry: the legend beside the plot on a wide canvas, under it on a phone's, with the
// plot, its axis and the legend stacked inside the canvas without overlapping.
import { describe, expect, it } from 'vitest';
import { stubContext } from '../common/stubContext';
import { estimateWidth } from '../common/textWidth';
import {
  drawTrajectories,
  LEGEND_BELOW_WIDTH,
  legendBelowHeight,
  legendCounts,
  legendLabels,
  trajGeometry,
} from './draw';
import { buildTrajModel } from './model';

function planeModel(withOde = false) {
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
    ode: withOde ? traj : null,
    grid: { nx: 1, ny: 1, x0: -5, x1: 5, y0: -1, y1: 1, values: Float32Array.from([0.5]) },
  });
}

/** 1-D regression: inputs coloured by value, the targets at the last layer (the longest legend label). */
function lineModel() {
  const traj = Float64Array.from([0.5, 2, 1, 1.5, 1.6, 1.2, 1.7, 1.1, 1.8, 1]);
  return buildTrajModel({
    spec: { d: 1, N: 4, steps: 4, inputDim: 1, readout: 'trained' },
    dataKind: 'square',
    classification: false,
    weights: { readoutW: Float32Array.from([2]), readoutB: Float32Array.from([0]) } as never,
    fanX: Float64Array.from([0.5, 2]),
    F: 2,
    fanLabels: null,
    trajectories: traj,
    ode: traj,
    grid: null,
  });
}

/** The text a draw writes, with where it starts and ends (left-aligned, untransformed text: the legend's). */
function textsOf(draw: (ctx: CanvasRenderingContext2D) => void) {
  const out: { text: string; left: number; right: number }[] = [];
  const ctx = stubContext(
    (state) => ({
      measureText: (t: string) => ({ width: estimateWidth(t, String(state.font)) }),
      fillText: (t: string, x: number) => {
        const w = estimateWidth(t, String(state.font));
        const a = state.textAlign;
        const left = a === 'right' || a === 'end' ? x - w : a === 'center' ? x - w / 2 : x;
        out.push({ text: t, left, right: left + w });
      },
    }),
    { font: '10px sans-serif', textAlign: 'start' },
  );
  draw(ctx);
  return out;
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
    // 6 short keys in three columns as wide as the widest label (2 rows of 17 px) and one colour bar's block
    expect(g.legend.h).toBe(2 * 17 + 98 + 6);
  });

  const opts = { showOde: true, highlightCrossings: true, regions: false, step: 1200 };
  for (const [name, m] of [
    ['phase plane with the ODE', planeModel(true)],
    ['1-D regression with targets', lineModel()],
  ] as const)
    for (const w of [300, 350, 374, 480, 560, 600, 700, 900])
      it(`${name}, ${w} px wide: every legend label is drawn whole inside the canvas`, () => {
        const labels = legendLabels(m, opts);
        expect(labels).toContain('neural ODE x(s)');
        const pieces = textsOf((ctx) => drawTrajectories(ctx, w, 520, m, opts)).filter(
          (t) => t.text.length > 2 && labels.some((l) => l.includes(t.text)),
        );
        // each label is there, whole (perhaps over two lines)
        for (const l of labels)
          expect(
            pieces
              .filter((p) => l.includes(p.text))
              .map((p) => p.text)
              .join(' ')
              .replace(/\s+/g, ''),
            l,
          ).toContain(l.replace(/\s+/g, ''));
        for (const p of pieces) {
          expect(p.left, p.text).toBeGreaterThanOrEqual(0);
          expect(p.right, p.text).toBeLessThanOrEqual(w);
        }
      });
});
