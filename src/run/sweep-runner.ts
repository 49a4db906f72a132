// The page's sweep runner: plans a sweep of the experiment and options it is given, runs it on the WebGPU device
// (float32) or in a worker on the float64 engine, and emits its start, progress, points and end (the sweep store
// subscribes: src/state/sweep.ts `connectSweep`). One sweep at a time; the main run pauses meanwhile (both would
// share the GPU / the CPU cores) and resumes afterwards.
import type { ExperimentConfig } from '../core/config';
import { heldImageBytes, imageSizeOf, notProvisionedMessage } from '../data/provision';
import { residualKind } from '../residuals';
import { sweepMetric } from '../sweep/metrics';
import { planSweep } from '../sweep/plan';
import { runSweep } from '../sweep/run';
import type { OdeJob, SweepPlan, SweepPoint, SweepProgress } from '../sweep/types';
import { controller } from './controller';
import { GpuBackend } from './gpu-backend';
import { gpuNow } from './gpu-source';

/** What a sweep's meta says about where it runs (the rest comes from its plan). */
export interface SweepRunInfo {
  precision: 'float32' | 'float64';
  backendLabel: string;
  /** One line describing the experiment, e.g. "moons · MLP d = 2, M = 16 · smooth init". */
  experiment: string;
  notes: string[];
}

export type SweepEvent =
  | { type: 'began'; plan: SweepPlan; info: SweepRunInfo }
  | { type: 'progress'; progress: SweepProgress }
  | { type: 'point'; point: SweepPoint }
  | { type: 'ended'; status: 'done' | 'cancelled' | 'error'; error: string | null }
  /** The sweep could not start (invalid plan); earlier results stay. */
  | { type: 'failed'; error: string };

type WorkerMessage =
  | { type: 'progress'; progress: SweepProgress }
  | { type: 'point'; point: SweepPoint }
  | { type: 'done' }
  | { type: 'error'; message: string }
  | { type: 'ode'; id: number; value?: number; error?: string };

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

function newWorker(): Worker {
  return new Worker(new URL('./sweep.worker.ts', import.meta.url), {
    type: 'module',
    name: 'ode-lens-sweep',
  });
}

/** One line naming the experiment a sweep ran. */
export function describeExperiment(c: ExperimentConfig, trainSteps: number): string {
  const m = c.model;
  const arch = residualKind(m.residual).describe(m);
  const train =
    trainSteps > 0 ? `${trainSteps} steps of ${c.train.optimizer} (lr ${c.train.lr})` : 'at initialisation';
  return `${c.data.kind} · ${arch} · ${c.init.kind} init · h = ${m.scale} · ${train} · seed ${c.seed}`;
}

export class SweepRunner {
  private generation = 0;
  private abort: AbortController | null = null;
  private workers: Worker[] = [];
  /** Settles when the last sweep's backends are disposed (a GPU call in flight cannot be interrupted). */
  private finished: Promise<void> = Promise.resolve();
  private resumeRun = false;
  private onCancel: (() => void) | null = null;
  private isRunning = false;
  private listeners = new Set<(e: SweepEvent) => void>();

