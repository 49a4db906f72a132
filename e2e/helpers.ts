import { expect, type Page } from '@playwright/test';

/** Collect uncaught page errors and console errors; assert the array is empty at the end of the test. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror ${error.name}: ${error.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console.error: ${msg.text()}`);
  });
  return errors;
}

/** Wait until the GPU panel leaves its transient states and return the final data-state. */
export async function settledGpuState(page: Page): Promise<string> {
  const status = page.getByTestId('gpu-status');
  await expect(status).toHaveAttribute('data-state', /^(ok|unsupported|no-adapter|error|lost)$/);
  return (await status.getAttribute('data-state')) ?? '';
}
