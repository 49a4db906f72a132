// The run's state machine and history navigation in the real app (issue 13, items 1 and 2): Back after a
// views-only change keeps the trained run; a hash edit to a config that cannot be built keeps the run and
// reports it, the settings and the address keep what was asked, and "Back to the running experiment" returns to
// the run without a rebuild; two config edits committed 30–150 ms apart while
// playing leave the run bar and the training in agreement, still playing; a GPU device lost while playing
// makes the run 'lost' at once (training stops, Play is off) until it continues on the CPU.
import { expect, type Page, test } from '@playwright/test';
import { decodeLink, encodeLink } from '../src/link/codec';
import { collectPageErrors } from './helpers';
import { openWithSmallConfig, pinEngine, runBar, settledRunBar, waitForStep } from './run-helpers';

test.setTimeout(240_000);

// the state machine does not depend on the engine: the WASM worker (the automatic choice here) without its ~3.5 s
// timing of the engines on every rebuild (the device-loss test pins WebGPU itself; its init script runs after this)
test.beforeEach(({ page }) => pinEngine(page, 'wasm'));

/** Wait until the controller runs the store's config and is not building. */
async function waitSettled(page: Page, timeout = 90_000) {
  await page.waitForFunction(
    () => {
      const h = window.__odeLens!;
      const r = h.run.getState();
      return (
        JSON.stringify(h.controller.currentConfig) === JSON.stringify(h.experiment.getState().config) &&
        r.status !== 'building' &&
        !!r.snapshot
      );
    },
    undefined,
    { timeout },
  );
}

const runData = (page: Page) =>
  page.evaluate(() => {
    const r = window.__odeLens!.run.getState();
    return { step: r.step, losses: r.losses.length, status: r.status };
  });

async function trainTo(page: Page, steps: number) {
  await page.getByTestId('run-play').click();
  await waitForStep(page, (s) => s >= steps, 120_000);
  await page.getByTestId('run-play').click();
  await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', 'paused');
}

test('Back after a views-only change keeps the trained run (step, curves)', async ({ page }) => {
  const errors = collectPageErrors(page);
  await openWithSmallConfig(page);
  await trainTo(page, 13);
  const before = await runData(page);
  expect(before.losses).toBeGreaterThanOrEqual(13);
  const url0 = page.url();

  await page.getByTestId('view-toggle-sweep').check();
  await expect.poll(() => page.url()).not.toBe(url0);
  await page.goBack();
  await expect(page.getByTestId('view-toggle-sweep')).not.toBeChecked();
  expect(page.url()).toBe(url0);
  await page.goForward();
  await expect(page.getByTestId('view-toggle-sweep')).toBeChecked();
  await page.goBack();
  await expect(page.getByTestId('view-toggle-sweep')).not.toBeChecked();
  await page.waitForTimeout(500); // a rebuild would have reset the step by now
  expect(await runData(page)).toEqual(before);
  expect(errors).toEqual([]);
});

