// The settings sidebar: edits commit on Enter/blur, invalid values show the field's message (with the
// allowed range) while the run keeps its previous config, fields that do not apply are hidden, and a
// cross-field message appears at the field it names.
import { expect, type Page, test } from '@playwright/test';
import { collectPageErrors } from './helpers';
import { openWithSmallConfig, pinEngine, runBar, waitForStep } from './run-helpers';

test.setTimeout(240_000);

// the settings do not depend on the engine: the WASM worker (the automatic choice here) without its ~3.5 s timing
// of the engines on every rebuild
test.beforeEach(({ page }) => pinEngine(page, 'wasm'));

const field = (page: Page, path: string) => page.getByTestId(`field-${path}`);
const input = (page: Page, path: string) => field(page, path).locator('input, select').first();
const config = (page: Page) => page.evaluate(() => window.__odeLens!.experiment.getState().config);

test('an invalid depth shows its allowed range and the run keeps its config', async ({ page }) => {
  const errors = collectPageErrors(page);
  await openWithSmallConfig(page);
  await page.getByTestId('run-play').click();
  await waitForStep(page, (s) => s >= 3, 120_000);

  const depth = input(page, 'model.depth');
  await depth.fill('0');
  // typing alone does not commit
  expect((await config(page)).model.depth).toBe(16);
  await depth.press('Enter');

  const message = page.getByTestId('error-model.depth');
  await expect(message).toBeVisible();
  await expect(message).toContainText('[1, 8192]');
  await expect(message).toContainText('(got 0)');
  await expect(depth).toHaveValue('0'); // the draft stays visible
  await expect(depth).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('controls-pending')).toBeVisible();
  // the previous config keeps running: same depth, still training, the step counter goes on
  expect((await config(page)).model.depth).toBe(16);
  await expect(page.getByTestId('derived-steps')).toHaveText('16');
  const at = (await runBar(page)).step;
  await waitForStep(page, (s) => s > at, 120_000);
  expect((await runBar(page)).status).toBe('playing');

  // a valid value applies, clears the message and restarts the run with the new depth
  await depth.fill('8');
  await depth.press('Enter');
  await expect(message).toHaveCount(0);
  await expect(page.getByTestId('derived-steps')).toHaveText('8');
  expect((await config(page)).model.depth).toBe(8);
  await expect(page.getByTestId('memory-bars')).toHaveAttribute('data-mode', 'exact');
  await page.getByTestId('run-play').click(); // pause (the rebuilt run resumed playing)
  expect(errors).toEqual([]);
});

test('fields follow the config, cross-field messages sit at the named field, numbers commit on blur', async ({
  page,
}) => {
  const errors = collectPageErrors(page);
  await openWithSmallConfig(page);

  // MLP-only fields disappear for linear residuals
  await expect(field(page, 'model.width')).toBeVisible();
  await input(page, 'model.residual').selectOption('linear');
  await expect(field(page, 'model.width')).toHaveCount(0);
  await expect(field(page, 'model.activation')).toHaveCount(0);
  await expect(field(page, 'model.innerScale')).toHaveCount(0);
  expect((await config(page)).model.residual).toBe('linear');

  // optimizer-specific fields
  await expect(field(page, 'train.beta1')).toBeVisible();
  await expect(field(page, 'train.momentum')).toHaveCount(0);
  await input(page, 'train.optimizer').selectOption('sgd');
  await expect(field(page, 'train.momentum')).toBeVisible();
  await expect(field(page, 'train.beta1')).toHaveCount(0);

  // a 1-D dataset: lo/hi appear, the loss follows to mse
  await expect(field(page, 'data.lo')).toHaveCount(0);
  await input(page, 'data.kind').selectOption('square');
  await expect(field(page, 'data.lo')).toBeVisible();
  await expect(field(page, 'data.hi')).toBeVisible();
  expect((await config(page)).data.kind).toBe('square');
  expect((await config(page)).train.loss).toBe('mse');
  await expect(input(page, 'train.loss')).toHaveValue('mse');

  // lo = −1 with hi = 2 is not one-signed: the message sits at data.lo, the config keeps lo
  const lo = input(page, 'data.lo');
  const before = (await config(page)).data.lo;
  await lo.fill('-1');
  await lo.blur();
  await expect(page.getByTestId('error-data.lo')).toContainText('one-signed');
  expect((await config(page)).data.lo).toBe(before);
  // making hi negative fixes it: both apply together
  const hi = input(page, 'data.hi');
  await hi.fill('-0.5');
  await hi.press('Tab');
  await expect(page.getByTestId('error-data.lo')).toHaveCount(0);
  const c = await config(page);
  expect([c.data.lo, c.data.hi]).toEqual([-1, -0.5]);

  // text that is not a number is quoted in the message
  const nTrain = input(page, 'data.nTrain');
  await nTrain.fill('lots');
  await nTrain.press('Enter');
  await expect(page.getByTestId('error-data.nTrain')).toContainText('"lots"');
  await nTrain.fill('64');
  await nTrain.press('Enter');
  await expect(page.getByTestId('error-data.nTrain')).toHaveCount(0);
  expect((await config(page)).data.nTrain).toBe(64);

  // the seed: a new one on request
  const seed = (await config(page)).seed;
  await page.getByTestId('new-seed').click();
  await expect.poll(async () => (await config(page)).seed).not.toBe(seed);

  // help on hover names the paper's meaning
  // (the new seed restarts the run and the sidebar may reflow under a resting pointer, which moves the
  // hover to a neighbouring field: hover again until the bubble names the field under the pointer)
  await expect(async () => {
    await field(page, 'model.scale').locator('label').hover();
    await expect(page.locator('.help-bubble')).toContainText('Euler step of the neural ODE', {
      timeout: 2000,
    });
  }).toPass({ timeout: 20_000 });
  expect(errors).toEqual([]);
});

