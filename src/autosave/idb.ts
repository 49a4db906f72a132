// A tiny key-value store on IndexedDB for autosave records (structured clones: typed arrays stay binary). Every
// call resolves, never rejects: storage that is missing, denied (private mode), full or broken means "nothing
// saved" and the app goes on.
import type { AutosaveRecord } from './record';

export interface AutosaveStorage {
  get(key: string): Promise<unknown>;
  /** Returns an error message, or null when saved. */
  put(record: AutosaveRecord): Promise<string | null>;
  delete(key: string): Promise<void>;
  /** Keys and save times of every record (for bounding how many are kept). */
  list(): Promise<{ key: string; savedAt: number }[]>;
}

const DB = 'ode-lens';
const STORE = 'autosave';

function open(): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    try {
      if (typeof indexedDB === 'undefined') return resolve(null);
      const req = indexedDB.open(DB, 1);
      req.onupgradeneeded = () => {
        if (!req.result.objectStoreNames.contains(STORE))
          req.result.createObjectStore(STORE, { keyPath: 'key' }).createIndex('savedAt', 'savedAt');
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => resolve(null);
      req.onblocked = () => resolve(null);
    } catch {
      resolve(null);
    }
  });
}

function run<T>(
  db: IDBDatabase,
  mode: IDBTransactionMode,
  f: (s: IDBObjectStore) => IDBRequest<T>,
): Promise<{ ok: true; value: T } | { ok: false; message: string }> {
  return new Promise((resolve) => {
    try {
      const tx = db.transaction(STORE, mode);
      const req = f(tx.objectStore(STORE));
      tx.oncomplete = () => resolve({ ok: true, value: req.result });
      tx.onerror = () => resolve({ ok: false, message: tx.error?.message ?? 'storage error' });
      tx.onabort = () => resolve({ ok: false, message: tx.error?.message ?? 'storage aborted' });
    } catch (e) {
      resolve({ ok: false, message: e instanceof Error ? e.message : String(e) });
    }
  });
}

/** The page's IndexedDB store (opened once, lazily). */
export function indexedDbStorage(): AutosaveStorage {
  let db: Promise<IDBDatabase | null> | null = null;
  const get = () => {
    db ??= open();
    return db;
  };
  return {
    async get(key) {
      const d = await get();
      if (!d) return null;
      const r = await run(d, 'readonly', (s) => s.get(key));
      return r.ok ? r.value : null;
    },
    async put(record) {
      const d = await get();
      if (!d) return 'this browser offers no local storage (IndexedDB) here';
      const r = await run(d, 'readwrite', (s) => s.put(record));
      return r.ok ? null : r.message;
    },
    async delete(key) {
      const d = await get();
      if (d) await run(d, 'readwrite', (s) => s.delete(key));
    },
    async list() {
      const d = await get();
      if (!d) return [];
      const out: { key: string; savedAt: number }[] = [];
      await new Promise<void>((resolve) => {
        try {
          // keys only (the savedAt index): reading whole records would copy every saved network
          const req = d.transaction(STORE, 'readonly').objectStore(STORE).index('savedAt').openKeyCursor();
          req.onsuccess = () => {
            const c = req.result;
            if (!c) return resolve();
            if (typeof c.primaryKey === 'string')
              out.push({ key: c.primaryKey, savedAt: Number(c.key) || 0 });
            c.continue();
          };
          req.onerror = () => resolve();
        } catch {
          resolve();
        }
      });
      return out;
    },
  };
}
