// Links that keep their story and the guided tour (issue 12 items 3 and 7), in the real app on the float64 CPU
// engine (nothing here is about the GPU): a preset link opens with the preset's title, explanation and what to look
// for; a changed setting is listed as "changed from the preset" and the copied link carries both; tour=1 opens the
// tour, whose every step points at its real element, on screen from a projector to a phone. Screenshots at
// 1920×1080, 1024×768 and 390×844 go to test-results/story/.
import { expect, type Page, test } from '@playwright/test';
import { decodeLink, encodeLink } from '../src/link/codec';
import { PRESETS, presetConfig } from '../src/presets/presets';
import { TOUR_STEPS } from '../src/views/tour/steps';
import { collectPageErrors } from './helpers';
import { pinEngine, waitForRun } from './run-helpers';

test.beforeEach(({ page }) => pinEngine(page, 'cpu'));

const RAMP = PRESETS.find((x) => x.id === 'sander-counterexample-ramp')!;

const SIZES = [
  { width: 1920, height: 1080 },
  { width: 1024, height: 768 },
  { width: 390, height: 844 },
];

/** The colour of one pixel of a Playwright screenshot (what headless Chromium painted), decoded by the page. */
async function screenshotPixel(page: Page, x: number, y: number): Promise<number[]> {
  const png = await page.screenshot({ clip: { x, y, width: 1, height: 1 } });
  return page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const img = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const ctx = new OffscreenCanvas(1, 1).getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    return [...ctx.getImageData(0, 0, 1, 1).data.slice(0, 3)];
  }, png.toString('base64'));
}

async function shootAll(page: Page, name: string, settle?: () => Promise<void>) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await settle?.();
    await page.screenshot({ path: `test-results/story/${name}-${size.width}x${size.height}.png` });
  }
}

test('a preset link opens with its story; a changed setting is listed, and the copied link keeps both', async ({
  browser,
}) => {
  // a small preset (N = 16, 1-D, linear residuals): the run builds in a moment even on a busy CI machine
  const p = RAMP;
  const { config, views } = presetConfig(p);
  const context = await browser.newContext({ viewport: SIZES[0] });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  await pinEngine(page, 'cpu');
  const errors = collectPageErrors(page);
  await page.goto(`/#${encodeLink(config, views, { preset: p.id })}`);
  const info = page.getByTestId('preset-info');
  await expect(info).toContainText(p.title);
  await expect(info.getByRole('heading', { name: 'What to look for' })).toBeVisible();
  await expect(info.getByTestId('preset-look-for').locator('li')).toHaveCount(p.lookFor.length);
  await expect(info.getByTestId('preset-look-for')).toContainText('the ResNet and the dashed ODE end');
  await expect(info.getByTestId('preset-modified')).toBeHidden();
  await expect(page.getByTestId('welcome')).toBeHidden();
  await waitForRun(page);
  await shootAll(page, 'preset-link');
  await page.setViewportSize(SIZES[1]);

  const depth = page.getByTestId('field-model.depth').locator('input').first();
  await depth.fill('24');
  await depth.press('Enter');
  const changed = info.getByTestId('preset-modified');
  await expect(changed).toBeVisible();
  await expect(changed).toContainText('Changed from the preset');
  const row = changed.locator('li[data-path="model.depth"]');
  await expect(row).toContainText('Depth');
  await expect(row).toContainText('16 → 24');
  await expect(info).toContainText(p.title); // the explanation stays
  await expect.poll(() => decodeLink(new URL(page.url()).hash).config.model.depth).toBe(24);
  expect(decodeLink(new URL(page.url()).hash).preset).toBe(p.id);
  await info.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/story/preset-changed-1024x768.png' });

  await page.getByTestId('copy-link').click();
  await expect(page.getByTestId('copy-link')).toHaveText('Link copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const d = decodeLink(copied);
  expect(d.preset).toBe(p.id);
  expect(d.config.model.depth).toBe(24);

  expect(errors).toEqual([]);
  await page.close();

  // whoever opens the copied link gets the same story, with the change listed
  const other = await context.newPage();
  const otherErrors = collectPageErrors(other);
  await pinEngine(other, 'cpu');
  await other.goto(copied);
  await expect(other.getByTestId('preset-info')).toContainText(p.title);
  await expect(other.getByTestId('preset-modified').locator('li[data-path="model.depth"]')).toContainText(
    '16 → 24',
  );
  await other.getByTestId('preset-restore').click();
  await expect(other.getByTestId('preset-modified')).toBeHidden();
  await expect.poll(() => decodeLink(new URL(other.url()).hash).config.model.depth).toBe(16);
  expect(otherErrors).toEqual([]);
  await context.close();
});

test('tour=1 opens the guided tour; every step points at its element, on screen; Skip and Escape close it', async ({
  page,
}) => {
  const errors = collectPageErrors(page);
  await page.setViewportSize(SIZES[0]);
  // a small experiment without the sweep view: the tour opens it for its sweep step
  const { config, views } = presetConfig(RAMP);
  await page.goto(`/#${encodeLink(config, { ...views, open: ['trajectories', 'curves'] }, { tour: true })}`);
  const card = page.getByTestId('tour-card');
  await expect(card).toBeVisible();
  await expect(card).toHaveAttribute('data-step', TOUR_STEPS[0].id);
  expect(new URL(page.url()).hash).not.toContain('tour=1'); // a reload does not start it again
  await waitForRun(page);
  await expect(page.getByTestId('tour-next')).toBeFocused();

  // the page around the ring is dimmed in the screenshot: a corner pixel, with and without the tour's shading
  await expect
    .poll(async () => {
      const y = await page.evaluate(() => window.scrollY);
      await page.waitForTimeout(300);
      return y === (await page.evaluate(() => window.scrollY));
    })
    .toBe(true); // the step's smooth scroll has ended
  const dimmed = await screenshotPixel(page, 3, 3);
  const hide = await page.addStyleTag({
    content: '.tour-dim, .tour-highlight { visibility: hidden !important; box-shadow: none !important; }',
  });
  const plain = await screenshotPixel(page, 3, 3);
  await hide.evaluate((el) => (el as HTMLElement).remove());
  const sum = (c: number[]) => c[0] + c[1] + c[2];
  expect(sum(dimmed), `dimmed ${dimmed} vs plain ${plain}`).toBeLessThan(sum(plain) - 60);

  // step through: each step rings the element it names (its first selector, not a fallback)
  for (let i = 0; i < TOUR_STEPS.length; i++) {
    const s = TOUR_STEPS[i];
    await expect(card).toHaveAttribute('data-step', s.id);
    await expect(card).toContainText(s.title);
    await expect(page.getByTestId('tour-highlight')).toHaveAttribute('data-target', s.targets[0]);
    if (i < TOUR_STEPS.length - 1) await page.getByTestId('tour-next').click();
  }
  await expect(page.getByTestId('tour-next')).toHaveText('Done');
  await page.getByTestId('tour-back').click();
  await expect(card).toHaveAttribute('data-step', TOUR_STEPS.at(-2)!.id);
  // keys: ← goes back (and does not step the training), Escape closes
  await page.keyboard.press('ArrowLeft');
  await expect(card).toHaveAttribute('data-step', TOUR_STEPS.at(-3)!.id);
  expect(await page.evaluate(() => window.__odeLens!.run.getState().step)).toBe(0);
  await page.keyboard.press('ArrowRight');
  await expect(card).toHaveAttribute('data-step', TOUR_STEPS.at(-2)!.id);
  expect(await page.evaluate(() => window.__odeLens!.run.getState().step)).toBe(0);
  await page.keyboard.press('Escape');
  await expect(card).toBeHidden();
  await expect(page.getByTestId('tour-highlight')).toBeHidden();

  // from the help overlay; the ODE-overlay step at each size, the card wholly on screen
  await page.getByTestId('help-button').click();
  await page.getByTestId('help-tour').click();
  await expect(page.getByTestId('help-overlay')).toBeHidden();
  await expect(card).toHaveAttribute('data-step', TOUR_STEPS[0].id);
  await expect(page.getByTestId('tour-next')).toBeFocused();
  await page.keyboard.press('Enter'); // Next is focused: the keyboard alone walks the tour
  await expect(card).toHaveAttribute('data-step', TOUR_STEPS[1].id);
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await expect
      .poll(async () => {
        const b = await card.boundingBox();
        return !!b && b.x >= 0 && b.y >= 0 && b.x + b.width <= size.width && b.y + b.height <= size.height;
      })
      .toBe(true);
    await page.waitForTimeout(400); // the ring follows the element after the resize
    await page.screenshot({ path: `test-results/story/tour-${size.width}x${size.height}.png` });
  }
  await page.getByTestId('tour-skip').click();
  await expect(card).toBeHidden();
  expect(errors).toEqual([]);
});

