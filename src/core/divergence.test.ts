// The divergence monitor: explosions caught before the loss is NaN, sane runs (noisy, converging, starting low)
// never flagged, and the step whose weights are still known sane.
import { describe, expect, it } from 'vitest';
import { DivergenceMonitor, explainDivergence, STATE_BOUND, type StepReport } from './divergence';
import { makeConfig } from './testing';
import { CpuTrainer } from './trainer';

const pts = (losses: number[], from = 1): StepReport[] =>
  losses.map((loss, i) => ({ step: from + i, loss, acc: Number.NaN }));

describe('divergence monitor', () => {
  it.each([
    ['a NaN loss', [0.7, 0.6, Number.NaN], 'non-finite'],
    ['an infinite loss', [0.7, Number.POSITIVE_INFINITY], 'non-finite'],
    ['a loss 1000× its start (SGD at lr 1e6: 1.2e29)', [0.7, 0.5, 1.2e29], 'loss-over-start'],
    ['Adam sitting at 1e11', [0.69, 3e4, 1e11, 1e12], 'loss-over-start'],
    [
      'a smoothed loss back above its start after converging',
      [...Array(10).fill(0.7), ...Array(150).fill(1e-9), ...Array(10).fill(0.9)],
      'loss-over-min',
    ],
  ] as const)('flags %s', (_, losses, reason) => {
    const d = new DivergenceMonitor().check(pts([...losses]));
    expect(d?.reason).toBe(reason);
    expect(d?.saneStep).toBe((d?.step ?? 0) - 2); // the loss of step k comes from the weights of step k − 1
  });

  it('flags weights and states beyond their bounds even while the loss looks fine', () => {
    const m = new DivergenceMonitor();
    expect(m.check([{ step: 1, loss: 0.5, acc: 0, weightsBeyond: false, maxState: 3 }])).toBeNull();
    // the update of step 2 went too far, but its loss came from the sane weights of step 1
    expect(m.check([{ step: 2, loss: 0.5, acc: 0, weightsBeyond: true }])).toMatchObject({
      reason: 'weights',
      saneStep: 2 - 1,
    });
    expect(m.check([{ step: 2, loss: 0.5, acc: 0, maxState: 2 * STATE_BOUND }])?.reason).toBe('states');
    expect(m.check([{ step: 2, loss: 0.5, acc: 0, maxState: Number.NaN }])?.reason).toBe('states');
  });

  it('does not flag noisy, converging or low-starting runs', () => {
    // a lucky first mini-batch does not set a low bar (the median of the first ten does)
    const m = new DivergenceMonitor();
    expect(m.check(pts([0.0005, 0.7, 0.9, 0.6, 0.8, 0.5, 0.7, 0.4, 0.6, 0.5, 2, 0.3]))).toBeNull();
    // converging fast, then single mini-batches of small batches far above the best, but not above the start
    const m2 = new DivergenceMonitor();
    expect(
      m2.check(pts([1, 0.1, 1e-6, 1e-9, 1e-4, 0.5, 1e-8, ...Array(50).fill(1e-10), 0.9, 1e-9])),
    ).toBeNull();
  });

  it('an explosion within the first steps does not raise the bar (SGD lr 0.5 + momentum on moons)', () => {
    const losses = [4.75, 1.05, 1.99, 4.52, 460, 4.08e4, 3.74e4, 1.73e5, 7.98e5, 7.7e5, 2.41e6];
    expect(new DivergenceMonitor().check(pts(losses))).toMatchObject({ step: 6, reason: 'loss-over-start' });
  });

  it('checks across batches: the start and the running minimum persist', () => {
    const m = new DivergenceMonitor();
    expect(m.check(pts([1, 0.5]))).toBeNull();
    expect(m.check(pts([0.4], 3))).toBeNull();
    expect(m.check(pts([2e4], 4))).toMatchObject({ step: 4, reason: 'loss-over-start', saneStep: 2 });
  });

  it('a net that explodes before any update is blamed on its initialisation, not on the learning rate', () => {
    const d = new DivergenceMonitor().check([{ step: 1, loss: 1e40, acc: 0, maxState: 1e20 }]);
    expect(d).toMatchObject({ reason: 'states', atStart: true, saneStep: -1 });
    const c = makeConfig({ model: { scale: '1', depth: 32 } });
    expect(explainDivergence(c, d!)).toMatch(
      /already explodes at the weights this run started from.*reset\.$/,
    );
    expect(new DivergenceMonitor().check(pts([0.7, 1e9]))?.atStart).toBe(false);
  });

  it('explains the likely cause for the optimizer and the depth multiplier', () => {
    const adam = makeConfig({ train: { optimizer: 'adam', lr: 1e6 } });
    const later = { atStart: false };
    expect(explainDivergence(adam, later)).toMatch(/Adam moves every weight by about lr per step/);
    const sgd = makeConfig({ train: { optimizer: 'sgd', lr: 10, momentum: 0.9, lrDepthMult: 'N' } });
    expect(explainDivergence(sgd, later)).toMatch(/SGD with lr = 10.*depth multiplier N.*momentum 0.9.*10×/);
    expect(explainDivergence(sgd, later, 'run again')).toMatch(/run again\.$/);
  });

  it('the float64 engine at SGD lr 1e6 is flagged long before its loss overflows', () => {
    const c = makeConfig({
      data: { kind: 'moons', nTrain: 32 },
      model: { d: 2, width: 6, depth: 8, scale: '1' },
      train: { optimizer: 'sgd', lr: 1e6, momentum: 0.9, batchSize: 16 },
    });
    const t = new CpuTrainer(c);
    const m = new DivergenceMonitor();
    let d = null;
    for (let i = 0; i < 20 && !d; i++) d = m.check([t.trainStep()]);
    expect(d).not.toBeNull();
    expect(Number.isFinite(d!.loss)).toBe(true); // caught as an explosion, not as NaN
    expect(d!.step).toBeLessThanOrEqual(3);
  });
});
