// Presets, links and experiment files in the real app: every preset opens from the
// gallery with its explanation and trains; a link reproduces the run to the same numbers; back/forward walk
// through settings; malformed, hostile and old links open safely; the experiment saves to JSON and opens back.
import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import type { ExperimentConfig } from '../src/core/config';
import { importExperiment } from '../src/io/experiment-file';
import { decodeLink, encodeLink, encodeLinkV1, LINK_VERSION } from '../src/link/codec';
import { PRESETS, presetConfig } from '../src/presets/presets';
import { defaultViews } from '../src/state/experiment';
import { collectPageErrors } from './helpers';
import { pinEngine, runBar, waitForRun, waitForStep } from './run-helpers';

// Every spec pins its engine (and so skips the automatic choice's timing of the engines). The first trains every
// preset on WebGPU: the float32 WASM engine lacks some residuals and schemes (such a preset would fall back to
// another engine). For the others the engine does not matter: WASM builds and trains faster than SwiftShader.

test.use({ viewport: { width: 1280, height: 720 } });

const storeConfig = (page: Page) =>
  page.evaluate(() => window.__odeLens!.experiment.getState().config) as Promise<ExperimentConfig>;

/** Step once through the run bar and return the loss of that step (read from the store: full precision). */
async function stepAndLoss(page: Page, expectStep: number): Promise<number> {
  await page.getByTestId('run-step').click();
  await waitForStep(page, (s) => s === expectStep);
  await expect(page.getByTestId('run-step')).toBeEnabled();
  return page.evaluate(() => window.__odeLens!.run.getState().loss);
}

test('every preset opens from the gallery with its explanation, puts itself in the link and trains', async ({
  page,
}, testInfo) => {
  await pinEngine(page, 'webgpu');
  test.setTimeout(600_000);
  const errors = collectPageErrors(page);
  await page.goto('/');
  await waitForRun(page);
  for (const p of PRESETS) {
    await page.getByTestId('presets-open').click();
    await expect(page.getByTestId('preset-gallery')).toBeVisible();
    await page.getByTestId(`preset-${p.id}`).click();
    await expect(page.getByTestId('preset-gallery')).toBeHidden();
    const info = page.getByTestId('preset-info');
    await expect(info).toContainText(p.title);
    await expect(info.locator('.katex').first()).toBeVisible(); // the equations are typeset
    await waitForRun(page);

    const want = presetConfig(p);
    expect(await storeConfig(page)).toEqual(want.config);
    // the URL carries exactly this experiment
    const hash = await page.evaluate(() => window.location.hash);
    expect(decodeLink(hash).config, `${p.id}: link`).toEqual(want.config);
    expect(decodeLink(hash).rejected).toEqual([]);

    const loss = await stepAndLoss(page, 1);
    expect(Number.isFinite(loss), `${p.id}: loss after one step`).toBe(true);
    const bar = await runBar(page);
    expect(bar.backend).toBe('webgpu');
    if (p.id === PRESETS[0].id || p.id === 'sander-fig1-neg-square' || p.id === 'marion-smooth-limit') {
      const path = testInfo.outputPath(`preset-${p.id}.png`);
      await page.screenshot({ path });
      await testInfo.attach(`preset-${p.id}`, { path, contentType: 'image/png' });
    }
  }
  expect(errors).toEqual([]);
});

test('a first visit without a link shows a short welcome that leads to the presets and stays closed', async ({
  page,
}) => {
  await pinEngine(page, 'wasm');
  const errors = collectPageErrors(page);
  await page.goto('/');
  await waitForRun(page);
  const welcome = page.getByTestId('welcome');
  await expect(welcome).toBeVisible();
  await expect(welcome).toContainText('neural ODE');
  await welcome.getByTestId('welcome-presets').click();
  await expect(page.getByTestId('preset-gallery')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('preset-gallery')).toBeHidden();
  await welcome.getByTestId('welcome-close').click();
  await expect(welcome).toBeHidden();
  await page.goto('/'); // a later visit: still closed
  await waitForRun(page);
  await expect(page.getByTestId('run-bar')).toBeVisible();
  await expect(page.getByTestId('welcome')).toBeHidden();
  expect(errors).toEqual([]);
});

test('a page opened from a link shows no welcome', async ({ page }) => {
  await pinEngine(page, 'wasm');
  const { config, views } = presetConfig(PRESETS[0]);
  await page.goto(`/#${encodeLink(config, views)}`);
  await waitForRun(page);
  await expect(page.getByTestId('run-bar')).toBeVisible();
  await expect(page.getByTestId('welcome')).toBeHidden();
});

