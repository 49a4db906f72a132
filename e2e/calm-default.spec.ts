// The calmer default experiment (issue 12 item 6), as a first visit sees it: it trains, the phase plane's axes
// do not jump from frame to frame, Re-fit axes fits them, and the step counter stops at the budget. Screenshots
// of the default page after ~50 steps at 1920×1080, 1024×768 and 390×844 go to test-results/.
import { expect, type Page, test } from '@playwright/test';
import { collectPageErrors, settledGpuState } from './helpers';
import { pinEngine, runBar, waitForStep } from './run-helpers';

test.setTimeout(180_000);
// the float64 engine in a worker: faster than SwiftShader for this small net on a shared machine
test.beforeEach(({ page }) => pinEngine(page, 'cpu'));

/** A hash of the phase plane's left axis strip (its tick labels): canvas text is not in the DOM. */
async function axes(page: Page): Promise<string> {
  return page
    .getByTestId('panel-trajectories')
    .locator('canvas')
    .first()
    .evaluate((c: HTMLCanvasElement) => {
      const ctx = c.getContext('2d');
      if (!ctx) return '';
      const strip = ctx.getImageData(0, 0, Math.round(60 * (window.devicePixelRatio || 1)), c.height).data;
      let h = 0;
      for (let i = 0; i < strip.length; i += 4)
        h = (h * 31 + strip[i] + 7 * strip[i + 1] + 13 * strip[i + 2]) | 0;
      return String(h);
    });
}

for (const [w, h] of [
  [1920, 1080],
  [1024, 768],
  [390, 844],
] as const) {
  test(`the default page after ~50 steps at ${w}×${h}`, async ({ page }) => {
    const errors = collectPageErrors(page);
    await page.setViewportSize({ width: w, height: h });
    await page.goto('/');
    expect(['ok', 'unavailable', 'unsupported']).toContain(await settledGpuState(page));
    await expect(page.getByTestId('run-bar')).not.toHaveAttribute('data-status', 'building', {
      timeout: 60_000,
    });
    const c = await page.evaluate(() => window.__odeLens!.experiment.getState().config.train);
    expect([c.lr, c.weightDecay, c.steps]).toEqual([0.01, 0.001, 1000]);
    expect(new URL(page.url()).hash).toBe('#v=3');
    await page.getByTestId('run-play').click();
    await waitForStep(page, (s) => s >= 50, 150_000);
    await page.getByTestId('run-play').click();
    await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', 'paused');
    await page.waitForTimeout(800);
    if (w === 1920) {
      // paused: the axes stay put; Re-fit draws again without an error
      const a = await axes(page);
      await page.waitForTimeout(500);
      expect(await axes(page)).toBe(a);
      await page.getByTestId('trajectories-refit').click();
    }
    await page.screenshot({ path: `test-results/calm-default-${w}x${h}.png`, fullPage: w === 390 });
    // the loss falls (how far after ~50 steps depends on how many steps the last frame added: 0.39 at 100)
    const first = await page.evaluate(() => window.__odeLens!.run.getState().losses[0]?.loss ?? Number.NaN);
    expect((await runBar(page)).loss).toBeLessThan(0.9 * first);
    expect(errors).toEqual([]);
  });
}

test('the step counter stops at the budget', async ({ page }) => {
  await page.goto('/');
  await settledGpuState(page);
  await page.evaluate(() => {
    const exp = window.__odeLens!.experiment;
    const c = structuredClone(exp.getState().config);
    c.train.steps = 60;
    exp.getState().load(c);
  });
  await expect(page.getByTestId('run-bar')).not.toHaveAttribute('data-status', 'building', {
    timeout: 60_000,
  });
  await page.getByTestId('run-play').click();
  await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', 'finished', { timeout: 120_000 });
  expect((await runBar(page)).step).toBe(60);
  await expect(page.getByTestId('run-step-count')).toContainText('60 / 60');
});
