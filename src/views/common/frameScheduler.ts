// One queue of main-thread jobs (canvas draws, a view's model), run in animation frames: each frame runs jobs
// until a small budget is spent (at least one), so a snapshot that touches every view costs several short
// tasks instead of one long one. A job is keyed (one per canvas or model): scheduling a key again before it ran
// replaces its job in place (the newest inputs win, the queue never grows with stale work).

/** Work per frame before the rest waits for the next frame (a frame is ~16 ms; input and paint need the rest). */
export const FRAME_BUDGET_MS = 8;

type Job = () => void;

export interface FrameScheduler {
  /** Run `job` in a coming frame (replacing the job still waiting under `key`). */
  schedule(key: object, job: Job): void;
  /** Drop the job waiting under `key` (its view unmounted). */
  cancel(key: object): void;
  /** Jobs waiting. */
  readonly pending: number;
}

/**
 * A scheduler over a frame source (requestAnimationFrame in the page; tests pass their own) and a clock.
 * A job that throws is reported (console.error) and does not stop the jobs after it.
 */
export function createFrameScheduler(
  requestFrame: (run: () => void) => void,
  now: () => number = () => performance.now(),
  budgetMs = FRAME_BUDGET_MS,
): FrameScheduler {
  // insertion order is run order; re-scheduling a waiting key keeps its place
  const queue = new Map<object, Job>();
  let requested = false;

  const frame = () => {
    requested = false;
    const t0 = now();
    // the jobs waiting when the frame began: one scheduled by a job waits for the next frame
    for (const key of [...queue.keys()]) {
      const job = queue.get(key);
      if (!job) continue; // cancelled by a job before it
      queue.delete(key);
      try {
        job();
      } catch (e) {
        console.error(e);
      }
      if (now() - t0 >= budgetMs) break;
    }
    if (queue.size) request();
  };
  const request = () => {
    if (requested) return;
    requested = true;
    requestFrame(frame);
  };

  return {
    schedule(key, job) {
      queue.set(key, job);
      request();
    },
    cancel(key) {
      queue.delete(key);
    },
    get pending() {
      return queue.size;
    },
  };
}

let shared: FrameScheduler | null = null;

/** The page's scheduler (every view's draws share its budget). Without requestAnimationFrame: a timer. */
export function frameScheduler(): FrameScheduler {
  shared ??= createFrameScheduler(
    typeof requestAnimationFrame === 'function'
      ? (run) => requestAnimationFrame(() => run())
      : (run) => setTimeout(run, 16),
  );
  return shared;
}
