import { describe, expect, it } from 'vitest';
import { defaultConfig, type ExperimentConfig } from '../../core/config';
import { solveInterpolatedOde } from '../../core/ode';
import { initWeights, netSpec } from '../../core/params';
import { embed, forward } from '../../core/reference';
import {
  type HeavyJob,
  type HeavyResult,
  ODE_MAX_OPS,
  odeOps,
  PCA_MAX_OPS,
  pcaStride,
  trajectoryHeavy,
} from './heavy';
import { HeavyClient } from './heavy-client';
import { pca } from './pca';

function config(model: Partial<ExperimentConfig['model']>): ExperimentConfig {
  const c = defaultConfig();
  Object.assign(c.model, model);
  return c;
}

function job(c: ExperimentConfig, F: number, ode = true): HeavyJob {
  const spec = netSpec(c);
  const weights = initWeights(c, spec);
  const fanX = Float64Array.from({ length: F * spec.inputDim }, (_, i) => Math.sin(i + 1));
  const trajectories = forward(spec, weights.residual, embed(spec, weights, fanX, F), F).states!;
  return { spec, weights, fanX, F, trajectories, ode, previousAxes: null };
}

describe('trajectory view heavy work', () => {
  it('the overlay cost counts every dimension: depth, fan, d and width', () => {
    const base = netSpec(config({ depth: 64, width: 16, d: 2 }));
    const ops = odeOps(base, 24);
    expect(odeOps(netSpec(config({ depth: 128, width: 16, d: 2 })), 24) / ops).toBeCloseTo(2, 1);
    expect(odeOps(base, 48) / ops).toBeCloseTo(2, 5);
    expect(odeOps(netSpec(config({ depth: 64, width: 64, d: 2 })), 24) / ops).toBeGreaterThan(3);
    expect(odeOps(netSpec(config({ depth: 64, width: 16, d: 8 })), 24) / ops).toBeGreaterThan(3);
    // the case: N = 2048, M = 64 fits (the solve runs, in the worker); the largest config does not
    expect(odeOps(netSpec(config({ depth: 2048, width: 64 })), 24)).toBeLessThan(ODE_MAX_OPS);
    expect(odeOps(netSpec(config({ depth: 8192, width: 512 })), 24)).toBeGreaterThan(ODE_MAX_OPS);
  });

  it('solves the same ODE as the reference solver, with the PCA plane for d > 2', () => {
    const j = job(config({ depth: 8, width: 8, d: 3 }), 5);
    const r = trajectoryHeavy(j);
    const spec = j.spec;
    const expected = solveInterpolatedOde(spec, j.weights.residual!, embed(spec, j.weights, j.fanX, 5), 5, 4);
    expect(Array.from(r.ode!)).toEqual(Array.from(expected));
    expect(r.odeNote).toBeNull();
    expect(r.pca?.fit.dim).toBe(3);
    expect(r.pca?.xy.length).toBe(9 * 5 * 2);
    expect(r.pca?.odeXy?.length).toBe(9 * 5 * 2);
  });

  it('a snapshot read without the residual sets (the overlay was off): no overlay yet, and it says why', () => {
    const j = job(config({ depth: 8, width: 8, d: 2 }), 4);
    const r = trajectoryHeavy({ ...j, weights: { ...j.weights, residual: null } });
    expect(r.ode).toBeNull();
    expect(r.odeNote).toMatch(/waiting for the weights/);
    expect(r.crossings?.involved.length).toBe(4);
  });

  it('no overlay when not asked; d ≤ 2 has no PCA', () => {
    const r = trajectoryHeavy(job(config({ depth: 8, width: 8, d: 2 }), 4, false));
    expect(r).toMatchObject({ ode: null, odeNote: null, pca: null });
    expect(r.crossings?.involved.length).toBe(4);
  });

  it('over the cap the overlay is left out with a note that names the sizes', () => {
    const c = config({ depth: 8192, width: 512 });
    const spec = netSpec(c);
    // no solve and no weights needed: the cap is checked before any work
    const r = trajectoryHeavy({
      spec,
      weights: { residual: new Float64Array(0), embed: new Float64Array(0) },
      fanX: new Float64Array(0),
      F: 24,
      trajectories: new Float64Array(0),
      ode: true,
      previousAxes: null,
    });
    expect(r.ode).toBeNull();
    expect(r.odeNote).toMatch(/ODE overlay left out: .* depth \d+ × 24 inputs × d 2 × width 512/);
  });

  it('the PCA fits on a stride of the states when they are many and wide, and finds the same plane', () => {
    expect(pcaStride(1000, 4)).toBe(1);
    expect(pcaStride(49_000, 256)).toBeGreaterThan(1);
    expect((49_000 / pcaStride(49_000, 256)) * 256 * 128).toBeLessThanOrEqual(PCA_MAX_OPS * 1.01);
    // points on a plane in 5-D: every stride sees the plane
    const count = 3000;
    const pts = new Float64Array(count * 5);
    for (let p = 0; p < count; p++) {
      const [a, b] = [Math.sin(p), Math.cos(3 * p)];
      pts.set([a, b, a + b, a - b, 0.5 * a], p * 5);
    }
    const full = pca(pts, count, 5, 2, null, 1);
    const strided = pca(pts, count, 5, 2, null, 7);
    expect(full.explained).toBeCloseTo(1, 9);
    expect(strided.explained).toBeCloseTo(1, 9);
  });
});

