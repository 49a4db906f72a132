// Runs in the `no-webgpu` project: Chromium launched without --enable-unsafe-webgpu, so navigator.gpu exists
// but requestAdapter() returns null on this GPU-less machine.
import { expect, test } from '@playwright/test';
import { collectPageErrors, settledGpuState } from './helpers';

test('without an adapter the page says so and how to enable WebGPU', async ({ page }, testInfo) => {
  const errors = collectPageErrors(page);
  await page.goto('/');
  expect(await page.evaluate(() => 'gpu' in navigator)).toBe(true);

  expect(await settledGpuState(page)).toBe('no-adapter');
  await expect(page.getByTestId('gpu-status')).toContainText('No WebGPU adapter');
  await expect(page.getByTestId('gpu-help')).toContainText('--enable-unsafe-webgpu');
  await expect(page.getByTestId('gpu-help')).toContainText('chrome://gpu');
  await expect(page.getByTestId('gpu-smoke')).toHaveCount(0);

  const shot = testInfo.outputPath('no-adapter.png');
  await page.screenshot({ path: shot, fullPage: true });
  expect(errors).toEqual([]);
});
