import { describe, expect, it, vi } from 'vitest';
import { createFrameScheduler } from './frameScheduler';

/** A frame source run by hand, and a clock each job advances by its cost. */
function harness(budget = 8) {
  const frames: (() => void)[] = [];
  let t = 0;
  const s = createFrameScheduler(
    (run) => frames.push(run),
    () => t,
    budget,
  );
  const tick = () => {
    const f = frames.splice(0);
    for (const run of f) run();
    return f.length;
  };
  const job = (log: string[], name: string, cost: number) => () => {
    log.push(name);
    t += cost;
  };
  return { s, tick, job, frames };
}

describe('frame scheduler', () => {
  it('runs jobs in frames, never in the caller, and spreads them over frames by the budget', () => {
    const { s, tick, job } = harness(8);
    const log: string[] = [];
    const [a, b, c] = [{}, {}, {}];
    s.schedule(a, job(log, 'a', 5));
    s.schedule(b, job(log, 'b', 5));
    s.schedule(c, job(log, 'c', 5));
    expect(log).toEqual([]);
    tick(); // a (5 ms) is under budget, b brings it to 10: the frame stops there
    expect(log).toEqual(['a', 'b']);
    expect(s.pending).toBe(1);
    tick();
    expect(log).toEqual(['a', 'b', 'c']);
    expect(s.pending).toBe(0);
    expect(tick()).toBe(0); // nothing left: no frame asked for
  });

  it('always runs at least one job per frame, even one over the budget', () => {
    const { s, tick, job } = harness(8);
    const log: string[] = [];
    s.schedule({}, job(log, 'slow', 50));
    s.schedule({}, job(log, 'next', 1));
    tick();
    expect(log).toEqual(['slow']);
    tick();
    expect(log).toEqual(['slow', 'next']);
  });

  it('keeps only the newest job of a key, at the place of the first', () => {
    const { s, tick, job } = harness(100);
    const log: string[] = [];
    const [a, b] = [{}, {}];
    s.schedule(a, job(log, 'a1', 1));
    s.schedule(b, job(log, 'b', 1));
    s.schedule(a, job(log, 'a2', 1));
    tick();
    expect(log).toEqual(['a2', 'b']);
  });

  it('drops a cancelled job and asks for one frame at a time', () => {
    const { s, tick, job, frames } = harness(100);
    const log: string[] = [];
    const a = {};
    s.schedule(a, job(log, 'a', 1));
    s.schedule({}, job(log, 'b', 1));
    expect(frames.length).toBe(1);
    s.cancel(a);
    tick();
    expect(log).toEqual(['b']);
  });

  it('a job that throws does not stop the others', () => {
    const { s, tick, job } = harness(100);
    const log: string[] = [];
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    s.schedule({}, () => {
      throw new Error('boom');
    });
    s.schedule({}, job(log, 'after', 1));
    tick();
    expect(log).toEqual(['after']);
    expect(err).toHaveBeenCalledOnce();
    err.mockRestore();
  });

  it('a job scheduled by a running job waits for the next frame', () => {
    const { s, tick, job } = harness(100);
    const log: string[] = [];
    const k = {};
    s.schedule({}, () => s.schedule(k, job(log, 'later', 1)));
    tick();
    expect(log).toEqual([]);
    tick();
    expect(log).toEqual(['later']);
  });
});
