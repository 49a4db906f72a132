// The data a sweep passes around: its plan (plain data: it is posted to sweep.worker, so it names its metric by
// id, never by module), the points it measures, its progress and the fits of its series.
import type { ExperimentConfig } from '../core/config';
import type { LogLogFit } from '../core/fit';
import type { NetSpec } from '../core/params';
import type { Backend } from '../run/backend';
import type { ViewsState } from '../views/registry';
import type { SweepMetricId } from './metrics';

export type { SweepMetricId };
export type SweepOptions = ViewsState['sweep'];

export interface SweepSeriesInfo {
  id: string;
  label: string;
  /** What theory predicts for the series (a slope, or where the effect sets in), as a short phrase. */
  expected: string;
}

export interface SweepTask {
  /** 'reference': the deep (or deep and wide) network the 'deepReference' / 'meanOde' points compare to. */
  role: 'point' | 'reference';
  seriesId: string;
  /** Depth N (= L) and hidden width M of this network. */
  N: number;
  M: number;
  /** Abscissa: N, or L·M for the mean-ODE sweep. */
  x: number;
  config: ExperimentConfig;
}

export interface SweepPlan {
  kind: SweepOptions['kind'];
  metric: SweepMetricId;
  trainSteps: number;
  series: SweepSeriesInfo[];
  tasks: SweepTask[];
  xLabel: string;
  yLabel: string;
  /** Exponents p of reference lines ∝ x^p drawn through the first point. */
  refSlopes: number[];
  /** The reference network, when the metric has one. */
  reference: { N: number; M: number } | null;
  /** Things the user should know (not errors), e.g. why the reference has the size it has. */
  notes: string[];
}

export type PlanResult = { ok: true; plan: SweepPlan } | { ok: false; errors: string[] };

export interface SweepPoint {
  seriesId: string;
  N: number;
  M: number;
  x: number;
  /** The metric (NaN when the point failed or diverged; see `note`). */
  y: number;
  /** Round-off floor of `y` at this point's precision: values near it measure arithmetic, not the method. */
  floor: number;
  precision: 'float32' | 'float64';
  /** Loss on the diagnostic batch when measured. */
  loss: number;
  /** Metrics with a threshold read-out: the same quantity at initialisation (sets the level). */
  initial?: number;
  note?: string;
}

export interface SweepProgress {
  /** Tasks finished (points and the reference) out of `total`. */
  done: number;
  total: number;
  task: { seriesId: string; N: number; M: number; role: SweepTask['role'] } | null;
  phase: 'build' | 'train' | 'measure' | 'finished';
  trainStep: number;
  trainTotal: number;
}

/** What the page may run off the main thread: the float64 ODE solve behind 'odeDistance'. */
export interface OdeJob {
  spec: NetSpec;
  residual: Float64Array;
  x0: Float64Array;
  /** Forward states [S+1][B][d] of the network. */
  states: Float64Array;
  B: number;
}

export interface SweepDeps {
  makeBackend: (config: ExperimentConfig) => Promise<Backend>;
  signal?: AbortSignal;
  onProgress?: (p: SweepProgress) => void;
  onPoint?: (p: SweepPoint) => void;
  /** Distance to the interpolated ODE (default: in this thread). */
  odeDistance?: (job: OdeJob) => Promise<number>;
  /** Training steps between two cancellation checks. */
  trainChunk?: number;
}

export interface SweepRun {
  points: SweepPoint[];
  cancelled: boolean;
}

// ---------------------------------------------------------------------------------------------------------
// Fits: a power law for rates, a crossing of a level for effects that switch on (Fig. 4's trained loss).

export interface PowerLawFit extends LogLogFit {
  kind: 'powerLaw';
  /** Points left out for being within a few × of the round-off floor (or failed). */
  excluded: number;
}

export interface ThresholdFit {
  kind: 'threshold';
  /** The level the metric must fall below (NaN when the points do not say: no value at initialisation). */
  level: number;
  /**
   * 'crosses': above the level up to some x, below it from there on; 'below': below at every point; 'above':
   * not below from any point on (the last is above); 'unknown': no level or no points.
   */
  outcome: 'crosses' | 'below' | 'above' | 'unknown';
  /** x where the series goes below the level for good, interpolated in (log x, log y); null unless 'crosses'. */
  crossing: number | null;
  /** The measured abscissae either side of the crossing. */
  bracket: [number, number] | null;
  /** Points used (finite, positive). */
  n: number;
  excluded: number;
  /** Smallest and largest x used. */
  xs: [number, number] | null;
}

export type SeriesFit = PowerLawFit | ThresholdFit;
