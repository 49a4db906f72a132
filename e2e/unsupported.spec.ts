// A browser without navigator.gpu at all (simulated by deleting it before the app loads).
import { expect, test } from '@playwright/test';
import { collectPageErrors, settledGpuState } from './helpers';

test('without navigator.gpu the page explains what is missing and how to get it', async ({
  page,
}, testInfo) => {
  const errors = collectPageErrors(page);
  await page.addInitScript(() => {
    delete (Navigator.prototype as { gpu?: unknown }).gpu;
  });
  await page.goto('/');
  expect(await page.evaluate(() => 'gpu' in navigator)).toBe(false);

  expect(await settledGpuState(page)).toBe('unsupported');
  await expect(page.getByTestId('gpu-status')).toContainText('WebGPU is not available');
  const help = page.getByTestId('gpu-help');
  await expect(help).toContainText('navigator.gpu');
  await expect(help).toContainText('Chrome');
  await expect(help).toContainText('--enable-unsafe-webgpu');
  await expect(page.getByTestId('gpu-smoke')).toHaveCount(0);

  const shot = testInfo.outputPath('unsupported.png');
  await page.screenshot({ path: shot, fullPage: true });
  expect(errors).toEqual([]);
});
