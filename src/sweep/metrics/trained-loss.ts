// Loss on the whole training set after the sweep's training steps (Sander et al., Fig. 4): with the adjoint,
// shallow networks do not train and deep ones do. That is a switch, not a power law: the read-out is the depth
// from which the loss stays below a tenth of its value at initialisation.
import { NO_CONVERGENCE } from './common';
import type { SweepMetricDef } from './types';

/** The level is this fraction of the (median) loss at initialisation: failures stay near it, successes fall far. */
export const TRAINED_FRACTION = 0.1;

function median(v: readonly number[]): number {
  if (!v.length) return Number.NaN;
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const num = (v: number) => (v >= 10 ? String(Math.round(v)) : v.toPrecision(2));

export const trainedLoss: SweepMetricDef<'trainedLoss'> = {
  id: 'trainedLoss',
  label: 'Training loss after training (Fig. 4)',
  title:
    'Loss on the whole training set after the sweep’s training steps, with the experiment’s gradient mode, for a ResNet and a HeunNet: with the adjoint, small depths train badly (Sander et al., Fig. 4). Read out: the depth from which the loss stays below a tenth of its value at initialisation.',
  plotTitle: 'Training loss after training',
  yLabel: 'training loss (whole training set)',
  short: 'trained loss',
  sweep: 'depth',
  series: 'schemes',
  // the series differ by scheme, and by the gradient they were trained with
  seriesLabel: (s, ctx) => `${s.netName} (${s.method}, ${ctx.config.train.gradMode} gradients)`,
  notes: (ctx) =>
    ctx.trainSteps === 0
      ? ['With 0 training steps the trained loss is the loss at initialisation: set the training steps.']
      : [],
  expected(ctx, s) {
    if (ctx.counterExample) return NO_CONVERGENCE;
    return s.order === 1 ? 'falls with N' : 'falls with N, at smaller N than the ResNet';
  },
  hasFloor: false,
  async atInit(b, point) {
    point.initial = (await b.evaluate()).trainLoss;
  },
  async measure(b, point) {
    const ev = await b.evaluate();
    point.y = ev.trainLoss;
    point.loss = ev.trainLoss;
    point.floor = 0;
  },
  fit: {
    kind: 'threshold',
    level: (points) =>
      TRAINED_FRACTION * median(points.map((p) => p.initial ?? Number.NaN).filter(Number.isFinite)),
    levelLabel: `${TRAINED_FRACTION} × the loss at initialisation`,
    describe(f) {
      const lvl = `loss < ${num(f.level)}`;
      switch (f.outcome) {
        case 'crosses':
          return `trains from N ≈ ${num(f.crossing!)} (${lvl}; between N = ${f.bracket![0]} and ${f.bracket![1]})`;
        case 'below':
          return `trains at every N (${lvl} from N = ${f.xs![0]})`;
        case 'above':
          return `does not train up to N = ${f.xs![1]} (loss ≥ ${num(f.level)} at N = ${f.xs![1]})`;
        case 'unknown':
          return Number.isFinite(f.level)
            ? 'no crossing yet (needs a point)'
            : 'no crossing: the loss at initialisation was not recorded';
      }
    },
  },
};
