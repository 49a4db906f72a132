// The committed Fashion-MNIST image sets: they match the manifest's checksums, the prepare script reproduces them
// from Debian's package (required in CI, which installs it), their content is what the manifest says (stratified,
// 14×14 = 2×2 means of 28×28), the format rejects corrupt files, and the loader reports progress and refuses a
// changed or short download with a message.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildFashionMnist, SOURCE_DIR } from '../../scripts/prepare-fashion-mnist.mjs';
import { FASHION_MNIST, loadImageSet, sha256Hex } from './fashion-mnist';
import { decodeImageSet, encodeImageSet, HEADER_BYTES } from './image-set.mjs';

const root = resolve(__dirname, '../..');
const committed = (size: 14 | 28) =>
  new Uint8Array(readFileSync(resolve(root, 'public', FASHION_MNIST.files[size].path)));
const fromDisk = async (path: string, onBytes: (n: number) => void) => {
  const b = new Uint8Array(readFileSync(resolve(root, 'public', path)));
  onBytes(b.length / 2);
  onBytes(b.length);
  return b;
};

describe('Fashion-MNIST image sets', () => {
  it('match the checksums and sizes of the manifest', async () => {
    for (const size of [14, 28] as const) {
      const b = committed(size);
      expect(b.length).toBe(FASHION_MNIST.files[size].bytes);
      expect(await sha256Hex(b)).toBe(FASHION_MNIST.files[size].sha256);
    }
  });

  const haveSource = existsSync(`${SOURCE_DIR}/train-images-idx3-ubyte.gz`);
  it.skipIf(!haveSource && !process.env.CI)(
    'are reproduced byte for byte by scripts/prepare-fashion-mnist.mjs from the Debian package',
    () => {
      const { sets, manifest } = buildFashionMnist();
      expect(manifest).toEqual(FASHION_MNIST);
      expect(Buffer.compare(Buffer.from(sets[14]), Buffer.from(committed(14)))).toBe(0);
      expect(Buffer.compare(Buffer.from(sets[28]), Buffer.from(committed(28)))).toBe(0);
    },
    60_000,
  );

  it('hold a stratified subset, and 14×14 is the 2×2 block mean of 28×28', () => {
    const big = decodeImageSet(committed(28));
    const small = decodeImageSet(committed(14));
    for (const [set, n] of [
      [big.train, FASHION_MNIST.train],
      [big.test, FASHION_MNIST.test],
    ] as const) {
      expect(set.labels.length).toBe(n);
      const counts = new Array(10).fill(0);
      for (const l of set.labels) counts[l]++;
      expect(counts).toEqual(new Array(10).fill(n / 10));
    }
    expect(Array.from(small.train.labels)).toEqual(Array.from(big.train.labels));
    for (const k of [0, 1234, 9999]) {
      const a = big.train.pixels.subarray(k * 784);
      const b = small.train.pixels.subarray(k * 196);
      for (const [y, x] of [
        [0, 0],
        [7, 7],
        [13, 5],
      ]) {
        const s =
          a[56 * y + 2 * x] + a[56 * y + 2 * x + 1] + a[56 * y + 28 + 2 * x] + a[56 * y + 28 + 2 * x + 1];
        expect(b[14 * y + x]).toBe((s + 2) >> 2);
      }
    }
    // real images, not blanks: the mean pixel of Fashion-MNIST is about 73 of 255
    const mean = big.train.pixels.reduce((s, v) => s + v, 0) / big.train.pixels.length;
    expect(mean).toBeGreaterThan(60);
    expect(mean).toBeLessThan(90);
  });
});

describe('image-set format', () => {
  const tiny = () =>
    encodeImageSet({
      width: 2,
      height: 1,
      classes: 3,
      train: { labels: Uint8Array.of(0, 2), pixels: Uint8Array.of(1, 2, 3, 4) },
      test: { labels: Uint8Array.of(1), pixels: Uint8Array.of(5, 6) },
    });

  it('round-trips', () => {
    const s = decodeImageSet(tiny());
    expect(s).toMatchObject({ width: 2, height: 1, classes: 3 });
    expect(Array.from(s.train.pixels)).toEqual([1, 2, 3, 4]);
    expect(Array.from(s.test.labels)).toEqual([1]);
  });

  it('refuses foreign, short, inconsistent and out-of-range files with a message', () => {
    const b = tiny();
    const foreign = b.slice();
    foreign[0] = 0x50;
    expect(() => decodeImageSet(foreign)).toThrow(/wrong magic/);
    expect(() => decodeImageSet(b.subarray(0, 10))).toThrow(/shorter than its header/);
    expect(() => decodeImageSet(b.subarray(0, b.length - 1))).toThrow(/the header says/);
    const badLabel = b.slice();
    badLabel[HEADER_BYTES + 1] = 7;
    expect(() => decodeImageSet(badLabel)).toThrow(/train label 7 at 1 is not below 3/);
    const noClasses = b.slice();
    noClasses[20] = 1;
    expect(() => decodeImageSet(noClasses)).toThrow(/bad header/);
  });
});

describe('loading with progress and a checksum', () => {
  it('reports progress up to 1 and decodes', async () => {
    const seen: number[] = [];
    const set = await loadImageSet(14, { read: fromDisk, onProgress: (f) => seen.push(f) });
    expect(set.width).toBe(14);
    expect(seen[0]).toBeCloseTo(0.5);
    expect(seen.at(-1)).toBe(1);
  });

  it('refuses a changed file and a short download, saying which', async () => {
    const changed = async (path: string, onBytes: (n: number) => void) => {
      const b = await fromDisk(path, onBytes);
      b[HEADER_BYTES + 100] ^= 1;
      return b;
    };
    await expect(loadImageSet(14, { read: changed })).rejects.toThrow(/checksum mismatch/);
    const short = async (path: string, onBytes: (n: number) => void) =>
      (await fromDisk(path, onBytes)).subarray(0, 1000);
    await expect(loadImageSet(14, { read: short })).rejects.toThrow(/received 1000 bytes, expected 2364024/);
    await expect(loadImageSet(20 as 14, { read: fromDisk })).rejects.toThrow(/14 or 28 pixels, not 20/);
  });
});