test('the tour focuses Next when it opens even when frames come before React renders again (a busy page)', async ({
  page,
}) => {
  const errors = collectPageErrors(page);
  // a busy main thread, on demand: React's scheduler (a MessagePort posting null) gets its turn 80 ms late, so
  // animation frames run before its next render, as they may under load
  await page.addInitScript(() => {
    const post = MessagePort.prototype.postMessage;
    MessagePort.prototype.postMessage = function (this: MessagePort, ...args: unknown[]) {
      const slow = (window as { slowRenders?: boolean }).slowRenders;
      if (slow && args[0] === null) setTimeout(() => post.apply(this, args as never), 80);
      else post.apply(this, args as never);
    };
  });
  await page.setViewportSize(SIZES[1]);
  const { config, views } = presetConfig(RAMP);
  await page.goto(`/#${encodeLink(config, { ...views, open: ['trajectories', 'curves'] })}`);
  await waitForRun(page);
  const card = page.getByTestId('tour-card');
  for (let round = 0; round < 3; round++) {
    await page.getByTestId('help-button').click();
    await expect(page.getByTestId('help-overlay')).toBeVisible();
    await page.evaluate(() => {
      (window as { slowRenders?: boolean }).slowRenders = true;
    });
    await page.getByTestId('help-tour').click();
    await expect(card).toHaveAttribute('data-step', TOUR_STEPS[0].id);
    await expect(page.getByTestId('tour-next')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(card).toHaveAttribute('data-step', TOUR_STEPS[1].id);
    await expect(page.getByTestId('tour-next')).toBeFocused();
    await page.getByTestId('tour-back').click();
    await expect(card).toHaveAttribute('data-step', TOUR_STEPS[0].id);
    await expect(page.getByTestId('tour-next')).toBeFocused(); // a new step gives Next the focus again
    await page.evaluate(() => {
      (window as { slowRenders?: boolean }).slowRenders = false;
    });
    await page.keyboard.press('Escape');
    await expect(card).toBeHidden();
    await expect(page.getByTestId('help-button')).toBeFocused(); // focus goes back where it was
  }
  expect(errors).toEqual([]);
});
