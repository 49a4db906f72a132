// Web Worker for the trajectory view's heavy work (ODE overlay, PCA): the page's main thread only draws.
// In: { id, job }. Out: { id, result } or { id, error }.
import { type HeavyJob, trajectoryHeavy } from './heavy';

self.onmessage = (ev: MessageEvent<{ id: number; job: HeavyJob }>) => {
  const { id, job } = ev.data;
  try {
    const result = trajectoryHeavy(job);
    const transfer: Transferable[] = [];
    if (result.ode) transfer.push(result.ode.buffer);
    if (result.pca) {
      transfer.push(result.pca.xy.buffer);
      if (result.pca.odeXy) transfer.push(result.pca.odeXy.buffer);
    }
    self.postMessage({ id, result }, { transfer });
  } catch (e) {
    self.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
};
