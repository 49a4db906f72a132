// Runs the trajectory view's heavy work (heavy.ts) in one Web Worker, newest job first: while one job runs, a
// newer one replaces any job still waiting, so a slow overlay never queues up behind training. Where there is no
// Worker (Node tests) the job runs in a later task instead.
import { type HeavyJob, type HeavyResult, trajectoryHeavy } from './heavy';

type Done = (r: { result: HeavyResult } | { error: string }) => void;

export class HeavyClient {
  private worker: Worker | null = null;
  private busy = false;
  private scheduled = false;
  private waiting: { job: HeavyJob; done: Done } | null = null;
  private running: Done | null = null;
  private nextId = 1;

  constructor(private readonly makeWorker: (() => Worker) | null) {}

  /** Submit a job; `done` is called with its result, or never when a newer job replaces it before it starts. */
  submit(job: HeavyJob, done: Done): void {
    this.waiting = { job, done };
    if (this.busy || this.scheduled) return;
    // posting copies the weights (tens of ms at depth 2048): in a task of its own, not in the one that renders the
    // snapshot (the profiler in e2e/longtask-profile.spec.ts found it inside the snapshot's long task)
    this.scheduled = true;
    setTimeout(() => {
      this.scheduled = false;
      if (!this.busy) this.pump();
    }, 0);
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    this.waiting = null;
    this.busy = false;
  }

  private pump(): void {
    const next = this.waiting;
    if (!next) return;
    this.waiting = null;
    this.busy = true;
    this.running = next.done;
    const finish = (r: { result: HeavyResult } | { error: string }) => {
      this.busy = false;
      const done = this.running;
      this.running = null;
      done?.(r);
      this.pump();
    };
    if (!this.makeWorker) {
      setTimeout(() => {
        try {
          finish({ result: trajectoryHeavy(next.job) });
        } catch (e) {
          finish({ error: e instanceof Error ? e.message : String(e) });
        }
      }, 0);
      return;
    }
    if (!this.worker) {
      this.worker = this.makeWorker();
      this.worker.onmessage = (ev: MessageEvent<{ id: number; result?: HeavyResult; error?: string }>) =>
        finish(ev.data.result ? { result: ev.data.result } : { error: ev.data.error ?? 'worker failed' });
      // a crashed worker (out of memory) is replaced on the next job
      this.worker.onerror = (ev) => {
        ev.preventDefault();
        this.worker?.terminate();
        this.worker = null;
        finish({ error: ev.message || 'the analysis worker stopped' });
      };
    }
    // the job's arrays are copied and their buffers handed over: posting costs a copy, not a serialisation
    const j = next.job;
    const job: HeavyJob = {
      ...j,
      weights: { residual: j.weights.residual.slice(), embed: j.weights.embed.slice() },
      fanX: j.fanX.slice(),
      trajectories: new Float64Array(j.trajectories),
    };
    const transfer = [job.weights.residual.buffer, job.weights.embed.buffer, job.fanX.buffer];
    transfer.push((job.trajectories as Float64Array).buffer);
    this.worker.postMessage({ id: this.nextId++, job }, transfer);
  }
}

let shared: HeavyClient | null = null;

/** The page's client (one worker for every trajectory view). */
export function heavyClient(): HeavyClient {
  shared ??= new HeavyClient(
    typeof Worker === 'undefined'
      ? null
      : () =>
          new Worker(new URL('./heavy.worker.ts', import.meta.url), {
            type: 'module',
            name: 'ode-lens-trajectories',
          }),
  );
  return shared;
}
