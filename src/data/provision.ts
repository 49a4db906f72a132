// The image sets runs train on, held once they are verified. makeDataset is synchronous from the seed, but image
// data needs bytes first: the page (fetch with progress), the CPU worker (bytes handed over by the page) and the
// runner (read from public/data) each provide the verified set here before a backend is built, and makeDataset
// takes it from here. Only sets that passed the manifest's checksum are ever held; a failed provision changes
// nothing. Pure of DOM and React.
import { type ExperimentConfig, isImageData } from '../core/config';
import { FASHION_MNIST, type ImageSize, loadImageSet } from './fashion-mnist';
import type { ImageSet } from './image-set.mjs';

interface Held {
  /** The verified file (the set's parts are views of it): what a worker is handed. */
  bytes: Uint8Array;
  set: ImageSet;
}

const held = new Map<ImageSize, Held>();

/** Reads one file's bytes (a fetch with progress, a file read, bytes already here). */
export type ImageReader = (path: string, onBytes: (received: number) => void) => Promise<Uint8Array>;

/** The image size a config trains on (null: its data are generated, nothing to provision). */
export function imageSizeOf(c: Pick<ExperimentConfig, 'data'>): ImageSize | null {
  return isImageData(c) ? c.data.resolution : null;
}

/** Verify (size, checksum, format) and hold a file's bytes; rejects, holding nothing new, when they do not check. */
export async function provideImages(
  size: ImageSize,
  read: ImageReader,
  onProgress?: (fraction: number) => void,
): Promise<ImageSet> {
  const have = held.get(size);
  if (have) {
    onProgress?.(1);
    return have.set;
  }
  let bytes: Uint8Array | null = null;
  const set = await loadImageSet(size, {
    onProgress,
    read: async (path, onBytes) => {
      bytes = await read(path, onBytes);
      return bytes;
    },
  });
  held.set(size, { bytes: bytes as unknown as Uint8Array, set });
  return set;
}

/** Provide what `config` needs (nothing for generated data). */
export async function provisionFor(
  config: Pick<ExperimentConfig, 'data'>,
  read: ImageReader,
  onProgress?: (fraction: number) => void,
): Promise<void> {
  const size = imageSizeOf(config);
  if (size !== null) await provideImages(size, read, onProgress);
}

/** Whether `config`'s data are ready to build from. */
export function isProvisioned(config: Pick<ExperimentConfig, 'data'>): boolean {
  const size = imageSizeOf(config);
  return size === null || held.has(size);
}

/**
 * Why work that cannot fetch for itself (a sweep: its worker and its GPU networks take the page's copy) cannot
 * start on `config`'s data, or null when they are held (or generated). `what` names the work, e.g. 'This sweep'.
 */
export function notProvisionedMessage(config: Pick<ExperimentConfig, 'data'>, what: string): string | null {
  const size = imageSizeOf(config);
  if (size === null || held.has(size)) return null;
  const path = FASHION_MNIST.files[String(size) as '14' | '28'].path;
  return `${what} trains on Fashion-MNIST ${size}×${size}, which this page has not loaded (${path}): wait until the run bar’s download finishes, or, if it failed, provide the file and reload the page. Nothing was measured.`;
}

/** The held set of this size, or a message that says it was never loaded (a bug: provision before building). */
export function requireImages(size: ImageSize): ImageSet {
  const h = held.get(size);
  if (!h)
    throw new Error(
      `Fashion-MNIST ${size}×${size} is not loaded yet: it must be provisioned before a run is built`,
    );
  return h.set;
}

/** The held set of this size, or null. */
export function heldImages(size: ImageSize): ImageSet | null {
  return held.get(size)?.set ?? null;
}

/** The verified bytes of this size (to hand to a worker), or null. */
export function heldImageBytes(size: ImageSize): Uint8Array | null {
  return held.get(size)?.bytes ?? null;
}

/** Reader for bytes already in hand (a worker's copy from the page). */
export const bytesReader =
  (bytes: Uint8Array): ImageReader =>
  async (_path, onBytes) => {
    onBytes(bytes.length);
    return bytes;
  };

/** Forget every held set (tests). */
export function forgetImages(): void {
  held.clear();
}
