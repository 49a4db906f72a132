// The runner's image data: read from the repository's public/data (the same files the page fetches), verified
// against the manifest before any backend is built (src/data/provision.ts).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ExperimentConfig } from '../core/config';
import { type ImageReader, provisionFor } from '../data/provision';

/** A reader of files under `publicDir` (paths as the manifest writes them, e.g. data/fashion-mnist-14.bin). */
export function publicDataReader(publicDir: string): ImageReader {
  return async (path, onBytes) => {
    const file = resolve(publicDir, path);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(file));
    } catch (e) {
      const code = (e as { code?: string }).code;
      throw new Error(
        `could not read ${file}${code ? ` (${code})` : ''}: run scripts/prepare-fashion-mnist.mjs`,
      );
    }
    onBytes(bytes.length);
    return bytes;
  };
}

/** Provide what `config` trains on from `publicDir` (nothing for generated data). */
export function provisionFromDisk(config: ExperimentConfig, publicDir: string): Promise<void> {
  return provisionFor(config, publicDataReader(publicDir));
}
