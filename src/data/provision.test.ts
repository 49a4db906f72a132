// Provisioning image data: only verified files are held, a changed or short file is refused with a message and
// changes nothing (what was held stays held, what was not stays absent), and a held set is not read again.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeConfig } from '../core/testing';
import { FASHION_MNIST } from './fashion-mnist';
import { HEADER_BYTES } from './image-set.mjs';
import {
  bytesReader,
  forgetImages,
  heldImageBytes,
  heldImages,
  isProvisioned,
  notProvisionedMessage,
  provideImages,
  provisionFor,
  requireImages,
} from './provision';

const file14 = () =>
  new Uint8Array(readFileSync(resolve(__dirname, '../../public', FASHION_MNIST.files[14].path)));
const fm = makeConfig({ data: { kind: 'fashion-mnist', resolution: 14 }, model: { embedding: 'random' } });

describe('image provisioning', () => {
  beforeEach(() => forgetImages());

  it('holds a verified file, reports progress, and does not read it again', async () => {
    expect(isProvisioned(fm)).toBe(false);
    const seen: number[] = [];
    let reads = 0;
    const bytes = bytesReader(file14());
    const read: typeof bytes = (p, on) => {
      reads++;
      return bytes(p, on);
    };
    await provisionFor(fm, read, (f) => seen.push(f));
    expect(isProvisioned(fm)).toBe(true);
    expect(seen.at(-1)).toBe(1);
    expect(requireImages(14).train.labels.length).toBe(FASHION_MNIST.train);
    expect(heldImageBytes(14)?.length).toBe(FASHION_MNIST.files[14].bytes);
    await provisionFor(fm, read);
    expect(reads).toBe(1);
  });

  it('refuses a file with a changed byte (checksum mismatch), holding nothing', async () => {
    const bad = file14();
    bad[HEADER_BYTES + 5000] ^= 0x40;
    await expect(provideImages(14, bytesReader(bad))).rejects.toThrow(/checksum mismatch/);
    expect(heldImages(14)).toBeNull();
    expect(isProvisioned(fm)).toBe(false);
    expect(() => requireImages(14)).toThrow(/not loaded yet/);
  });

  it('keeps what it held when a later load of another size fails', async () => {
    await provideImages(14, bytesReader(file14()));
    const before = heldImages(14);
    await expect(provideImages(28, bytesReader(file14()))).rejects.toThrow(
      /received 2364024 bytes, expected 9420024/,
    );
    expect(heldImages(14)).toBe(before);
    expect(heldImages(28)).toBeNull();
  });

  it('passes a network error on with its message', async () => {
    const offline = async () => {
      throw new Error('could not download data/fashion-mnist-14.bin: HTTP 404');
    };
    await expect(provisionFor(fm, offline)).rejects.toThrow(/HTTP 404/);
    expect(isProvisioned(fm)).toBe(false);
  });

  it('says why a sweep cannot start on images not loaded, naming the file, and nothing once they are', async () => {
    const m = notProvisionedMessage(fm, 'This sweep');
    expect(m).toMatch(/^This sweep trains on Fashion-MNIST 14×14, which this page has not loaded/);
    expect(m).toContain(FASHION_MNIST.files[14].path);
    expect(m).toMatch(/Nothing was measured\.$/);
    await provideImages(14, bytesReader(file14()));
    expect(notProvisionedMessage(fm, 'This sweep')).toBeNull();
    // the other size is still missing
    const fm28 = { ...fm, data: { ...fm.data, resolution: 28 as const } };
    expect(notProvisionedMessage(fm28, 'This sweep')).toMatch(/Fashion-MNIST 28×28/);
  });

  it('needs nothing for generated data', async () => {
    const moons = makeConfig({});
    expect(isProvisioned(moons)).toBe(true);
    expect(notProvisionedMessage(moons, 'This sweep')).toBeNull();
    await provisionFor(moons, async () => {
      throw new Error('must not read');
    });
  });
});
