// The page's provisioning step before a build: an image config loads its file first (progress to the run store),
// a download that fails or does not match the checksum is refused with a message and the previous run goes on
// untouched, and a good file then builds and trains.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeConfig } from '../core/testing';
import { FASHION_MNIST } from '../data/fashion-mnist';
import { HEADER_BYTES } from '../data/image-set.mjs';
import { forgetImages, isProvisioned, provisionFor } from '../data/provision';
import { useRun } from '../state/run';
import { ConnectedController } from '../state/testing-run';
import { defaultViews, snapshotNeeds } from '../views/registry';
import type { Provisioner } from './controller';
import { CpuBackend } from './cpu-backend';

const file = () =>
  new Uint8Array(readFileSync(resolve(__dirname, '../../public', FASHION_MNIST.files[14].path)));
const moons = makeConfig({ data: { kind: 'moons', nTrain: 32, nTest: 16 }, model: { d: 2, depth: 4 } });
const images = makeConfig({
  data: { kind: 'fashion-mnist', resolution: 14, nTrain: 200, nTest: 100 },
  model: { d: 16, width: 16, depth: 4, embedding: 'random', innerScale: '1/sqrt(d)' },
  init: { kind: 'iid', stdV: 0.2 },
  train: { loss: 'xent', batchSize: 32 },
});

/** Reads `bytes` in two halves, reporting progress like a download. */
const from =
  (bytes: Uint8Array): Provisioner =>
  (config, onProgress) =>
    provisionFor(
      config,
      async (_path, onBytes) => {
        onBytes(bytes.length / 2);
        onBytes(bytes.length);
        return bytes;
      },
      onProgress,
    );

describe('provisioning data before a build', () => {
  let ctl: ConnectedController | null = null;
  beforeEach(() => forgetImages());
  afterEach(() => ctl?.dispose());

  const controller = (p: Provisioner) => {
    ctl = new ConnectedController(async (c) => new CpuBackend(c), p);
    return ctl;
  };

  it('refuses a file that fails its checksum, keeping the run it had', async () => {
    const bad = file();
    bad[HEADER_BYTES + 777] ^= 1;
    const c = controller(from(bad));
    expect(await c.load(moons)).toBe(true);
    const step = useRun.getState().step;
    expect(await c.load(images)).toBe(false);
    const r = useRun.getState();
    expect(r.notice?.kind).toBe('error');
    expect(r.notice?.text).toMatch(
      /^The data could not be loaded, the previous run goes on: could not load Fashion-MNIST 14×14: .*checksum mismatch/,
    );
    expect(r.rejected?.config).toEqual(images);
    expect(r.loading).toBeNull();
    expect(c.currentConfig).toEqual(moons);
    expect(r.status).toBe('paused');
    expect(r.step).toBe(step);
    expect(isProvisioned(images)).toBe(false);
  });

  it('refuses a failed download with its message', async () => {
    const c = controller(async () => {
      throw new Error('could not download data/fashion-mnist-14.bin: HTTP 404');
    });
    expect(await c.load(images)).toBe(false);
    expect(useRun.getState().notice?.text).toMatch(/HTTP 404/);
  });

  it('loads a good file with progress, then builds and trains', async () => {
    const c = controller(from(file()));
    // as the page does with the misclassified view open (only the open views' needs count)
    const views = defaultViews();
    c.setNeeds(snapshotNeeds({ ...views, open: [...views.open, 'misclassified'] }));
    const seen: (number | null)[] = [];
    const stop = useRun.subscribe((s) => seen.push(s.loading ? s.loading.fraction : null));
    expect(await c.load(images)).toBe(true);
    stop();
    expect(seen).toContain(0.5);
    expect(seen).toContain(1);
    expect(useRun.getState().loading).toBeNull();
    expect(useRun.getState().backendKind).toBe('cpu');
    for (let i = 0; i < 3; i++) await c.stepOnce();
    expect(useRun.getState().step).toBe(3);
    expect(Number.isFinite(useRun.getState().evals[0].testAcc)).toBe(true);
    // the snapshot scores test images for the misclassified view; no decision regions for images
    const snap = useRun.getState().snapshot;
    expect(snap?.grid).toBeNull();
    expect(snap?.tests?.n).toBe(100);
    const mis = snap?.views.misclassified;
    expect(mis && mis.n - mis.correct).toBeGreaterThan(0);
  });
});
