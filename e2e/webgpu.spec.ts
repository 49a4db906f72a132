// The app in Chromium with WebGPU on SwiftShader: adapter shown, smoke shader result correct, training makes the loss
// fall, device loss shown.
import { expect, test } from '@playwright/test';
import { collectPageErrors, settledGpuState } from './helpers';
import { openWithSmallConfig, pinEngine, runBar, settledRunBar, waitForStep } from './run-helpers';

// these specs test the WebGPU engine itself: train on it whatever the automatic engine choice would pick
test.beforeEach(({ page }) => pinEngine(page));

test('reports the SwiftShader adapter and a correct smoke shader result', async ({ page }, testInfo) => {
  const errors = collectPageErrors(page);
  await page.goto('/');
  await expect(page).toHaveTitle('ODE Lens');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ODE Lens');

  const state = await settledGpuState(page);
  // allTextContents() does not wait: the message element only exists in non-ok states.
  const message = (await page.getByTestId('gpu-message').allTextContents()).join(' ');
  expect(state, `GPU panel message: ${message}`).toBe('ok');

  const adapter = page.getByTestId('gpu-adapter');
  await expect(adapter).toContainText(/swiftshader/i);
  await expect(page.getByTestId('gpu-limits')).toContainText('maxStorageBufferBindingSize');

  const smoke = page.getByTestId('gpu-smoke');
  await expect(smoke).toHaveAttribute('data-result', 'pass');
  await expect(smoke).toContainText('smoke test passed: out[i] = 2·in[i] + i for 64 elements');
  const n = Number(await smoke.getAttribute('data-n'));
  const input = JSON.parse((await smoke.getAttribute('data-input')) ?? '[]') as number[];
  const output = JSON.parse((await smoke.getAttribute('data-output')) ?? '[]') as number[];
  expect(n).toBe(64);
  expect(input).toHaveLength(64);
  expect(output).toHaveLength(64);
  // Recompute on the test side, independently of the app's own check.
  for (let i = 0; i < n; i++) expect(output[i], `out[${i}]`).toBe(Math.fround(2 * input[i] + i));
  expect(output.slice(0, 4)).toEqual([-1.5, 0, 1.5, 3]);
  expect(output[63]).toBe(61.5); // in[63] = -0.75

  const shot = testInfo.outputPath('webgpu-ok.png');
  await page.screenshot({ path: shot, fullPage: true });
  expect(errors).toEqual([]);
});

test('play trains on WebGPU and the loss falls', async ({ page }) => {
  test.setTimeout(240_000); // SwiftShader runs the GPU on the CPU, shared with everything else: allow slow steps
  const errors = collectPageErrors(page);
  await openWithSmallConfig(page);
  const start = await runBar(page);
  expect(start.backend).toBe('webgpu');
  expect(start.step).toBe(0);
  await expect(page.getByTestId('run-backend')).toContainText(/WebGPU.*swiftshader/i);

  // one step: its loss is the loss at the initial weights
  await page.getByTestId('run-step').click();
  await waitForStep(page, (s) => s === 1);
  const initial = (await runBar(page)).loss;
  expect(initial).toBeGreaterThan(0.3); // cross-entropy of two balanced classes starts near ln 2

  await page.getByTestId('run-play').click();
  await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', 'playing');
  await expect(page.getByTestId('run-play')).toHaveText(/Pause/);
  await waitForStep(page, (s) => s >= 25, 120_000);
  await page.getByTestId('run-play').click();
  await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', 'paused');
  const after = await settledRunBar(page);
  expect(after.loss, `loss ${initial} → ${after.loss} after ${after.step} steps`).toBeLessThan(0.6 * initial);
  // the run bar shows the same numbers as text
  await expect(page.getByTestId('run-step-count')).toContainText(after.step.toLocaleString('en-US'));
  expect(Number(await page.getByTestId('run-loss').textContent())).toBeCloseTo(after.loss, 3);
  expect(errors).toEqual([]);
});

test('shows a visible message when the GPU device is lost', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto('/');
  expect(await settledGpuState(page)).toBe('ok');
  await page.evaluate(() => window.__odeLens?.gpu().device?.destroy());
  const status = page.getByTestId('gpu-status');
  await expect(status).toHaveAttribute('data-state', 'lost');
  await expect(page.getByTestId('gpu-message')).toContainText('GPU device was lost');
  await expect(page.getByRole('button', { name: 'Reload' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('after a device loss the run goes on on the CPU from the last step shown, curves kept', async ({
  page,
}) => {
  const errors = collectPageErrors(page);
  await openWithSmallConfig(page);
  for (const k of [1, 2]) {
    await page.getByTestId('run-step').click();
    await waitForStep(page, (s) => s === k);
    await expect(page.getByTestId('run-step')).toBeEnabled();
  }
  const before = await page.evaluate(
    () => window.__odeLens!.run.getState().snapshot!.weights.residual!.length,
  );
  await page.evaluate(() => window.__odeLens?.gpu().device?.destroy());
  await expect(page.getByTestId('gpu-status')).toHaveAttribute('data-state', 'lost');
  await page.getByTestId('continue-on-cpu').click();
  await expect.poll(async () => (await runBar(page)).backend).toBe('cpu');
  expect((await runBar(page)).step).toBe(2);
  await expect(page.getByTestId('gpu-continuing')).toContainText('goes on on the CPU');
  expect(await page.evaluate(() => window.__odeLens!.run.getState().losses.map((l) => l.step))).toEqual([
    1, 2,
  ]);
  expect(await page.evaluate(() => window.__odeLens!.run.getState().snapshot!.weights.residual!.length)).toBe(
    before,
  );
  await expect(page.getByTestId('continue-on-cpu')).toBeHidden();
  // and it trains
  await page.getByTestId('run-step').click();
  await waitForStep(page, (s) => s === 3);
  expect(Number.isFinite((await runBar(page)).loss)).toBe(true);
  expect(errors).toEqual([]);
});
