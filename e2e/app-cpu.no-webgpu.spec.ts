// Runs in the `no-webgpu` project (no adapter): the app falls back to the float64 CPU engine in a worker and
// training still works.
import { expect, test } from '@playwright/test';
import { collectPageErrors } from './helpers';
import { canvasStats, openWithSmallConfig, runBar, waitForStep } from './run-helpers';

test.setTimeout(240_000);

test('without WebGPU the run uses the CPU worker and the loss falls', async ({ page }, testInfo) => {
  const errors = collectPageErrors(page);
  await openWithSmallConfig(page);
  await expect(page.getByTestId('gpu-status')).toHaveAttribute('data-state', 'no-adapter');
  const start = await runBar(page);
  expect(start.backend).toBe('cpu');
  await expect(page.getByTestId('run-backend')).toContainText('CPU · float64');
  await expect(page.getByTestId('gpu-notice')).toContainText('running on the CPU');
  await expect(page.getByTestId('panel-memory')).toContainText('float64');

  await page.getByTestId('run-step').click();
  await waitForStep(page, (s) => s === 1);
  const initial = (await runBar(page)).loss;
  expect(initial).toBeGreaterThan(0.3);
  const curves0 = await canvasStats(page, 'curves-canvas');

  await page.locator('body').click({ position: { x: 5, y: 5 } }); // focus the page, not the Step button
  await page.keyboard.press('Space');
  await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', 'playing');
  await waitForStep(page, (s) => s >= 25, 120_000);
  await page.keyboard.press('Space');
  await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', 'paused');
  const after = await runBar(page);
  expect(after.loss, `loss ${initial} → ${after.loss} after ${after.step} steps`).toBeLessThan(0.6 * initial);
  await expect.poll(async () => (await canvasStats(page, 'curves-canvas')).hash).not.toBe(curves0.hash);

  const shot = testInfo.outputPath('app-cpu-1280x720.png');
  await page.screenshot({ path: shot });
  await testInfo.attach('app-cpu-1280x720', { path: shot, contentType: 'image/png' });
  expect(errors).toEqual([]);
});