test('a hash edit to a config that cannot be built keeps the run and reports it; the way back returns to the run', async ({
  page,
}) => {
  const errors = collectPageErrors(page);
  await openWithSmallConfig(page);
  await trainTo(page, 5);
  const before = await runData(page);
  // fault injection: the engines refuse depth 777 as too big (as a real GPU refuses a config over its limits)
  await page.evaluate(() => {
    const c = window.__odeLens!.controller as unknown as { factory: (...a: unknown[]) => Promise<unknown> };
    const real = c.factory;
    c.factory = async (...a: unknown[]) => {
      const config = a[0] as { model: { depth: number } };
      if (config.model.depth === 777)
        throw Object.assign(new Error('injected: needs 9 GiB'), { name: 'EngineLimitError' });
      return real(...a);
    };
  });
  const running = await page.evaluate(() => window.__odeLens!.experiment.getState());
  const bad = structuredClone(running.config);
  bad.model.depth = 777;
  // what typing into the address bar does: the hash changes (hashchange and popstate fire)
  await page.evaluate(
    (h) => {
      window.location.hash = h;
    },
    encodeLink(bad, running.views),
  );

  const notice = page.getByTestId('run-notice');
  await expect(notice).toContainText('does not fit');
  await expect(notice).toContainText('injected: needs 9 GiB');
  await page.waitForTimeout(1000); // the message used to vanish within ~200 ms as the run restarted
  await expect(notice).toContainText('does not fit');
  expect(await runData(page)).toEqual(before);
  // never written back: the settings and the address keep what was asked for
  const shown = await page.evaluate(() => window.__odeLens!.experiment.getState().config);
  expect(shown.model.depth).toBe(777);
  expect(decodeLink(new URL(page.url()).hash).config).toEqual(bad);
  // the way back: the running experiment's settings and address, the same run (no rebuild), no message
  await notice.getByTestId('back-to-running').click();
  await expect(notice).toHaveCount(0);
  expect(decodeLink(new URL(page.url()).hash).config).toEqual(running.config);
  expect(await page.evaluate(() => window.__odeLens!.experiment.getState().config)).toEqual(running.config);
  await page.waitForTimeout(500); // a rebuild would have reset the step by now
  expect(await runData(page)).toEqual(before);
  expect(errors).toEqual([]);
});

test('two config edits 30–150 ms apart while playing: the run bar agrees with the training, and play is kept', async ({
  page,
}) => {
  const errors = collectPageErrors(page);
  await openWithSmallConfig(page);
  await page.getByTestId('run-play').click();
  await waitForStep(page, (s) => s >= 3, 120_000);
  for (const [i, delay] of [30, 60, 90, 120, 150].entries()) {
    const depth = 20 + 2 * i;
    await page.evaluate(
      async ([d, ms]) => {
        const s = window.__odeLens!.experiment.getState();
        s.setFields({ 'model.depth': d });
        await new Promise((r) => setTimeout(r, ms));
        s.setFields({ 'model.depth': d + 1 });
      },
      [depth, delay],
    );
    await waitSettled(page);
    await expect(page.getByTestId('derived-steps')).toHaveText(String(depth + 1));
    // still playing: the bar says so, the button offers Pause, and the step goes on
    await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', 'playing');
    await expect(page.getByTestId('run-play')).toContainText('Pause');
    const at = (await runBar(page)).step;
    await waitForStep(page, (s) => s > at + 2, 120_000);
  }
  // paused: the bar says so and the step stays
  await page.getByTestId('run-play').click();
  await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', 'paused');
  await expect(page.getByTestId('run-play')).toContainText('Play');
  // the batch in flight at Pause still lands (up to 256 steps on the WASM engine), then the step stays
  const stopped = (await settledRunBar(page)).step;
  await page.waitForTimeout(500);
  expect((await runBar(page)).step).toBe(stopped);
  expect(errors).toEqual([]);
});

test('the GPU device lost while playing: the run is lost at once, training stops, Play is off; the CPU goes on', async ({
  page,
}) => {
  await pinEngine(page, 'webgpu');
  await openWithSmallConfig(page);
  expect((await runBar(page)).backend).toBe('webgpu');
  await page.getByTestId('run-play').click();
  await waitForStep(page, (s) => s >= 3, 120_000);
  // fault injection: the device goes away under the running loop
  await page.evaluate(() => window.__odeLens?.gpu().device?.destroy());
  await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', 'lost');
  await expect(page.getByTestId('run-play')).toBeDisabled();
  await expect(page.getByTestId('run-play')).toContainText('Play');
  const stopped = (await runBar(page)).step;
  await page.waitForTimeout(500);
  expect((await runBar(page)).step).toBe(stopped);
  await page.getByTestId('continue-on-cpu').click();
  await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', 'paused');
  expect((await runBar(page)).backend).toBe('cpu');
  await page.getByTestId('run-play').click();
  await waitForStep(page, (s) => s > stopped + 2, 120_000);
  await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', 'playing');
});
