// The trajectory view's expensive work, as one pure function a worker runs: the neural ODE of the interpolated
// weights for the fan (RK4 over every layer), the crossings (d ≤ 2) and, for d > 2, the PCA plane and the projected
// states. The overlay and the PCA are capped by an operation count that includes every dimension (depth, fan, d, width), so no config makes them run
// for minutes; what was left out is said in `odeNote`.
import { type CrossingResult, crossings1d, crossings2d } from '../../core/crossings';
import { solveInterpolatedOde } from '../../core/ode';
import type { NetSpec, Weights } from '../../core/params';
import { embed } from '../../core/reference';
import { residualKind } from '../../residuals';
import { type Pca, pca, project } from './pca';

/** RK4 sub-steps per layer interval of the overlay (4th order: far below the ResNet's own error). */
export const ODE_SUBSTEPS = 4;
/** Most operations the overlay may cost (a few seconds in a worker); larger nets are drawn without it. */
export const ODE_MAX_OPS = 3e9;
/** Most multiply-adds the PCA's covariance may cost; beyond, it is fitted on every k-th state. */
export const PCA_MAX_OPS = 2e8;

/** Operations of one evaluation of the residual f(x, θ) for one state (multiply-adds counted as 2). */
export function residualOps(spec: Pick<NetSpec, 'residual' | 'd' | 'M'>): number {
  return residualKind(spec.residual).f64.ops(spec);
}

/**
 * Operations of the overlay: S layer intervals × F inputs × sub-steps × 4 RK stages, each stage interpolating a
 * whole parameter set (3 per entry) and evaluating the residual.
 */
export function odeOps(
  spec: Pick<NetSpec, 'residual' | 'd' | 'M' | 'steps' | 'setSize'>,
  F: number,
  sub = ODE_SUBSTEPS,
) {
  return spec.steps * F * sub * 4 * (3 * spec.setSize + residualOps(spec));
}

/** Stride over the states that keeps the covariance (count/stride × d² / 2 multiply-adds) within PCA_MAX_OPS. */
export function pcaStride(count: number, d: number): number {
  return Math.max(1, Math.ceil((count * d * d) / 2 / PCA_MAX_OPS));
}

export interface HeavyJob {
  spec: NetSpec;
  /** The residual sets are null when the snapshot was read without them (the overlay was off then). */
  weights: Pick<Weights, 'embed'> & { residual: Float64Array | null };
  fanX: Float64Array;
  F: number;
  /** Forward states of the fan [S+1][F][d]. */
  trajectories: ArrayLike<number>;
  /** Solve the overlay (the view shows it). */
  ode: boolean;
  /** Axes of the previous PCA fit, so the plane does not flip between snapshots. */
  previousAxes: Float64Array[] | null;
}

export interface HeavyResult {
  /** The ODE's states at s_n [S+1][F][d], or null (not asked, or over the cap: see odeNote). */
  ode: Float64Array | null;
  odeNote: string | null;
  /** d > 2: the PCA fit and the states (and ODE states) on its plane [L·F][2]. */
  pca: { fit: Pca; xy: Float64Array; odeXy: Float64Array | null; stride: number } | null;
  /** d ≤ 2: where trajectories cross (F² × depth segment tests: too slow for the main thread at depth 2048). */
  crossings: CrossingResult | null;
}

export function trajectoryHeavy(job: HeavyJob): HeavyResult {
  const { spec, F } = job;
  let ode: Float64Array | null = null;
  let odeNote: string | null = null;
  if (job.ode) {
    const ops = odeOps(spec, F);
    if (!job.weights.residual) odeNote = 'ODE: waiting for the weights (the next snapshot reads them)';
    else if (ops > ODE_MAX_OPS)
      odeNote = `ODE overlay left out: ${ops.toExponential(1)} operations for depth ${spec.steps} × ${F} inputs × d ${spec.d}${spec.M ? ` × width ${spec.M}` : ''} (limit ${ODE_MAX_OPS.toExponential(0)}); fewer inputs in the fan bring it back`;
    else
      ode = solveInterpolatedOde(
        spec,
        job.weights.residual,
        embed(spec, job.weights, job.fanX, F),
        F,
        ODE_SUBSTEPS,
      );
  }
  let fit: HeavyResult['pca'] = null;
  if (spec.d > 2 && F > 0) {
    const count = (spec.steps + 1) * F;
    const stride = pcaStride(count, spec.d);
    const p = pca(job.trajectories, count, spec.d, 2, job.previousAxes, stride);
    fit = {
      fit: p,
      xy: project(p, job.trajectories, count),
      odeXy: ode ? project(p, ode, count) : null,
      stride,
    };
  }
  const L = spec.steps + 1;
  const crossings =
    spec.d === 1
      ? crossings1d(job.trajectories, L, F)
      : spec.d === 2
        ? crossings2d(job.trajectories, L, F)
        : null;
  return { ode, odeNote, pca: fit, crossings };
}