test('the preset explanation says when settings changed, goes back to the preset, and collapses', async ({
  page,
}) => {
  await pinEngine(page, 'wasm');
  const errors = collectPageErrors(page);
  await page.goto('/');
  await waitForRun(page);
  const p = PRESETS.find((x) => x.id === 'sander-fig2-linear') ?? PRESETS[0];
  await page.getByTestId('presets-open').click();
  await page.getByTestId(`preset-${p.id}`).click();
  await waitForRun(page);
  const info = page.getByTestId('preset-info');
  await expect(info.getByTestId('preset-modified')).toBeHidden();
  const depth = page.getByTestId('field-model.depth').locator('input').first();
  await depth.fill('24');
  await depth.press('Enter');
  await expect(info.getByTestId('preset-modified')).toBeVisible();
  await info.getByTestId('preset-restore').click();
  await expect(info.getByTestId('preset-modified')).toBeHidden();
  await waitForRun(page);
  expect(await storeConfig(page)).toEqual(presetConfig(p).config);

  await info.getByTestId('preset-collapse').click();
  await expect(info.getByText('What to look for')).toBeHidden();
  await expect(info).toContainText(p.title);
  await info.getByTestId('preset-collapse').click();
  await expect(info.getByText('What to look for')).toBeVisible();
  expect(errors).toEqual([]);
});

test('a link reproduces the experiment to the same numbers in a fresh page', async ({ browser }) => {
  const p = PRESETS.find((x) => x.id === 'marion-tied-vs-iid') ?? PRESETS[0];
  const { config, views } = presetConfig(p);
  const link = `/#${encodeLink({ ...config, seed: 12345 }, views)}`;
  const losses: number[][] = [];
  for (let run = 0; run < 2; run++) {
    const page = await browser.newPage();
    await pinEngine(page, 'wasm');
    const errors = collectPageErrors(page);
    await page.goto(link);
    await waitForRun(page);
    expect((await storeConfig(page)).seed).toBe(12345);
    const ls: number[] = [];
    for (let k = 1; k <= 3; k++) ls.push(await stepAndLoss(page, k));
    losses.push(ls);
    expect(errors).toEqual([]);
    await page.close();
  }
  // same link, same seed, same kernels: bit-identical losses
  expect(losses[1]).toEqual(losses[0]);
  expect(losses[0].every(Number.isFinite)).toBe(true);
});

test('settings changes update the link; back and forward restore them and rebuild the run', async ({
  page,
}) => {
  await pinEngine(page, 'wasm');
  const errors = collectPageErrors(page);
  await page.goto('/');
  await waitForRun(page);
  const depth0 = (await storeConfig(page)).model.depth;
  const url0 = page.url();
  const depthField = page.getByTestId('field-model.depth').locator('input').first();
  await depthField.fill('12');
  await depthField.press('Enter');
  await expect.poll(() => page.url()).not.toBe(url0);
  expect(decodeLink(new URL(page.url()).hash).config.model.depth).toBe(12);
  await waitForRun(page);
  await expect(page.getByTestId('derived-steps')).toHaveText('12');

  await page.goBack();
  await expect.poll(async () => (await storeConfig(page)).model.depth).toBe(depth0);
  await waitForRun(page);
  await expect(page.getByTestId('derived-steps')).toHaveText(String(depth0));
  await page.goForward();
  await expect.poll(async () => (await storeConfig(page)).model.depth).toBe(12);
  await waitForRun(page);
  expect(errors).toEqual([]);
});

test('a malformed, hostile, out-of-range link never runs script: rejected fields are listed, valid ones kept', async ({
  page,
}) => {
  await pinEngine(page, 'wasm');
  const errors = collectPageErrors(page);
  let dialogs = 0;
  page.on('dialog', async (d) => {
    dialogs++;
    await d.dismiss();
  });
  await page.addInitScript(() => {
    (window as unknown as { __pwned: number }).__pwned = 0;
  });
  const hostile = [
    'v=2',
    'model.depth=999999', // out of range
    'model.width=abc', // not a number
    `data.kind=${encodeURIComponent('<img src=x onerror="window.__pwned=1">')}`,
    'seed=42', // valid: kept
    'model.activation=gelu', // valid: kept
    '__proto__.polluted=1',
    'views.trajectories.fan=1000000',
  ].join('&');
  await page.goto(`/#${hostile}`);
  await waitForRun(page);
  const notice = page.getByTestId('link-notice');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('model.depth');
  await expect(notice).toContainText('model.width');
  await expect(notice).toContainText('data.kind');
  const c = await storeConfig(page);
  expect(c.seed).toBe(42);
  expect(c.model.activation).toBe('gelu');
  const defaults = decodeLink('#v=2').config;
  expect(c.model.depth).toBe(defaults.model.depth);
  expect(c.model.width).toBe(defaults.model.width);
  expect(c.data.kind).toBe(defaults.data.kind);
  expect(await page.evaluate(() => (window as unknown as { __pwned: number }).__pwned)).toBe(0);
  expect(await page.evaluate(() => ({}) as Record<string, unknown>)).not.toHaveProperty('polluted');
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(dialogs).toBe(0);
  // the app still trains
  expect(Number.isFinite(await stepAndLoss(page, 1))).toBe(true);
  // dismissing the notice hides it
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toBeHidden();

  // truncated and garbage links open the defaults with a notice, never a blank page
  for (const junk of ['v=2&model.dep', 'v=1&c=%%%', 'v=99&x=1', '%E0%A4%A']) {
    await page.goto(`/#${junk}`);
    await page.reload(); // a hash-only navigation does not reload; make it a fresh open
    await waitForRun(page);
    await expect(page.getByTestId('run-bar')).toBeVisible();
  }
  expect(errors).toEqual([]);
});

