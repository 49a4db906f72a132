// Run a plan one backend at a time (each disposed after use): train every network the same steps, then let the
// plan's metric measure it. Pure orchestration over the Backend interface: no DOM, no React; the page picks the
// backend (WebGPU, or the float64 engine inside sweep.worker.ts). Cancelling keeps the points measured so far.
import { DivergenceMonitor } from '../core/divergence';
import type { Backend } from '../run/backend';
import { networkOutput, odeDistanceOf } from './measure';
import { sweepMetric } from './metrics';
import type { OdeJob, SweepDeps, SweepPlan, SweepPoint, SweepProgress, SweepRun } from './types';

class Cancelled extends Error {}

/** Train for `steps` in chunks, checking for cancellation between chunks; returns a note if it diverged. */
async function train(
  b: Backend,
  steps: number,
  chunk: number,
  check: () => void,
  progress: (step: number) => void,
): Promise<string | undefined> {
  let done = 0;
  const monitor = new DivergenceMonitor();
  while (done < steps) {
    check();
    const k = Math.min(chunk, steps - done);
    await b.trainSteps(k);
    await b.sync();
    done += k;
    const bad = monitor.check(await b.readLosses());
    if (bad) return `training diverged at step ${bad.step} (${bad.detail})`;
    progress(done);
  }
  return undefined;
}

export async function runSweep(plan: SweepPlan, deps: SweepDeps): Promise<SweepRun> {
  const { signal } = deps;
  const metric = sweepMetric(plan.metric);
  const chunk = Math.max(1, deps.trainChunk ?? 64);
  const odeDistance = deps.odeDistance ?? (async (j: OdeJob) => odeDistanceOf(j));
  const points: SweepPoint[] = [];
  const total = plan.tasks.length;
  let refOutput: Float64Array | null = null;
  const check = () => {
    if (signal?.aborted) throw new Cancelled();
  };

  try {
    for (const [i, task] of plan.tasks.entries()) {
      check();
      const info = { seriesId: task.seriesId, N: task.N, M: task.M, role: task.role };
      const report = (phase: SweepProgress['phase'], trainStep = 0) =>
        deps.onProgress?.({ done: i, total, task: info, phase, trainStep, trainTotal: plan.trainSteps });
      report('build');
      const point: SweepPoint = {
        seriesId: task.seriesId,
        N: task.N,
        M: task.M,
        x: task.x,
        y: Number.NaN,
        floor: 0,
        precision: 'float64',
        loss: Number.NaN,
      };
      let backend: Backend | null = null;
      try {
        backend = await deps.makeBackend(task.config);
      } catch (e) {
        if (e instanceof Error && e.name === 'EngineLimitError') point.note = `does not fit: ${e.message}`;
        else throw e;
      }
      if (backend) {
        try {
          point.precision = backend.memory.precision;
          if (task.role === 'point' && metric.atInit) await metric.atInit(backend, point);
          const note = await train(backend, plan.trainSteps, chunk, check, (s) => report('train', s));
          check();
          report('measure', plan.trainSteps);
          if (note) point.note = note;
          else if (task.role === 'reference') refOutput = await networkOutput(backend);
          else await metric.measure(backend, point, { refOutput, odeDistance });
        } finally {
          backend.dispose();
        }
      }
      if (task.role === 'reference') {
        if (!refOutput) throw new Error(`the reference network failed: ${point.note ?? 'unknown error'}`);
      } else {
        points.push(point);
        deps.onPoint?.(point);
      }
      deps.onProgress?.({
        done: i + 1,
        total,
        task: info,
        phase: i + 1 === total ? 'finished' : 'measure',
        trainStep: plan.trainSteps,
        trainTotal: plan.trainSteps,
      });
    }
  } catch (e) {
    if (e instanceof Cancelled) return { points, cancelled: true };
    throw e;
  }
  return { points, cancelled: false };
}