describe('heavy client', () => {
  it('runs the newest job: one waiting behind a running job is replaced by a newer one', async () => {
    const client = new HeavyClient(null);
    const c = config({ depth: 8, width: 8 });
    const done: number[] = [];
    await new Promise<void>((resolve) => {
      client.submit(job(c, 2), () => done.push(2));
      // job 2 starts in a task of its own; the ones submitted while it runs wait, and only the newest is kept
      setTimeout(() => {
        for (const F of [3, 4]) client.submit(job(c, F), () => done.push(F));
        client.submit(job(c, 5), () => {
          done.push(5);
          resolve();
        });
      }, 0);
    });
    expect(done).toEqual([2, 5]);
  });

  it('starts in a later task, so jobs submitted in one task (one snapshot render) collapse to the newest', async () => {
    const client = new HeavyClient(null);
    const c = config({ depth: 8, width: 8 });
    const done: number[] = [];
    await new Promise<void>((resolve) => {
      for (const F of [2, 3]) client.submit(job(c, F), () => done.push(F));
      client.submit(job(c, 4), () => {
        done.push(4);
        resolve();
      });
    });
    expect(done).toEqual([4]);
  });

  it('a failing job reports its error and the next job still runs', async () => {
    const client = new HeavyClient(null);
    const bad = { ...job(config({ depth: 8 }), 2), spec: null as unknown as HeavyJob['spec'] };
    const r1 = await new Promise((r) => client.submit(bad, r));
    expect(r1).toMatchObject({ error: expect.any(String) });
    const r2 = await new Promise((r) => client.submit(job(config({ depth: 8 }), 2), r));
    expect(r2).toMatchObject({ result: { ode: expect.any(Float64Array) } });
  });

  it('hands the job arrays to the worker by transfer and fills the ones it hands back for the next job', async () => {
    // a worker stand-in: answers like heavy.worker.ts (result, and the job's arrays back as `spare`)
    const posted: { job: HeavyJob; transfer: Transferable[] }[] = [];
    const fake = {
      onmessage: null as ((ev: MessageEvent) => void) | null,
      onerror: null,
      terminate() {},
      postMessage(msg: { id: number; job: HeavyJob }, transfer: Transferable[]) {
        posted.push({ job: msg.job, transfer });
        const { job: j } = msg;
        const spare = [j.weights.residual, j.weights.embed, j.fanX, j.trajectories];
        const result = trajectoryHeavy(j);
        setTimeout(() => this.onmessage?.({ data: { id: msg.id, result, spare } } as MessageEvent), 0);
      },
    };
    const client = new HeavyClient(() => fake as unknown as Worker);
    const c = config({ depth: 8, width: 8 });
    const j1 = job(c, 3);
    await new Promise((r) => client.submit(j1, r));
    expect(client.spareCount).toBe(4);
    const j2 = job(c, 3);
    j2.weights.residual![0] += 1;
    const r2 = await new Promise<{ result: HeavyResult }>((r) => client.submit(j2, r as never));
    const [p1, p2] = posted;
    // every array of a job is transferred, none is the snapshot's own
    expect(p1.transfer).toEqual([
      p1.job.weights.residual!.buffer,
      p1.job.weights.embed.buffer,
      p1.job.fanX.buffer,
      (p1.job.trajectories as Float64Array).buffer,
    ]);
    expect(p1.job.weights.residual).not.toBe(j1.weights.residual);
    // the second job reuses the first one's arrays, filled with its own values
    expect(p2.job.weights.residual).toBe(p1.job.weights.residual);
    expect(p2.job.trajectories).toBe(p1.job.trajectories);
    expect([...p2.job.weights.residual!]).toEqual([...j2.weights.residual!]);
    expect(r2.result.ode).toEqual(trajectoryHeavy(j2).ode);
  });
});

/**
 * A worker stand-in that answers only when the test says (like heavy.worker.ts: the result and the job's arrays
 * back), so the tests see what the client posts while a job runs.
 */
