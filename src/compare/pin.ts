// A pinned run: what is kept of a run to compare later runs with it (its config, its curves, its final numbers
// and a small snapshot for side-by-side views), as plain JSON-safe data so that it can go to localStorage and
// into experiment files. Pure: the pins store (src/state/pins.ts) and the file format (src/io/experiment-file.ts)
// build on it.
import type { ExperimentConfig } from '../core/config';
import type { Evaluation, LossPoint } from '../core/results';
import { appendThinned } from '../core/thin';

const thinTo = <T>(list: T[], max: number): T[] => appendThinned([], list, max);

/** Pins kept at most (each one adds curves to the charts: more would not be readable). */
export const MAX_PINS = 6;
/** Points kept per pinned curve (the charts are a few hundred pixels wide). */
export const PIN_CURVE_POINTS = 400;
/** Layers and inputs of the pinned trajectories. */
export const PIN_LAYERS = 65;
export const PIN_FAN = 24;
/**
 * What a pin's snapshot is made of (src/compare/pin-snapshot.ts): the fan, the decision regions and the residual
 * weights (their norms). The Compare view asks for it; a pin taken while it and the views that read these were
 * closed reads it once (src/state/pins.ts).
 */
export const PIN_NEEDS = { fan: PIN_FAN, grid: true, weights: true } as const;
/** Rows (depth) of the pinned weight-norm map. */
export const PIN_HEAT_ROWS = 64;

export interface PinCurves {
  losses: LossPoint[];
  evals: (Evaluation & { step: number })[];
  gradErrors: { step: number; value: number }[];
}

/** The numbers a run ended with (NaN: not measured, e.g. accuracy of a regression). */
export interface PinFinal {
  step: number;
  /** Last batch loss. */
  loss: number;
  trainLoss: number;
  testLoss: number;
  /** Relative error of the adjoint gradient, last measured. */
  gradError: number;
  trainAcc: number;
  testAcc: number;
}

/** The side-by-side views' data: trajectories in the plot's plane, decision regions, per-unit weight norms. */
export interface PinSnapshot {
  step: number;
  /** 'line': x against s = n/N (d = 1); 'plane': the first two coordinates of the state. */
  mode: 'line' | 'plane';
  /** State dimension (d > 2: the plane shows x₁, x₂ only). */
  d: number;
  /** Depth of each kept layer, s ∈ [0, 1]. */
  s: number[];
  /** Inputs kept. */
  F: number;
  /** Plot coordinates [layers][F][2] (line mode: [s, x]). */
  xy: number[];
  /** Colour of each trajectory (by class, or along the fan). */
  colors: string[];
  /** Decision regions over the input plane (2-D inputs), as the trajectories view computes them. */
  grid: {
    nx: number;
    ny: number;
    x0: number;
    x1: number;
    y0: number;
    y1: number;
    /** 'probability': P(class 1); 'class': the arg-max class; 'value': the first output. */
    kind: 'probability' | 'class' | 'value';
    values: number[];
  } | null;
  /** Per-unit weight norms over depth [rows][cols] (rows spread evenly over s ∈ [0, 1]). */
  norms: { rows: number; cols: number; values: number[]; blocks: { label: string; count: number }[] } | null;
}

/** A sweep's measured series, to overlay on a later sweep of the same metric. */
export interface PinSweep {
  kind: string;
  metric: string;
  xLabel: string;
  yLabel: string;
  series: { id: string; label: string; points: { x: number; y: number }[] }[];
}

export interface Pin {
  id: string;
  label: string;
  /** When it was pinned (ms since 1970). */
  at: number;
  config: ExperimentConfig;
  curves: PinCurves;
  final: PinFinal;
  snapshot: PinSnapshot | null;
  sweep?: PinSweep;
}

/** Round to 5 significant digits: the pins stay small and nothing drawn changes. */
export const round5 = (v: number): number => (Number.isFinite(v) ? Number(v.toPrecision(5)) : v);

/** The run's curves, thinned and rounded for keeping. */
export function pinCurves(run: PinCurves): PinCurves {
  return {
    losses: thinTo(run.losses, PIN_CURVE_POINTS).map((p) => ({
      step: p.step,
      loss: round5(p.loss),
      acc: round5(p.acc),
    })),
    evals: thinTo(run.evals, PIN_CURVE_POINTS).map((e) => ({
      step: e.step,
      trainLoss: round5(e.trainLoss),
      testLoss: round5(e.testLoss),
      trainAcc: round5(e.trainAcc),
      testAcc: round5(e.testAcc),
    })),
    gradErrors: thinTo(run.gradErrors, PIN_CURVE_POINTS).map((g) => ({
      step: g.step,
      value: round5(g.value),
    })),
  };
}

/** The last values of the run's curves. */
export function finalNumbers(run: PinCurves & { step: number; loss: number }): PinFinal {
  const e = run.evals.at(-1);
  return {
    step: run.step,
    loss: Number.isFinite(run.loss) ? run.loss : (run.losses.at(-1)?.loss ?? Number.NaN),
    trainLoss: e?.trainLoss ?? Number.NaN,
    testLoss: e?.testLoss ?? Number.NaN,
    gradError: run.gradErrors.at(-1)?.value ?? Number.NaN,
    trainAcc: e?.trainAcc ?? Number.NaN,
    testAcc: e?.testAcc ?? Number.NaN,
  };
}

/** A short id, unique enough among a handful of pins. */
export function pinId(at: number, taken: readonly string[]): string {
  let k = 0;
  for (;;) {
    const id = `p${at.toString(36)}${k ? `-${k}` : ''}`;
    if (!taken.includes(id)) return id;
    k++;
  }
}

/** Whether another pin fits, and if not why (shown as it is). */
export function pinRoom(pins: readonly Pin[]): string | null {
  return pins.length >= MAX_PINS
    ? `At most ${MAX_PINS} runs can be pinned: unpin one (in the Compare view) to pin this one.`
    : null;
}
