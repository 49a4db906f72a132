// Compare runs (issue 12 item 4): train a small net, pin it, change the depth and train again; the curves show
// both runs in their legend, the Compare view lists the depth as the difference and draws both runs, and the pin
// is still there after a reload. Screenshots of the Compare view at three sizes (test-results/compare-*.png).
import { expect, type Page, test } from '@playwright/test';
import { encodeLink } from '../src/link/codec';
import { PRESETS, presetConfig } from '../src/presets/presets';
import { collectPageErrors } from './helpers';
import { openWithSmallConfig, runBar, waitForStep } from './run-helpers';

// generous for a busy machine: alone on 2 cores it takes about a minute
test.setTimeout(360_000);

const depthInput = (page: Page) => page.getByTestId('field-model.depth').locator('input').first();

async function trainTo(page: Page, steps: number): Promise<void> {
  await page.getByTestId('run-play').click();
  await waitForStep(page, (s) => s >= steps);
  // an evaluation (once a second) after the last steps, so that the final numbers are there
  await expect
    .poll(() => page.evaluate(() => window.__odeLens!.run.getState().evals.length), { timeout: 30_000 })
    .toBeGreaterThan(1);
  await page.getByTestId('run-play').click();
  await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', 'paused');
}

test('pin a run, change the depth, train: both in the legend, the difference listed, the pin kept on reload', async ({
  page,
}) => {
  const errors = collectPageErrors(page);
  // the WASM engine: no timing of engines, and a few steps a second even on a busy 2-core machine
  await page.addInitScript(() => localStorage.setItem('ode-lens.engine', 'wasm'));
  await openWithSmallConfig(page);
  await trainTo(page, 3);

  await page.getByTestId('pin-run').click();
  const legend = page.getByTestId('curves-legend-item');
  await expect(legend).toHaveCount(2);
  await expect(legend.nth(0)).toContainText('current run');
  await expect(legend.nth(1)).toContainText('pinned');

  await depthInput(page).fill('8');
  await depthInput(page).press('Enter');
  await expect(page.getByTestId('derived-steps')).toHaveText('8');
  await expect.poll(async () => (await runBar(page)).status, { timeout: 60_000 }).toBe('paused');
  await trainTo(page, 3);
  await expect(legend).toHaveCount(2);

  await page.getByTestId('view-toggle-compare').check();
  const panel = page.getByTestId('panel-compare');
  await expect(panel).toBeVisible();
  await expect(page.getByTestId('pin-item')).toHaveCount(1);
  const depthRow = page.locator('[data-testid="compare-diff-row"][data-path="model.depth"]');
  await expect(depthRow).toContainText('Depth (N)');
  await expect(depthRow.locator('td')).toHaveText(['16', '8']);
  await expect(page.getByTestId('compare-diff-row')).toHaveCount(1);
  await expect(page.getByTestId('compare-final-row').first()).toContainText('Step');

  // rename: the new name shows in the curves legend too
  await page.getByTestId('pin-label').fill('deep (N = 16)');
  await page.getByTestId('pin-label').press('Enter');
  await expect(legend.nth(1)).toContainText('deep (N = 16)');

  for (const [w, h] of [
    [1920, 1080],
    [1024, 768],
    [390, 844],
  ]) {
    await page.setViewportSize({ width: w, height: h });
    await panel.scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    // both figures drew something on the canvas
    const inked = await page.getByTestId('compare-canvas').evaluate((el) => {
      const c = el as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240) n++;
      return n / (c.width * c.height);
    });
    expect(inked).toBeGreaterThan(0.05);
    // nothing in the view is wider than the view (the page's own header is h-mobile's)
    expect(await panel.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    // what a user sees there: the view scrolled into sight
    await page.screenshot({ path: `test-results/compare-${w}x${h}.png` });
  }
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.reload();
  await expect(page.getByTestId('pin-item')).toHaveCount(1, { timeout: 60_000 });
  await expect(page.getByTestId('pin-label')).toHaveValue('deep (N = 16)');
  await expect(legend).toHaveCount(2);

  await page.getByTestId('pin-remove').click();
  await expect(page.getByTestId('compare-empty')).toBeVisible();
  await expect(legend).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a preset that opens as a pair: train Fig. 1 left, pin it, the right opens with the Compare view beside it', async ({
  page,
}) => {
  const errors = collectPageErrors(page);
  await page.addInitScript(() => localStorage.setItem('ode-lens.engine', 'cpu'));
  const left = PRESETS.find((p) => p.id === 'sander-fig1-square')!;
  const { config, views } = presetConfig(left);
  await page.goto(`/#${encodeLink(config, views, { preset: left.id })}`);
  await expect(page.getByTestId('preset-pair')).toBeVisible({ timeout: 60_000 });
  await trainTo(page, 3);
  await page.getByTestId('preset-pair').click();

  await expect(page.getByTestId('panel-compare')).toBeVisible();
  await expect(page.getByTestId('pin-item')).toHaveCount(1);
  await expect(page.getByTestId('pin-label')).toHaveValue(left.title);
  await expect(page).toHaveURL(/preset=sander-fig1-neg-square/);
  const kind = page.locator('[data-testid="compare-diff-row"][data-path="data.kind"]');
  await expect(kind).toBeVisible();
  await expect(page.getByTestId('compare-diff-row')).toHaveCount(1);
  await page.screenshot({ path: 'test-results/compare-pair-1920x1080.png' });
  expect(errors).toEqual([]);
});
