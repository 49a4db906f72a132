// Runs in the `no-webgpu` project: without WebGPU the run starts on the float64 CPU engine at once (no timing),
// and the engine menu offers the float32 WASM CPU engine, which rebuilds the run there and is remembered.
import { expect, test } from '@playwright/test';
import { collectPageErrors } from './helpers';
import { runBar } from './run-helpers';

test('without WebGPU: the float64 engine, untimed; the menu switches to the WASM engine', async ({
  page,
}) => {
  const errors = collectPageErrors(page);
  await page.goto('/');
  await expect.poll(async () => (await runBar(page)).status, { timeout: 60_000 }).toBe('paused');
  const bar = page.getByTestId('run-bar');
  await expect(bar).toHaveAttribute('data-backend', 'cpu');
  await expect(bar).toHaveAttribute('data-engine-how', 'only');
  const select = page.getByTestId('engine-select');
  await expect(select.locator('option')).toHaveText(['Auto', 'CPU float64', 'CPU float32 WASM']);
  await select.selectOption('wasm');
  await expect(bar).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });
  await expect(bar).toHaveAttribute('data-engine-how', 'requested');
  await expect(page.getByTestId('engine-name')).toHaveText('CPU float32 WASM');
  await page.reload();
  await expect(bar).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });
  await expect(select).toHaveValue('wasm');
  expect(errors).toEqual([]);
});
