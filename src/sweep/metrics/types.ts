// One sweep metric = one module: what it measures (on any backend), how it is named in the menu, the plot and
// the tooltip, which series and reference networks it needs, what theory expects, and how its points are read
// out (a power law, or where they cross a level). The registry (./index.ts) lists them; nothing else does.
import type { ExperimentConfig, InitKind } from '../../core/config';
import type { Backend } from '../../run/backend';
import type { SchemeFacts } from '../schemes';
import type { OdeJob, SweepOptions, SweepPoint, ThresholdFit } from '../types';

export interface PlanContext {
  config: ExperimentConfig;
  opts: SweepOptions;
  init: InitKind;
  /** §3.1's counter-examples (ramp, alternating): not smooth in depth on purpose, so nothing converges. */
  counterExample: boolean;
  /** Otherwise: the weights are a smooth function of depth (not i.i.d.). */
  smooth: boolean;
  /** Training steps before measuring (0: at initialisation). */
  trainSteps: number;
}

export interface MeasureEnv {
  /** Output of the reference network on the fixed batch (metrics with a reference). */
  refOutput: Float64Array | null;
  /** Distance to the interpolated ODE; the page may run it in sweep.worker. */
  odeDistance(job: OdeJob): Promise<number>;
}

export type FitPolicy =
  /** Log-log least squares over the points clearly above their round-off floor; reference lines ∝ x^p. */
  | { kind: 'powerLaw'; refSlopes: readonly number[] }
  /**
   * The effect switches on past some depth (not a power law): read off where the series falls below a level
   * for good. `level` comes from the points (e.g. a fraction of the value at initialisation), NaN if they
   * cannot say; `describe` words the read-out, e.g. "trains from N ≈ 22 (loss < 0.069)".
   */
  | {
      kind: 'threshold';
      level(points: readonly SweepPoint[]): number;
      /** The level in words for the plot legend, e.g. "0.1 × initial loss". */
      levelLabel: string;
      describe(fit: ThresholdFit): string;
    };

export interface SweepMetricDef<Id extends string = string> {
  id: Id;
  /** Menu entry and its tooltip. */
  label: string;
  title: string;
  /** Plot title, y-axis label and the tooltip's name of a value. */
  plotTitle: string;
  yLabel: string;
  short: string;
  /** 'depth': one depth list; 'widthDepth': a depth × width grid (x = L·M, one series per width). */
  sweep: 'depth' | 'widthDepth';
  /**
   * Series of a depth sweep: 'schemes' compares the ResNet and the HeunNet, 'configScheme' measures the
   * experiment's own scheme. (Width sweeps have one series per width.)
   */
  series: 'schemes' | 'configScheme';
  /** A series' label: say what the series is for this metric (the reverse pass only where it is measured). */
  seriesLabel(s: SchemeFacts, ctx: PlanContext): string;
  /** A network the points are compared to: 4 × deeper (depth sweeps) or deeper and wider (width sweeps). */
  reference?: 'deeper' | 'deeperAndWider';
  /** Notes for the user (not errors) about this metric with this config. */
  notes?(ctx: PlanContext): string[];
  /** What theory predicts for a series. */
  expected(ctx: PlanContext, s: SchemeFacts): string;
  /** Whether the float32 round-off floor means anything for the values (not for a property of the weights). */
  hasFloor: boolean;
  /** Uses env.odeDistance (the page then starts a worker for the float64 ODE solve of GPU sweeps). */
  solvesOde?: boolean;
  /** Measured before training (the threshold level's reference value). */
  atInit?(b: Backend, point: SweepPoint): Promise<void>;
  /** Measure one trained point: sets y, floor and loss. Backend hides WebGPU / WASM / float64. */
  measure(b: Backend, point: SweepPoint, env: MeasureEnv): Promise<void>;
  fit: FitPolicy;
}