  /** Receive every event from now on; returns the function that stops it. */
  subscribe(l: (e: SweepEvent) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private emit(e: SweepEvent): void {
    if (e.type === 'began') this.isRunning = true;
    if (e.type === 'ended') this.isRunning = false;
    for (const l of this.listeners) l(e);
  }

  get running(): boolean {
    return this.isRunning;
  }

  /** Plan and start a sweep of this experiment with these sweep options (the sweep view's). */
  async start(config: ExperimentConfig, opts: Parameters<typeof planSweep>[1]): Promise<void> {
    if (this.running) return;
    const r = planSweep(config, opts);
    if (!r.ok) {
      this.emit({ type: 'failed', error: r.errors.join('\n') });
      return;
    }
    // image data: the sweep's networks use the page's verified copy and never fetch (a failed or unfinished
    // download would otherwise fail at the first network with an engine error)
    const missing = notProvisionedMessage(config, 'This sweep');
    if (missing) {
      this.emit({ type: 'failed', error: missing });
      return;
    }
    const gen = ++this.generation;
    await this.finished; // never two sweeps on the device at once
    if (gen !== this.generation) return;
    const gpu = gpuNow();
    const onGpu = opts.precision === 'gpu' && gpu.state === 'ok' && !!gpu.device;
    const notes: string[] = [];
    if (opts.precision === 'gpu' && !onGpu)
      notes.push('WebGPU is not available: this sweep ran on the CPU (float64 engine).');
    const adapter = gpu.info ? `${gpu.info.vendor} ${gpu.info.architecture}`.trim() : '';
    this.resumeRun = controller.isPlaying;
    controller.pause();
    this.emit({
      type: 'began',
      plan: r.plan,
      info: {
        precision: onGpu ? 'float32' : 'float64',
        backendLabel: onGpu ? `WebGPU${adapter ? ` · ${adapter}` : ''} · float32` : 'CPU worker · float64',
        experiment: describeExperiment(config, r.plan.trainSteps),
        notes,
      },
    });
    this.finished = onGpu ? this.runOnGpu(gen, r.plan, gpu.device!, adapter) : this.runInWorker(gen, r.plan);
  }

  /** Stop now; the points measured so far stay. */
  cancel(): void {
    if (!this.running) return;
    this.generation++;
    this.abort?.abort();
    this.stopWorkers();
    this.onCancel?.();
    this.onCancel = null;
    this.settle('cancelled');
  }

  private settle(status: 'done' | 'cancelled' | 'error', error: string | null = null): void {
    this.emit({ type: 'ended', status, error });
    if (this.resumeRun) controller.play();
    this.resumeRun = false;
  }

  private stopWorkers(): void {
    for (const w of this.workers) w.terminate();
    this.workers = [];
  }

  private async runOnGpu(
    gen: number,
    plan: SweepPlan,
    device: GPUDevice,
    adapterLabel: string,
  ): Promise<void> {
    const abort = new AbortController();
    this.abort = abort;
    // the float64 ODE solve runs in a worker so the page stays responsive at large N
    const helper = sweepMetric(plan.metric).solvesOde ? this.odeHelper() : undefined;
    const live = () => gen === this.generation;
    try {
      await runSweep(plan, {
        makeBackend: (c) => GpuBackend.create(device, c, { adapterLabel }),
        signal: abort.signal,
        onProgress: (p) => {
          if (live()) this.emit({ type: 'progress', progress: p });
        },
        onPoint: (p) => {
          if (live()) this.emit({ type: 'point', point: p });
        },
        odeDistance: helper,
      });
      if (live()) this.settle('done');
    } catch (e) {
      if (live()) this.settle('error', errorText(e));
    } finally {
      if (this.abort === abort) this.abort = null;
      if (live()) this.stopWorkers();
    }
  }

  private odeHelper(): (job: OdeJob) => Promise<number> {
    const worker = newWorker();
    this.workers.push(worker);
    let next = 1;
    const waiting = new Map<number, { resolve: (v: number) => void; reject: (e: Error) => void }>();
    worker.addEventListener('message', (ev: MessageEvent<WorkerMessage>) => {
      const m = ev.data;
      if (m.type !== 'ode') return;
      const w = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.error !== undefined) w?.reject(new Error(m.error));
      else w?.resolve(m.value ?? Number.NaN);
    });
    worker.addEventListener('error', (ev) => {
      for (const w of waiting.values()) w.reject(new Error(`sweep worker crashed: ${ev.message}`));
      waiting.clear();
    });
    return (job) =>
      new Promise<number>((resolve, reject) => {
        const id = next++;
        waiting.set(id, { resolve, reject });
        worker.postMessage({ type: 'ode', id, job });
      });
  }

  private runInWorker(gen: number, plan: SweepPlan): Promise<void> {
    const worker = newWorker();
    this.workers.push(worker);
    return new Promise<void>((resolve) => {
      const end = (status: 'done' | 'error', error: string | null = null) => {
        if (gen === this.generation) {
          this.stopWorkers();
          this.settle(status, error);
        }
        resolve();
      };
      worker.addEventListener('message', (ev: MessageEvent<WorkerMessage>) => {
        if (gen !== this.generation) return resolve();
        const m = ev.data;
        if (m.type === 'progress') this.emit({ type: 'progress', progress: m.progress });
        else if (m.type === 'point') this.emit({ type: 'point', point: m.point });
        else if (m.type === 'done') end('done');
        else if (m.type === 'error') end('error', m.message);
      });
      worker.addEventListener('error', (ev) => end('error', `sweep worker crashed: ${ev.message}`));
      // a terminated worker sends nothing more: cancel() settles the store itself and resolves here
      this.onCancel = resolve;
      // image data: the worker gets a copy of the page's verified file, as the CPU run worker does
      const size = plan.tasks[0] ? imageSizeOf(plan.tasks[0].config) : null;
      const bytes = size === null ? null : heldImageBytes(size)?.slice();
      if (size !== null && bytes)
        worker.postMessage({ type: 'run', plan, images: { size, bytes } }, [bytes.buffer]);
      else worker.postMessage({ type: 'run', plan });
    });
  }
}

/** The page's sweep runner. */
export const sweepRunner = new SweepRunner();
