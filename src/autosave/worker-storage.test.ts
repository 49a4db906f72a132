// The autosave store behind a worker: calls go to the worker and come back by id; a put hands over copies of the
// weight arrays (the page keeps drawing its own); a worker that dies or cannot start leaves the page's own store
// answering (here, in Node, that store says there is no IndexedDB).
import { describe, expect, it } from 'vitest';
import type { AutosaveRecord } from './record';
import { detachedRecord, type StorageRequest, workerStorage } from './worker-storage';

/** A worker double with an in-memory store; `die` makes its next message raise an error event instead. */
class FakeWorker {
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  store = new Map<string, unknown>();
  transferred: ArrayBuffer[] = [];
  die = false;
  terminated = false;
  postMessage(req: StorageRequest, transfer: ArrayBuffer[] = []) {
    this.transferred.push(...transfer);
    setTimeout(() => {
      if (this.die) {
        this.onerror?.({ preventDefault() {}, message: 'boom' } as unknown as ErrorEvent);
        return;
      }
      let value: unknown = null;
      if (req.op === 'put') this.store.set(req.arg.key, req.arg);
      else if (req.op === 'get') value = this.store.get(req.arg) ?? null;
      else if (req.op === 'delete') this.store.delete(req.arg);
      else value = [...this.store.keys()].map((key) => ({ key, savedAt: 1 }));
      this.onmessage?.({ data: { id: req.id, value } } as MessageEvent);
    }, 0);
  }
  terminate() {
    this.terminated = true;
  }
}

const record = (key: string) =>
  ({
    key,
    weights: {
      residual: Float64Array.of(1, 2, 3),
      readoutW: Float64Array.of(4),
      readoutB: Float64Array.of(5),
    },
  }) as unknown as AutosaveRecord;

describe('autosave storage in a worker', () => {
  it('routes get, put, delete and list through the worker, by id', async () => {
    const w = new FakeWorker();
    const s = workerStorage(() => w as unknown as Worker);
    const r = record('a');
    expect(await s.put(r)).toBeNull();
    expect(await s.list()).toEqual([{ key: 'a', savedAt: 1 }]);
    const back = (await s.get('a')) as AutosaveRecord;
    expect(Array.from(back.weights.residual)).toEqual([1, 2, 3]);
    // what was handed over is a copy: the page's arrays stay its own
    expect(back.weights.residual).not.toBe(r.weights.residual);
    expect(w.transferred).toHaveLength(3);
    expect(w.transferred).not.toContain(r.weights.residual.buffer);
    await s.delete('a');
    expect(await s.get('a')).toBeNull();
  });

  it('detachedRecord copies each weight array and lists their buffers', () => {
    const r = record('b');
    const { record: c, transfer } = detachedRecord(r);
    expect(c.weights.residual).not.toBe(r.weights.residual);
    expect(Array.from(c.weights.readoutB)).toEqual([5]);
    expect(transfer).toEqual([
      c.weights.residual.buffer,
      c.weights.readoutW.buffer,
      c.weights.readoutB.buffer,
    ]);
  });

  it('falls back to the page store when the worker dies, and keeps using it', async () => {
    const w = new FakeWorker();
    w.die = true;
    const s = workerStorage(() => w as unknown as Worker);
    // Node has no IndexedDB: the page store answers "nothing saved", with why
    expect(await s.put(record('c'))).toMatch(/no local storage/);
    expect(w.terminated).toBe(true);
    expect(await s.list()).toEqual([]);
  });

  it('uses the page store when there are no workers or one cannot start', async () => {
    expect(await workerStorage(null).put(record('d'))).toMatch(/no local storage/);
    const s = workerStorage(() => {
      throw new Error('blocked by CSP');
    });
    expect(await s.get('d')).toBeNull();
    expect(await s.put(record('d'))).toMatch(/no local storage/);
  });
});
