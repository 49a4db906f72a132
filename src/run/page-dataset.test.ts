// The CPU worker hands the page only what its snapshots read of image data (pageDataset), not a clone of every
// image: the fan and the misclassified view's test scores come out the same, the grid needs every sample of
// generated data so those go whole, and no view can ask for more rows than are sent. The numbers printed are the
// init reply's size and clone time, full set vs what is now sent (10k + 2k images at 28×28).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { serialize } from 'node:v8';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMAGE_TEST_MAX, IMAGE_TRAIN_MAX } from '../core/config';
import { datasetHead, makeDataset } from '../core/data';
import { makeConfig } from '../core/testing';
import { FASHION_MNIST } from '../data/fashion-mnist';
import { bytesReader, forgetImages, provideImages } from '../data/provision';
import { TESTS } from '../views/misclassified/view';
import { defaultViews, snapshotNeeds, viewDef } from '../views/registry';
import { fanInputs } from './fan';
import { pageDataset, SNAPSHOT_ROWS } from './snapshot';

const images = makeConfig({
  data: { kind: 'fashion-mnist', resolution: 28, nTrain: IMAGE_TRAIN_MAX, nTest: IMAGE_TEST_MAX },
  model: { d: 16, width: 16, depth: 4, embedding: 'random', innerScale: '1/sqrt(d)' },
  train: { loss: 'xent', batchSize: 32 },
});

beforeAll(async () => {
  const bytes = new Uint8Array(
    readFileSync(resolve(__dirname, '../../public', FASHION_MNIST.files[28].path)),
  );
  await provideImages(28, bytesReader(bytes));
});
afterAll(() => forgetImages());

const timeClone = (v: unknown) => {
  const t0 = performance.now();
  structuredClone(v);
  return performance.now() - t0;
};

describe('pageDataset (what the CPU worker sends the page at init)', () => {
  it('sends image data as their first SNAPSHOT_ROWS samples: same fan and test inputs, a small fraction of the bytes', () => {
    const full = makeDataset(images);
    const page = pageDataset(full);
    expect(page.train.n).toBe(SNAPSHOT_ROWS);
    expect(page.test.n).toBe(SNAPSHOT_ROWS);
    expect(page.image).toEqual(full.image);
    for (const F of [2, 24, 256]) expect(fanInputs(images, page, F)).toEqual(fanInputs(images, full, F));
    const n = TESTS;
    expect(page.test.x.slice(0, n * full.inputDim)).toEqual(full.test.x.slice(0, n * full.inputDim));
    expect(page.test.source?.slice(0, n)).toEqual(full.test.source?.slice(0, n));
    expect(page.test.labels?.slice(0, n)).toEqual(full.test.labels?.slice(0, n));
    const [bFull, bPage] = [serialize(full).length, serialize(page).length];
    const [tFull, tPage] = [timeClone(full), timeClone(page)];
    console.log(
      `init reply data: full ${(bFull / 1e6).toFixed(1)} MB, clone ${tFull.toFixed(1)} ms; ` +
        `sent now ${(bPage / 1e6).toFixed(2)} MB, clone ${tPage.toFixed(2)} ms`,
    );
    expect(bPage).toBeLessThan(bFull / 20);
  });

  it('sends generated data whole (the grid box spans every training point), sharing test = train', () => {
    const moons = makeConfig({
      data: { kind: 'moons', nTrain: 1000, nTest: 300 },
      model: { d: 2, depth: 4 },
    });
    const ds = makeDataset(moons);
    expect(pageDataset(ds)).toBe(ds);
    const mat = makeDataset(
      makeConfig({ data: { kind: 'matrix' }, model: { d: 16, depth: 2 }, train: { loss: 'mse' } }),
    );
    const head = datasetHead(mat, 5);
    expect(head.test).toBe(head.train);
    expect(head.train.n).toBe(5);
    expect(head.train.y).toEqual(mat.train.y.slice(0, 5 * 16));
  });

  it('no view option asks a snapshot for more rows than are sent', () => {
    expect(TESTS).toBeLessThanOrEqual(SNAPSHOT_ROWS);
    const schema = viewDef('trajectories').options!;
    const views = defaultViews();
    const maxFan = { ...views, trajectories: { ...views.trajectories, fan: SNAPSHOT_ROWS } };
    expect(schema.safeParse(maxFan.trajectories).success).toBe(true);
    expect(schema.safeParse({ ...views.trajectories, fan: SNAPSHOT_ROWS + 1 }).success).toBe(false);
    const needs = snapshotNeeds(maxFan);
    // a classification fan reads at least 64 training points
    expect(Math.max(needs.fan, 64, needs.tests ?? 0)).toBeLessThanOrEqual(SNAPSHOT_ROWS);
  });
});
