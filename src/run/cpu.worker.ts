// Web Worker hosting a CPU backend (the float64 reference, or the float32 WASM SIMD engine), so CPU training
// never blocks the page. Messages:
//   { id, method: 'init', args: [config, weights?, startStep?, engine?: 'f64' | 'f32', optimizerState?] }
//   { id, method: 'provide', args: [size, bytes] }   (image data: the page's verified file, checked again here)
//   { id, method: <Backend method>, args }
// replies { id, ok: true, value } or { id, ok: false, error, name }.
import type { ExperimentConfig } from '../core/config';
import type { Weights } from '../core/params';
import type { OptimizerState } from '../core/training-state';
import type { ImageSize } from '../data/fashion-mnist';
import { bytesReader, provideImages } from '../data/provision';
import { CpuBackend } from './cpu-backend';
import { pageDataset } from './snapshot';
import { arrayBuffers } from './transfer';
import { WasmBackend } from './wasm-backend';

let backend: CpuBackend | WasmBackend | null = null;

/**
 * Methods whose replies are arrays made for the reply (copies of the weights, new trajectories): their buffers
 * are transferred, so the page receives them without a copy (a clone of the weights at depth 2048 was a long
 * task of the page's; issue 13). Not the others: an array there may be a view of the engine's own memory.
 */
const FRESH_REPLIES = new Set(['readWeights', 'readReadout', 'readTrainingState', 'trajectories']);

type Request = { id: number; method: string; args: unknown[] };

self.onmessage = async (ev: MessageEvent<Request>) => {
  const { id, method, args } = ev.data;
  try {
    let value: unknown;
    if (method === 'provide') {
      await provideImages(args[0] as ImageSize, bytesReader(args[1] as Uint8Array));
      value = null;
    } else if (method === 'init') {
      const Engine = args[3] === 'f32' ? WasmBackend : CpuBackend;
      backend = new Engine(
        args[0] as ExperimentConfig,
        args[1] as Weights | undefined,
        undefined,
        (args[2] as number) ?? 0,
        args[4] as OptimizerState | undefined,
      );
      // a long step's progress goes to the page as it happens (a message without an id)
      backend.onProgress = (progress) => self.postMessage({ progress });
      // the page gets only what its snapshots read of the data (pageDataset), not a clone of every image
      value = { memory: backend.memory, spec: backend.spec, data: pageDataset(backend.data) };
    } else {
      if (!backend) throw new Error('CPU worker: not initialised');
      const fn = (backend as unknown as Record<string, (...a: unknown[]) => unknown>)[method];
      if (typeof fn !== 'function') throw new Error(`CPU worker: no method ${method}`);
      value = await fn.apply(backend, args);
      if (method === 'trainSteps' || method === 'restore') value = { result: value, step: backend.step };
    }
    self.postMessage(
      { id, ok: true, value },
      { transfer: FRESH_REPLIES.has(method) ? arrayBuffers(value) : [] },
    );
  } catch (e) {
    const err = e as Error;
    self.postMessage({ id, ok: false, error: err?.message ?? String(e), name: err?.name ?? 'Error' });
  }
};
