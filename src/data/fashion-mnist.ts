// Fashion-MNIST for the app and the runner: the committed image sets (public/data, written by
// scripts/prepare-fashion-mnist.mjs), fetched lazily with progress, checked against the SHA-256 in the manifest
// beside this file (the one source of the checksums), decoded once and shared. Pure of DOM: the page, a worker and
// Node (with a file reader) use the same code.

import manifest from './fashion-mnist.json' with { type: 'json' };
import { decodeImageSet, type ImageSet } from './image-set.mjs';

export const FASHION_MNIST = manifest;
export type ImageSize = 14 | 28;
export const IMAGE_SIZES: readonly ImageSize[] = [14, 28];

export interface LoadOptions {
  /** Fraction of the bytes received, 0…1 (called at least once, with 1 at the end). */
  onProgress?: (fraction: number) => void;
  /** How to get the file's bytes; default: fetch it relative to the page (`base` + path). */
  read?: (path: string, onBytes: (received: number) => void) => Promise<Uint8Array>;
  base?: string;
}

/** Fetch with a byte count as it streams (Content-Length may be absent: the manifest knows the size). */
export async function fetchBytes(url: string, onBytes: (received: number) => void): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new Error(`could not download ${url}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!res.ok) throw new Error(`could not download ${url}: HTTP ${res.status}`);
  if (!res.body) {
    const b = new Uint8Array(await res.arrayBuffer());
    onBytes(b.length);
    return b;
  }
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    received += value.length;
    onBytes(received);
  }
  const out = new Uint8Array(received);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Lower-case hex SHA-256 (WebCrypto: in pages, workers and Node ≥ 19). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const d = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Read, verify and decode one resolution; throws an Error that tells the user what went wrong. */
export async function loadImageSet(size: ImageSize, opts: LoadOptions = {}): Promise<ImageSet> {
  const file = manifest.files[String(size) as '14' | '28'];
  if (!file) throw new Error(`Fashion-MNIST comes at ${IMAGE_SIZES.join(' or ')} pixels, not ${size}`);
  const report = (received: number) => opts.onProgress?.(Math.min(1, received / file.bytes));
  const read = opts.read ?? ((path, onBytes) => fetchBytes(`${opts.base ?? ''}${path}`, onBytes));
  const bytes = await read(file.path, report);
  if (bytes.length !== file.bytes)
    throw new Error(
      `Fashion-MNIST ${size}×${size}: received ${bytes.length} bytes, expected ${file.bytes} (incomplete download?)`,
    );
  const hash = await sha256Hex(bytes);
  if (hash !== file.sha256)
    throw new Error(
      `Fashion-MNIST ${size}×${size}: checksum mismatch, the file is corrupt or was changed (SHA-256 ${hash.slice(0, 12)}…, expected ${file.sha256.slice(0, 12)}…)`,
    );
  const set = decodeImageSet(bytes);
  if (set.width !== size || set.height !== size)
    throw new Error(`Fashion-MNIST: the ${size}×${size} file holds ${set.width}×${set.height} images`);
  opts.onProgress?.(1);
  return set;
}

const cache = new Map<ImageSize, Promise<ImageSet>>();

/** The shared copy of one resolution (loaded once; a failed load is forgotten so that a retry can succeed). */
export function fashionMnist(size: ImageSize, opts: LoadOptions = {}): Promise<ImageSet> {
  let p = cache.get(size);
  if (!p) {
    p = loadImageSet(size, opts);
    cache.set(size, p);
    p.catch(() => cache.delete(size));
  } else opts.onProgress?.(1);
  return p;
}