function heldWorker() {
  const posted: HeavyJob[] = [];
  const held: (() => void)[] = [];
  const fake = {
    onmessage: null as ((ev: MessageEvent) => void) | null,
    onerror: null as ((ev: ErrorEvent) => void) | null,
    terminated: 0,
    terminate() {
      this.terminated++;
    },
    postMessage(msg: { id: number; job: HeavyJob }) {
      posted.push(msg.job);
      const { job: j } = msg;
      held.push(() => {
        const spare = [j.weights.residual, j.weights.embed, j.fanX, j.trajectories];
        fake.onmessage?.({ data: { id: msg.id, result: trajectoryHeavy(j), spare } } as MessageEvent);
      });
    },
  };
  /** Answer the oldest job the worker holds. */
  const answer = () => held.shift()?.();
  /** Let the client's posting task run. */
  const tick = () => new Promise((r) => setTimeout(r, 0));
  return { fake, posted, held, answer, tick };
}

describe('heavy client queueing (a worker that is busy for a while)', () => {
  const c = config({ depth: 8, width: 8 });
  /** The fan size a posted job was made with (the tests tell jobs apart by it). */
  const fanOf = (j: HeavyJob) => j.F;

  it('jobs submitted while one runs are not queued: the newest replaces the waiting one and runs next', async () => {
    const w = heldWorker();
    const client = new HeavyClient(() => w.fake as unknown as Worker);
    const done: number[] = [];
    client.submit(job(c, 2), () => done.push(2));
    await w.tick();
    expect(w.posted.map(fanOf)).toEqual([2]);
    for (const F of [3, 4, 5]) client.submit(job(c, F), () => done.push(F));
    await w.tick();
    // the worker is busy: nothing more is posted, nothing is answered
    expect(w.posted.map(fanOf)).toEqual([2]);
    expect(done).toEqual([]);
    w.answer();
    // the answer posts the newest job at once (no task in between): the worker never idles while one waits
    expect(done).toEqual([2]);
    expect(w.posted.map(fanOf)).toEqual([2, 5]);
    w.answer();
    expect(done).toEqual([2, 5]);
  });

  it('no job is lost at rest: the last job submitted always runs, also one submitted as the worker answers', async () => {
    const w = heldWorker();
    const client = new HeavyClient(() => w.fake as unknown as Worker);
    const done: number[] = [];
    client.submit(job(c, 2), () => {
      done.push(2);
      // a snapshot rendered in the answer's task (the view's setState) submits the next job from the callback
      client.submit(job(c, 7), () => done.push(7));
    });
    await w.tick();
    client.submit(job(c, 3), () => done.push(3));
    w.answer();
    // job 7 (submitted in the answer's callback) replaced job 3; it runs
    expect(w.posted.map(fanOf)).toEqual([2, 7]);
    w.answer();
    expect(done).toEqual([2, 7]);
    await w.tick();
    expect(w.held).toHaveLength(0);
    // at rest, a new job is posted in the next task
    client.submit(job(c, 8), () => done.push(8));
    await w.tick();
    expect(w.posted.map(fanOf)).toEqual([2, 7, 8]);
    w.answer();
    expect(done).toEqual([2, 7, 8]);
  });

  it('a result its view drops (a snapshot of a config replaced since) is followed by the newest job', async () => {
    const w = heldWorker();
    const client = new HeavyClient(() => w.fake as unknown as Worker);
    const shown: number[] = [];
    let current = 2; // the config's fan: a result for another fan is stale
    const submit = (F: number) =>
      client.submit(job(c, F), (r) => {
        if ('result' in r && F === current) shown.push(F);
      });
    submit(2);
    await w.tick();
    current = 4;
    submit(4);
    w.answer(); // job 2's result: stale, dropped
    expect(shown).toEqual([]);
    expect(w.posted.map(fanOf)).toEqual([2, 4]);
    w.answer();
    expect(shown).toEqual([4]);
  });

  it('a worker that dies answers its job with an error; the newest job waiting runs on a new worker', async () => {
    const workers: ReturnType<typeof heldWorker>[] = [];
    const client = new HeavyClient(() => {
      workers.push(heldWorker());
      return workers.at(-1)!.fake as unknown as Worker;
    });
    const got: string[] = [];
    client.submit(job(c, 2), (r) => got.push('error' in r ? `2 ${r.error}` : '2 ok'));
    // the worker is made when the first job is posted (in a task of its own)
    await new Promise((r) => setTimeout(r, 0));
    client.submit(job(c, 3), (r) => got.push('error' in r ? '3 error' : '3 ok'));
    const ev = { message: 'out of memory', preventDefault() {} } as ErrorEvent;
    workers[0].fake.onerror?.(ev);
    expect(got).toEqual(['2 out of memory']);
    expect(workers[0].fake.terminated).toBe(1);
    expect(workers).toHaveLength(2);
    expect(workers[1].posted.map(fanOf)).toEqual([3]);
    workers[1].answer();
    expect(got).toEqual(['2 out of memory', '3 ok']);
  });
});
