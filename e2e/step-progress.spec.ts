// A long training step on the float32 WASM engine says how far it is in the run bar ("step 1 computing, 37 %"),
// as the float64 engine does (issue 13 item 5): the engine runs its passes in layer ranges and reports between
// them. The config makes one step take seconds: 1024 samples a batch, d = 16, M = 64, N = 1024, Heun, adjoint
// (N = 512 took 1.2 s a step in Node on the 2-core development machine).
import { expect, test } from '@playwright/test';
import { collectPageErrors } from './helpers';
import { openApp, pinEngine, runBar, waitForRun } from './run-helpers';

test.setTimeout(240_000);

test('a long step on the float32 WASM engine shows its progress in the run bar', async ({ page }) => {
  const errors = collectPageErrors(page);
  await pinEngine(page, 'wasm');
  await openApp(page);
  await page.evaluate(() => {
    const s = window.__odeLens!.experiment.getState();
    const c = structuredClone(s.config);
    Object.assign(c.data, { kind: 'moons', nTrain: 1024, nTest: 64 });
    Object.assign(c.model, { residual: 'mlp', d: 16, width: 64, depth: 1024, scheme: 'heun' });
    Object.assign(c.train, { batchSize: 1024, gradMode: 'adjoint', steps: 100_000 });
    s.load(c);
  });
  await waitForRun(page, 120_000);
  expect((await runBar(page)).backend).toBe('wasm');
  await page.getByTestId('run-play').click();
  const clock = page.getByTestId('run-batch-clock');
  await expect(clock).toHaveText(/step \d+ computing, \d+ %/, { timeout: 90_000 });
  const fraction = Number(await clock.getAttribute('data-fraction'));
  expect(fraction).toBeGreaterThan(0);
  expect(fraction).toBeLessThanOrEqual(1);
  await page.getByTestId('run-play').click();
  await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', 'paused');
  expect(errors).toEqual([]);
});