test('the views menu shows and hides views in their order', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto('/');
  await expect(page.getByTestId('panel-sweep')).toHaveCount(0);
  await page.getByTestId('view-toggle-sweep').check();
  await expect(page.getByTestId('panel-sweep')).toBeVisible();
  await page.getByTestId('view-toggle-curves').uncheck();
  await expect(page.getByTestId('panel-curves')).toHaveCount(0);
  await page.getByTestId('view-toggle-curves').check();
  const order = await page
    .locator('.view-grid > .view')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-view')));
  expect(order).toEqual(['trajectories', 'curves', 'heatmap', 'memory', 'sweep']);
  expect(errors).toEqual([]);
});

test('a diverging run shows a warning that can be dismissed', async ({ page }) => {
  const errors = collectPageErrors(page);
  await openWithSmallConfig(page);
  await input(page, 'train.optimizer').selectOption('sgd');
  const lr = input(page, 'train.lr');
  await lr.fill('100000');
  await lr.press('Enter');
  await expect.poll(async () => (await config(page)).train.lr).toBe(100000);
  await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', 'paused', { timeout: 60_000 });
  await page.getByTestId('run-play').click();
  const notice = page.getByTestId('run-notice');
  await expect(notice).toBeVisible({ timeout: 120_000 });
  await expect(notice).toHaveAttribute('data-kind', 'warning');
  await expect(notice).toContainText('diverged');
  await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', 'diverged');
  await expect(page.getByTestId('run-play')).toContainText('Play');
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('the depth-input residuals are offered with their labels and help, and train', async ({ page }) => {
  const errors = collectPageErrors(page);
  await openWithSmallConfig(page);
  const residual = input(page, 'model.residual');
  // the options and the help come from the residual registry (src/residuals/depth-input.ts)
  await expect(residual.locator('option[value="mlp-s"]')).toHaveText(/MLP \+ depth/);
  await expect(residual.locator('option[value="linear-s"]')).toHaveText(/linear \+ depth/);
  await expect(field(page, 'model.residual').locator('.visually-hidden')).toContainText('mlp-s: f(x, s, θ)');
  await residual.selectOption('mlp-s');
  expect((await config(page)).model.residual).toBe('mlp-s');
  await expect(field(page, 'model.width')).toBeVisible(); // a hidden-layer kind: its fields stay
  await page.getByTestId('run-play').click();
  await waitForStep(page, (s) => s >= 3, 120_000);
  expect((await runBar(page)).status).toBe('playing');
  expect(errors).toEqual([]);
});

test('on a phone the help bubble of a focused field stays under it when the page scrolls', async ({
  browser,
}) => {
  // a phone scrolls the focused field into view above its keyboard: the bubble (position: fixed) used to stay
  // where the field had been, over the fields that scrolled under it
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  await pinEngine(page, 'wasm');
  const errors = collectPageErrors(page);
  await page.goto('/');
  await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', 'paused', { timeout: 60_000 });
  await page.getByTestId('controls-toggle').tap();
  const depth = field(page, 'model.depth');
  await depth.locator('input').first().tap();
  const bubble = page.locator('.help-bubble');
  await expect(bubble).toContainText('Number of residual layers');
  const gap = async () => {
    const [f, b] = [await depth.boundingBox(), await bubble.boundingBox()];
    return b!.y - (f!.y + f!.height);
  };
  expect(await gap()).toBeCloseTo(6, 0);
  const before = (await depth.boundingBox())!.y;
  await page.evaluate(() => window.scrollBy(0, 200));
  await expect.poll(async () => (await depth.boundingBox())!.y).toBeLessThan(before - 100);
  await expect.poll(gap).toBeCloseTo(6, 0);
  expect(errors).toEqual([]);
  await context.close();
});
