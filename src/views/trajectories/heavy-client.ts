// Runs the trajectory view's heavy work (heavy.ts) in one Web Worker, newest job first: while one job runs, a
// newer one replaces any job still waiting, so a slow overlay never queues up behind training. Where there is no
// Worker (Node tests) the job runs in a later task instead. The job's arrays go to the worker by transfer and
// come back with its answer, to be filled again for the next job: the page never allocates (and page-faults) a
// fresh copy of the weights per snapshot, it copies into memory it already has (issue 13 item 5).
import { type HeavyJob, type HeavyResult, trajectoryHeavy } from './heavy';

/** The residual sets' stand-in when a snapshot has none (an empty array; the job says null). */
const NO_WEIGHTS = new Float64Array(0);

type Done = (r: { result: HeavyResult } | { error: string }) => void;

export class HeavyClient {
  private worker: Worker | null = null;
  private busy = false;
  private scheduled = false;
  private waiting: { job: HeavyJob; done: Done } | null = null;
  private running: Done | null = null;
  private nextId = 1;
  /** Arrays the worker handed back, by length, for the next jobs' copies. */
  private readonly spare = new Map<number, Float64Array[]>();

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
      this.worker.onmessage = (
        ev: MessageEvent<{ id: number; result?: HeavyResult; error?: string; spare?: Float64Array[] }>,
      ) => {
        for (const a of ev.data.spare ?? []) this.giveBack(a);
        finish(ev.data.result ? { result: ev.data.result } : { error: ev.data.error ?? 'worker failed' });
      };
      // a crashed worker (out of memory) is replaced on the next job
      this.worker.onerror = (ev) => {
        ev.preventDefault();
        this.worker?.terminate();
        this.worker = null;
        finish({ error: ev.message || 'the analysis worker stopped' });
      };
    }
    // the snapshot keeps its arrays (the store and the other views read them): the job's are copies, into arrays
    // the worker handed back, transferred (posting costs a copy into warm memory, no serialisation)
    const j = next.job;
    const arrays = [
      this.copy(j.weights.residual ?? NO_WEIGHTS),
      this.copy(j.weights.embed),
      this.copy(j.fanX),
      this.copy(j.trajectories),
    ];
    const [residual, embed, fanX, trajectories] = arrays;
    const job: HeavyJob = {
      ...j,
      weights: { residual: j.weights.residual ? residual : null, embed },
      fanX,
      trajectories,
    };
    this.worker.postMessage(
      { id: this.nextId++, job },
      arrays.map((a) => a.buffer as ArrayBuffer),
    );
  }

  /** A Float64Array copy of `a`, in an array handed back by the worker when one of that length is spare. */
  private copy(a: ArrayLike<number>): Float64Array {
    const out = this.spare.get(a.length)?.pop() ?? new Float64Array(a.length);
    out.set(a);
    return out;
  }

  /** Keep an array the worker is done with (two per length: a job's and the next one's). */
  private giveBack(a: Float64Array): void {
    if (!(a instanceof Float64Array) || a.length === 0) return;
    const list = this.spare.get(a.length) ?? [];
    if (list.length < 2) list.push(a);
    this.spare.set(a.length, list);
  }

  /** Spare arrays held (tests). */
  get spareCount(): number {
    let n = 0;
    for (const l of this.spare.values()) n += l.length;
    return n;
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
