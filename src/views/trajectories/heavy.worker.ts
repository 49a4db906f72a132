// Web Worker for the trajectory view's heavy work (ODE overlay, PCA): the page's main thread only draws.
// In: { id, job } (its arrays transferred). Out: { id, result } or { id, error }, with `spare`: the job's arrays,
// transferred back for the page to fill with the next job (heavy-client.ts).
import { type HeavyJob, trajectoryHeavy } from './heavy';

self.onmessage = (ev: MessageEvent<{ id: number; job: HeavyJob }>) => {
  const { id, job } = ev.data;
  const spare = [job.weights.residual, job.weights.embed, job.fanX, job.trajectories].filter(
    (a): a is Float64Array => a instanceof Float64Array,
  );
  const back = spare.map((a) => a.buffer as ArrayBuffer);
  try {
    const result = trajectoryHeavy(job);
    const transfer: Transferable[] = [...back];
    if (result.ode) transfer.push(result.ode.buffer);
    if (result.pca) {
      transfer.push(result.pca.xy.buffer);
      if (result.pca.odeXy) transfer.push(result.pca.odeXy.buffer);
    }
    self.postMessage({ id, result, spare }, { transfer: [...new Set(transfer)] });
  } catch (e) {
    self.postMessage({ id, error: e instanceof Error ? e.message : String(e), spare }, { transfer: back });
  }
};
