// Reload keeps the experiment: weights, step and curves autosave to IndexedDB and come back on reload of the same
// link; "Start fresh" deletes them. Faults injected: a corrupted record (NaN weight), a record from a future
// version, and a browser without IndexedDB — each ends in a fresh run with a note, never a crash.
import { expect, type Page, test } from '@playwright/test';
import { collectPageErrors } from './helpers';
import { openWithSmallConfig, pinEngine, runBar, settledRunBar, waitForStep } from './run-helpers';

test.setTimeout(240_000);

// the settings and the autosave do not depend on the engine: the WASM worker (the automatic choice here) without
// its ~3.5 s timing of the engines on every run build
test.beforeEach(({ page }) => pinEngine(page, 'wasm'));

/** Every autosave record in the page's IndexedDB: key, step and number of loss points. */
async function records(page: Page): Promise<{ key: string; step: number; losses: number }[]> {
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        const req = indexedDB.open('ode-lens', 1);
        req.onerror = () => resolve([]);
        req.onsuccess = () => {
          const db = req.result;
          if (!db.objectStoreNames.contains('autosave')) return resolve([]);
          const all = db.transaction('autosave').objectStore('autosave').getAll();
          all.onsuccess = () =>
            resolve(
              all.result.map((r: { key: string; step: number; history: { losses: unknown[] } }) => ({
                key: r.key,
                step: r.step,
                losses: r.history.losses.length,
              })),
            );
        };
      }),
  );
}

/** Change the stored record of the current experiment in place (fault injection). */
async function corrupt(page: Page, how: 'nan-weight' | 'future-version'): Promise<void> {
  await page.evaluate(
    (h) =>
      new Promise<void>((resolve) => {
        const req = indexedDB.open('ode-lens', 1);
        req.onsuccess = () => {
          const store = req.result.transaction('autosave', 'readwrite').objectStore('autosave');
          const all = store.getAll();
          all.onsuccess = () => {
            for (const r of all.result) {
              if (h === 'nan-weight') r.weights.residual[3] = Number.NaN;
              else r.version = 99;
              store.put(r);
            }
            store.transaction.oncomplete = () => resolve();
          };
        };
      }),
    how,
  );
}

async function trainAndSave(page: Page): Promise<number> {
  await openWithSmallConfig(page);
  await page.getByTestId('run-play').click();
  await waitForStep(page, (s) => s >= 12);
  await page.getByTestId('run-play').click();
  await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', 'paused');
  // the batch in flight at Pause still lands (up to 256 steps on the WASM engine): the step the run rests at
  const step = (await settledRunBar(page)).step;
  await expect
    .poll(async () => (await records(page)).some((r) => r.step === step && r.losses > 0))
    .toBe(true);
  return step;
}

test('reload brings back the weights, step and curves; Start fresh forgets them', async ({ page }) => {
  const errors = collectPageErrors(page);
  const step = await trainAndSave(page);
  const loss = (await runBar(page)).loss;
  const url = page.url();
  await page.reload();
  await expect(page.getByTestId('autosave-restored')).toContainText(`at step ${step}`);
  expect(page.url()).toBe(url);
  await expect.poll(async () => (await runBar(page)).step).toBe(step);
  expect(await page.evaluate(() => window.__odeLens!.run.getState().losses.length)).toBeGreaterThanOrEqual(
    step,
  );
  expect((await runBar(page)).loss).toBeCloseTo(loss, 6);
  // training goes on from there
  await page.getByTestId('run-step').click();
  await waitForStep(page, (s) => s === step + 1);

  await page.getByTestId('autosave-start-fresh').click();
  await expect(page.getByTestId('autosave-restored')).toHaveCount(0);
  await expect.poll(async () => (await runBar(page)).step).toBe(0);
  await expect.poll(async () => (await records(page)).every((r) => r.step === 0)).toBe(true);
  await page.reload();
  await expect.poll(async () => (await runBar(page)).status, { timeout: 60_000 }).toBe('paused');
  await page.waitForTimeout(1000);
  await expect(page.getByTestId('autosave-restored')).toHaveCount(0);
  expect((await runBar(page)).step).toBe(0);
  expect(errors).toEqual([]);
});

for (const how of ['nan-weight', 'future-version'] as const)
  test(`a ${how} record is refused with a note and the run starts fresh`, async ({ page }) => {
    const errors = collectPageErrors(page);
    await trainAndSave(page);
    await corrupt(page, how);
    await page.reload();
    await expect(page.getByTestId('run-notice')).toContainText(
      how === 'nan-weight'
        ? /could not be restored: its weights are not \d+ finite numbers/
        : /another version/,
    );
    await expect(page.getByTestId('autosave-restored')).toHaveCount(0);
    expect((await runBar(page)).step).toBe(0);
    // the bad record is gone
    await expect.poll(async () => (await records(page)).filter((r) => r.step > 0)).toEqual([]);
    expect(errors).toEqual([]);
  });

test('without IndexedDB the app trains and says it is not autosaving', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
  });
  await openWithSmallConfig(page);
  await page.getByTestId('run-step').click();
  await waitForStep(page, (s) => s === 1);
  await expect(page.getByTestId('autosave-problem')).toContainText('no local storage');
  expect(errors).toEqual([]);
});
