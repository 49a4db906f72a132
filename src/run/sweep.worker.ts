// Web Worker for float64 sweeps, so CPU work never freezes the page. Messages in:
//   { type: 'run', plan, images? } run the whole sweep on the in-process CPU backend, streaming progress and points
//                                (images: the page's verified image file for image data, checked again here)
//   { type: 'ode', id, job }     one interpolated-ODE distance (for GPU sweeps' 'odeDistance' metric)
// Messages out: { type: 'progress', progress } | { type: 'point', point } | { type: 'done' }
//             | { type: 'error', message } | { type: 'ode', id, value } | { type: 'ode', id, error }.
// Cancelling a run is terminating the worker: the computation is synchronous, so no message would get in.
import type { ImageSize } from '../data/fashion-mnist';
import { bytesReader, provideImages } from '../data/provision';
import { odeDistanceOf } from '../sweep/measure';
import { runSweep } from '../sweep/run';
import type { OdeJob, SweepPlan } from '../sweep/types';
import { CpuBackend } from './cpu-backend';

type Request =
  | { type: 'run'; plan: SweepPlan; images?: { size: ImageSize; bytes: Uint8Array } }
  | { type: 'ode'; id: number; job: OdeJob };

const post = (m: unknown) => self.postMessage(m);

self.onmessage = async (ev: MessageEvent<Request>) => {
  const msg = ev.data;
  if (msg.type === 'ode') {
    try {
      post({ type: 'ode', id: msg.id, value: odeDistanceOf(msg.job) });
    } catch (e) {
      post({ type: 'ode', id: msg.id, error: e instanceof Error ? e.message : String(e) });
    }
    return;
  }
  try {
    if (msg.images) await provideImages(msg.images.size, bytesReader(msg.images.bytes));
    await runSweep(msg.plan, {
      makeBackend: async (c) => new CpuBackend(c),
      trainChunk: 16, // progress only: nothing interrupts a worker between chunks
      onProgress: (progress) => post({ type: 'progress', progress }),
      onPoint: (point) => post({ type: 'point', point }),
    });
    post({ type: 'done' });
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
};