test('an old (version 1) link still opens the same experiment', async ({ page }) => {
  await pinEngine(page, 'wasm');
  const errors = collectPageErrors(page);
  const p = PRESETS.find((x) => x.id === 'sander-fig2-linear') ?? PRESETS[0];
  const { config, views } = presetConfig(p);
  await page.goto(`/#${encodeLinkV1(config, views)}`);
  await waitForRun(page);
  expect(await storeConfig(page)).toEqual(config);
  await expect(page.getByTestId('link-notice')).toBeHidden();
  // the address is rewritten in the current format
  await expect.poll(() => new URL(page.url()).hash).toContain(`v=${LINK_VERSION}`);
  expect(errors).toEqual([]);
});

test('copy link puts the current experiment on the clipboard', async ({ page, context }) => {
  await pinEngine(page, 'wasm');
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/');
  await waitForRun(page);
  await page.getByTestId('copy-link').click();
  await expect(page.getByTestId('copy-link')).toHaveText('Link copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(page.url());
  expect(decodeLink(new URL(copied).hash).config).toEqual(await storeConfig(page));
});

test('the experiment saves to JSON and opens back at the same step and weights; a bad file changes nothing', async ({
  page,
}, testInfo) => {
  await pinEngine(page, 'wasm');
  const errors = collectPageErrors(page);
  const p = PRESETS.find((x) => x.id === 'sander-fig1-square') ?? PRESETS[0];
  const { config, views } = presetConfig(p);
  const small = { ...config, model: { ...config.model, depth: 20, width: 8 } };
  await page.goto(`/#${encodeLink(small, { ...defaultViews(), ...views })}`);
  await waitForRun(page);
  for (let k = 1; k <= 3; k++) await stepAndLoss(page, k);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('experiment-export').click(),
  ]);
  const file = testInfo.outputPath('experiment.json');
  await download.saveAs(file);
  const text = readFileSync(file, 'utf8');
  const parsed = importExperiment(text);
  expect(parsed.ok).toBe(true);
  if (!parsed.ok) return;
  expect(parsed.step).toBe(3);
  expect(parsed.config).toEqual(small);
  expect(parsed.history.losses.map((l) => l.step)).toEqual([1, 2, 3]);
  const saved = await page.evaluate(() =>
    Array.from(window.__odeLens!.run.getState().snapshot!.weights.residual!),
  );
  expect(Array.from(parsed.weights.residual)).toEqual(saved);

  // go somewhere else, then open the file: same config, step and weights, and training goes on from there
  await page.evaluate(() => {
    const s = window.__odeLens!.experiment.getState();
    s.load({ ...s.config, seed: 999 });
  });
  await waitForRun(page);
  await page.getByTestId('experiment-file-input').setInputFiles(file);
  await expect.poll(async () => (await storeConfig(page)).seed).toBe(small.seed);
  await waitForRun(page);
  await waitForStep(page, (s) => s === 3);
  const opened = await page.evaluate(() =>
    Array.from(window.__odeLens!.run.getState().snapshot!.weights.residual!),
  );
  // a float32 engine: the saved numbers are its float32 values, so they come back exactly
  expect(opened).toEqual(saved);
  expect(await page.evaluate(() => window.__odeLens!.run.getState().losses.length)).toBe(3);
  await stepAndLoss(page, 4);

  // a broken file: an error, and the run and its config stay as they were
  const before = await storeConfig(page);
  const bad = testInfo.outputPath('bad.json');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(bad, text.replace('"weights":{"residual":[', '"weights":{"residual":[1,'));
  await page.getByTestId('experiment-file-input').setInputFiles(bad);
  await expect(page.getByText(/Could not open the experiment file: weights\.residual must be/)).toBeVisible();
  expect(await storeConfig(page)).toEqual(before);
  expect((await runBar(page)).step).toBe(4);
  expect(errors).toEqual([]);
});
