// The page's autosave store: IndexedDB behind a Web Worker (storage.worker.ts), so that saving a deep net costs the
// main thread a copy of its weight arrays (a few ms) rather than IndexedDB's structured clone (hundreds of ms at
// depth 2048, measured). Where there is no Worker, or the worker fails, the store runs in the page instead.
import { type AutosaveStorage, indexedDbStorage } from './idb';
import type { AutosaveRecord } from './record';

export type StorageRequest =
  | { id: number; op: 'get'; arg: string }
  | { id: number; op: 'put'; arg: AutosaveRecord }
  | { id: number; op: 'delete'; arg: string }
  | { id: number; op: 'list'; arg: null };

type Pending = { resolve: (v: unknown) => void; fallback: () => Promise<unknown> };

/** The record with copies of its weight arrays (the live ones are still drawn), and the buffers to hand over. */
export function detachedRecord(record: AutosaveRecord): { record: AutosaveRecord; transfer: ArrayBuffer[] } {
  const weights = {
    residual: record.weights.residual.slice(),
    readoutW: record.weights.readoutW.slice(),
    readoutB: record.weights.readoutB.slice(),
  };
  return {
    record: { ...record, weights },
    transfer: [weights.residual.buffer, weights.readoutW.buffer, weights.readoutB.buffer],
  };
}

export function workerStorage(makeWorker: (() => Worker) | null): AutosaveStorage {
  const local = indexedDbStorage();
  let worker: Worker | null = null;
  let failed = !makeWorker;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const fail = () => {
    // the worker died (or could not start): answer what it had from the page's own store, and use that from now on
    failed = true;
    worker?.terminate();
    worker = null;
    const left = [...pending.values()];
    pending.clear();
    for (const p of left) void p.fallback().then(p.resolve);
  };

  const ensure = (): Worker | null => {
    if (failed || !makeWorker) return null;
    if (worker) return worker;
    try {
      worker = makeWorker();
    } catch {
      fail();
      return null;
    }
    worker.onmessage = (ev: MessageEvent<{ id: number; value: unknown }>) => {
      const p = pending.get(ev.data.id);
      pending.delete(ev.data.id);
      p?.resolve(ev.data.value);
    };
    worker.onerror = (ev) => {
      ev.preventDefault();
      fail();
    };
    return worker;
  };

  function call<T>(
    req: Omit<StorageRequest, 'id'>,
    fallback: () => Promise<T>,
    transfer: ArrayBuffer[] = [],
  ): Promise<T> {
    const w = ensure();
    if (!w) return fallback();
    const id = nextId++;
    return new Promise<T>((resolve) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, fallback });
      try {
        w.postMessage({ ...req, id }, transfer);
      } catch {
        pending.delete(id);
        void fallback().then(resolve);
      }
    });
  }

  return {
    get: (key) => call({ op: 'get', arg: key }, () => local.get(key)),
    put(record) {
      if (!ensure()) return local.put(record);
      const { record: copy, transfer } = detachedRecord(record);
      return call({ op: 'put', arg: copy }, () => local.put(record), transfer);
    },
    delete: (key) => call({ op: 'delete', arg: key }, () => local.delete(key)),
    list: () => call({ op: 'list', arg: null }, () => local.list()),
  };
}

/**
 * The page's store: in a worker where the page has workers. A page without IndexedDB (storage disabled) keeps the
 * in-page store, which says so, rather than trusting a worker's.
 */
export function pageStorage(): AutosaveStorage {
  return workerStorage(
    typeof Worker === 'undefined' || typeof indexedDB === 'undefined'
      ? null
      : () =>
          new Worker(new URL('./storage.worker.ts', import.meta.url), {
            type: 'module',
            name: 'ode-lens-autosave',
          }),
  );
}
