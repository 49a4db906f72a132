// Web Worker that owns the autosave's IndexedDB store: the structured clone IndexedDB makes of a deep net's record
// (hundreds of ms at depth 2048) then happens here, not on the page's main thread. Messages in:
// { id, op: 'get' | 'put' | 'delete' | 'list', arg }; out: { id, value } (every call answers, never throws).
import { indexedDbStorage } from './idb';
import type { StorageRequest } from './worker-storage';

const storage = indexedDbStorage();

self.onmessage = async (ev: MessageEvent<StorageRequest>) => {
  const { id, op, arg } = ev.data;
  let value: unknown = null;
  try {
    if (op === 'get') value = await storage.get(arg);
    else if (op === 'put') value = await storage.put(arg);
    else if (op === 'delete') await storage.delete(arg);
    else value = await storage.list();
  } catch (e) {
    // the store resolves every call itself; this is a bug or an uncloneable value: report it as a failed save
    value = op === 'put' ? (e instanceof Error ? e.message : String(e)) : op === 'list' ? [] : null;
  }
  self.postMessage({ id, value });
};
