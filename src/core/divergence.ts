// Divergence: when training has exploded, not only when the loss is NaN. Every engine reports, per step, the
// mini-batch loss and (GPU, CPU alike) the largest |final state| of the batch and whether an update put a weight
// beyond WEIGHT_BOUND; the monitor turns those into a verdict, and `explainDivergence` into the likely cause.
// The GPU engine computes the magnitudes in its kernels and they come back with the losses it already reads, so
// the check costs no readback per step.
import { type ExperimentConfig, residualLrMultiplier } from './config';
import type { LossPoint } from './results';

/** |θ| beyond this after an update is an explosion (data and initialisations are of unit scale; init std ≤ 100). */
export const WEIGHT_BOUND = 1e6;
/**
 * |x_S| beyond this is an explosion: float32 squares (the loss) overflow near 1.8e19; below, a net that is merely
 * large at its initialisation (residual scale 1 at depth 32: |x_S| ≈ 1e13) still trains.
 */
export const STATE_BOUND = 1e15;
/**
 * A loss this many times above its start has exploded. The start is the larger of the first loss (the only one
 * computed from the initial weights) and the median of the first START_STEPS: neither a lucky first mini-batch,
 * nor an explosion within the first steps, nor a fast fall in them moves the bar much.
 */
export const LOSS_OVER_START = 1e3;
/** ...or this many times above its running minimum while above the start. Both compare the loss smoothed (EMA
 * weight SMOOTHING): single mini-batch losses of small batches range over orders of magnitude. */
export const LOSS_OVER_MIN = 1e6;
export const SMOOTHING = 0.2;
export const START_STEPS = 10;

/** What an engine reports for one step beyond its loss (absent: not measured). */
export interface StepBounds {
  /** Largest |x_S| over the step's batch (non-finite counts as beyond). */
  maxState?: number;
  /** Whether the step's update left a weight beyond WEIGHT_BOUND. */
  weightsBeyond?: boolean;
}

/** A step's loss point with its bound reports: what every engine's `readLosses` returns. */
export type StepReport = LossPoint & StepBounds;

export type DivergenceReason = 'non-finite' | 'loss-over-start' | 'loss-over-min' | 'states' | 'weights';

export interface Divergence {
  /** The loss point (1-based step) where it showed. */
  step: number;
  loss: number;
  reason: DivergenceReason;
  /** What was beyond what, in words ("the loss 1.2e+29 is 1.7e+29 × its start 0.69"). */
  detail: string;
  /**
   * The newest step whose weights are known sane: the loss (and states) of step k come from the weights after
   * k − 1 updates, so a bad loss or state at point k condemns the weights from step k − 1 on; a weight beyond
   * the bound in update k (with a sane loss) condemns those from step k on.
   */
  saneStep: number;
  /** Whether it showed at the first step checked: the weights the run started from already explode. */
  atStart: boolean;
}

const fmt = (v: number) => (Number.isFinite(v) ? v.toPrecision(3) : String(v));

/** Follows a run's losses; `check` returns the first diverged point of a batch, or null. */
export class DivergenceMonitor {
  private firsts: number[] = [];
  private start = Number.NaN;
  private smooth = Number.NaN;
  private min = Number.POSITIVE_INFINITY;

  check(points: readonly StepReport[]): Divergence | null {
    for (const p of points) {
      const bad = this.verdict(p);
      if (bad)
        return {
          step: p.step,
          loss: p.loss,
          ...bad,
          saneStep: p.step - (bad.reason === 'weights' ? 1 : 2),
          atStart: this.firsts.length === 0 && bad.reason !== 'weights',
        };
      if (this.firsts.length < START_STEPS) {
        this.firsts.push(p.loss);
        const s = [...this.firsts].sort((a, b) => a - b);
        const h = s.length >> 1;
        this.start = Math.max(this.firsts[0], s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2);
      }
      this.smooth = this.smoothed(p.loss);
      this.min = Math.min(this.min, this.smooth);
    }
    return null;
  }

  private smoothed(loss: number): number {
    return Number.isNaN(this.smooth) ? loss : (1 - SMOOTHING) * this.smooth + SMOOTHING * loss;
  }

  private verdict(p: StepReport): { reason: DivergenceReason; detail: string } | null {
    if (!Number.isFinite(p.loss)) return { reason: 'non-finite', detail: `the loss became ${p.loss}` };
    if (p.maxState !== undefined && !(p.maxState <= STATE_BOUND))
      return {
        reason: 'states',
        detail: `a final state reached |x| = ${fmt(p.maxState)} (> ${fmt(STATE_BOUND)})`,
      };
    // smoothed: single mini-batch losses of small batches range over orders of magnitude; an explosion
    // (many orders) still shows at once
    const seen = this.firsts.length > 0;
    const smooth = this.smoothed(p.loss);
    if (seen && smooth > LOSS_OVER_START * this.start)
      return {
        reason: 'loss-over-start',
        detail: `the loss ${fmt(p.loss)} (smoothed ${fmt(smooth)}) is ${fmt(smooth / this.start)} × its start ${fmt(this.start)}`,
      };
    if (seen && smooth > this.start && smooth > LOSS_OVER_MIN * this.min)
      return {
        reason: 'loss-over-min',
        detail: `the loss ${fmt(p.loss)} (smoothed ${fmt(smooth)}) is back above its start and ${fmt(smooth / this.min)} × its best ${fmt(this.min)}`,
      };
    // last: it condemns only the weights after the update (the loss of those before it was sane)
    if (p.weightsBeyond)
      return {
        reason: 'weights',
        detail: `a weight went beyond ±${fmt(WEIGHT_BOUND)} in the update of step ${p.step}`,
      };
    return null;
  }
}

/**
 * Likely cause and what to change: the initial network when it already explodes before any update, else the
 * learning rate for the run's optimizer and scaling; `then`: what to do next.
 */
export function explainDivergence(
  c: ExperimentConfig,
  d: Pick<Divergence, 'atStart'>,
  then = 'press play',
): string {
  if (d.atStart) {
    const m = c.model;
    return `Likely cause: the network already explodes at the weights this run started from, before any update (depth ${m.depth}, residual scale ${m.scale}, init.std ${c.init.std}). Use the 1/N residual scale, a smaller depth or a smaller init.std, and ${then === 'press play' ? 'reset' : then}.`;
  }
  const t = c.train;
  const mult = residualLrMultiplier(c);
  const eff = t.lr * mult;
  const scaled =
    mult !== 1 ? ` (× ${fmt(mult)} from the depth multiplier ${t.lrDepthMult}: ${fmt(eff)})` : '';
  const opt =
    t.optimizer === 'adam'
      ? `Adam moves every weight by about lr per step whatever the gradient's size, so lr = ${fmt(t.lr)}${scaled} is far too large for weights of unit scale`
      : `${t.optimizer === 'sgd' ? 'SGD' : 'Gradient descent'} with lr = ${fmt(t.lr)}${scaled} takes steps too large for this loss's curvature${t.optimizer === 'sgd' && t.momentum > 0 ? ` (momentum ${t.momentum} amplifies them about ${fmt(1 / (1 - t.momentum))}×)` : ''}`;
  return `Likely cause: the learning rate is too large for this optimizer and scale. ${opt}. Lower train.lr${mult !== 1 ? ' (or its depth multiplier)' : ''}, e.g. by 10×, and ${then}.`;
}
