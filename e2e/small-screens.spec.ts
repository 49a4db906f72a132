// Phones (390×844, and 360/430 wide) and a projector (1024×768), issue 12 item 2: no sideways scrolling, the
// header's tools on screen and clickable, every dialog inside the viewport and scrollable, training from the
// run bar's 40 px buttons, and the phase plane above the fold at 1024×768. Screenshots of the main page, the
// presets gallery and the sweep view at 1920×1080, 1024×768 and 390×844 for review. The CPU engine keeps it
// fast (a phone's layout does not depend on the engine).
import { expect, type Locator, type Page, type TestInfo, test } from '@playwright/test';
import { collectPageErrors } from './helpers';
import { pinEngine, runBar, waitForStep } from './run-helpers';

test.beforeEach(({ page }) => pinEngine(page, 'cpu'));

const PHONE = { width: 390, height: 844 };
const PROJECTOR = { width: 1024, height: 768 };
const HEADER_TOOLS = [
  'presets-open',
  'copy-link',
  'experiment-export',
  'experiment-pytorch',
  'experiment-import',
  'gpu-status',
  'help-button',
];

async function open(page: Page) {
  await page.goto('/');
  await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', 'paused', { timeout: 60_000 });
}

/** Sideways overflow of the page in px (0 when it does not scroll sideways). */
const overflowX = (page: Page) =>
  page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);

async function expectInViewport(page: Page, el: Locator, what: string) {
  const box = await el.boundingBox();
  const vp = page.viewportSize()!;
  expect(box, `${what} is rendered`).not.toBeNull();
  const b = box!;
  expect(b.x, `${what} left`).toBeGreaterThanOrEqual(0);
  expect(b.y, `${what} top`).toBeGreaterThanOrEqual(0);
  expect(b.x + b.width, `${what} right`).toBeLessThanOrEqual(vp.width + 0.5);
  expect(b.y + b.height, `${what} bottom`).toBeLessThanOrEqual(vp.height + 0.5);
}

/** Each header tool is on screen, at least 40 px on a phone, and on top at its centre (nothing covers it). */
async function checkHeaderTools(page: Page, minSize: number) {
  for (const id of HEADER_TOOLS) {
    const tool = id === 'gpu-status' ? page.getByTestId(id).locator('summary') : page.getByTestId(id);
    await expect(tool, id).toBeVisible();
    await expectInViewport(page, tool, id);
    const b = (await tool.boundingBox())!;
    expect(Math.min(b.width, b.height), `${id} size`).toBeGreaterThanOrEqual(minSize);
    const onTop = await tool.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
      return !!hit && (el === hit || el.contains(hit));
    });
    expect(onTop, `${id} is not covered`).toBe(true);
  }
}

/** A modal dialog inside the viewport whose end can be scrolled into view. */
async function checkDialog(page: Page, dialog: Locator, what: string, last: Locator) {
  await expect(dialog).toBeVisible();
  await expectInViewport(page, dialog, what);
  await dialog.evaluate((d) => {
    d.scrollTop = d.scrollHeight;
  });
  await expect(last).toBeInViewport();
}

async function shoot(page: Page, testInfo: TestInfo, name: string) {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

test('phone: no sideways scrolling, the header fits, dialogs on screen, training from the run bar', async ({
  page,
}, testInfo) => {
  const errors = collectPageErrors(page);
  await page.setViewportSize(PHONE);
  await open(page);
  for (const width of [360, 430, PHONE.width]) {
    await page.setViewportSize({ width, height: PHONE.height });
    await expect
      .poll(() => overflowX(page), { message: `sideways overflow at ${width} px` })
      .toBeLessThanOrEqual(0);
  }
  await checkHeaderTools(page, 40);
  // the views take the width; the settings come first, folded, and open with their toggle
  const traj = (await page.getByTestId('panel-trajectories').boundingBox())!;
  expect(traj.width).toBeGreaterThan(PHONE.width - 40);
  const controls = page.getByTestId('controls');
  await expect(page.getByTestId('field-model.depth')).toBeHidden();
  await page.getByTestId('controls-toggle').click();
  await expect(page.getByTestId('field-model.depth')).toBeVisible();
  expect(await overflowX(page)).toBeLessThanOrEqual(0);
  await shoot(page, testInfo, 'main-390x844');

  // dialogs: the CSV dialog (from the settings), the presets gallery, the help
  await page.getByTestId('csv-open').click();
  const csv = page.getByTestId('csv-dialog');
  await checkDialog(page, csv, 'CSV dialog', page.getByTestId('csv-use'));
  await page.keyboard.press('Escape');
  await expect(csv).toBeHidden();
  await page.getByTestId('controls-toggle').click();
  await expect(controls.getByTestId('field-model.depth')).toBeHidden();

  await page.getByTestId('presets-open').click();
  const gallery = page.getByTestId('preset-gallery');
  await checkDialog(page, gallery, 'presets gallery', gallery.locator('.preset-card').last());
  await gallery.evaluate((d) => {
    d.scrollTop = 0;
  });
  await shoot(page, testInfo, 'presets-390x844');
  await page.keyboard.press('Escape');
  await expect(gallery).toBeHidden();

  await page.getByTestId('help-button').click();
  const help = page.locator('dialog.help-dialog');
  await checkDialog(page, help, 'help', help.locator('.shortcuts'));
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  // the WebGPU chip's details open across the screen
  await page.getByTestId('gpu-status').locator('summary').click();
  await expect(page.getByTestId('gpu-status')).toHaveAttribute('open', '');
  await expectInViewport(page, page.locator('.gpu-popover'), 'engine details');
  await page.keyboard.press('Escape');

  // training: play, a few steps, pause; the run bar's buttons are 40 px touch targets
  for (const id of ['run-play', 'run-step', 'run-reset']) {
    const b = (await page.getByTestId(id).boundingBox())!;
    expect(Math.min(b.width, b.height), id).toBeGreaterThanOrEqual(40);
  }
  await page.getByTestId('run-play').click();
  await waitForStep(page, (s) => s >= 3, 45_000);
  await page.getByTestId('run-play').click();
  await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', 'paused');
  expect((await runBar(page)).step).toBeGreaterThanOrEqual(3);
  expect(await overflowX(page)).toBeLessThanOrEqual(0);
  expect(errors).toEqual([]);
});

test('1024×768: one-row run bar, the tools on screen, the phase plane above the fold, dialogs inside', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000); // its page is heavy (every view open); slow on a loaded 2-core machine
  const errors = collectPageErrors(page);
  await page.setViewportSize(PROJECTOR);
  await open(page);
  expect(await overflowX(page)).toBeLessThanOrEqual(0);
  await checkHeaderTools(page, 24);
  // the counters sit on the buttons' row: the run bar is one row high
  const bar = (await page.getByTestId('run-bar').boundingBox())!;
  const play = (await page.getByTestId('run-play').boundingBox())!;
  expect(bar.height).toBeLessThan(play.height + 30);
  // the plot of the phase plane (its canvas less the axis' 46 px) is on screen at first sight
  const plot = (await page.locator('.traj-plot').boundingBox())!;
  expect(plot.y + plot.height - 46).toBeLessThanOrEqual(PROJECTOR.height);
  await shoot(page, testInfo, 'main-1024x768');

  await page.getByTestId('presets-open').click();
  const gallery = page.getByTestId('preset-gallery');
  await checkDialog(page, gallery, 'presets gallery', gallery.locator('.preset-card').last());
  await gallery.evaluate((d) => {
    d.scrollTop = 0;
  });
  await shoot(page, testInfo, 'presets-1024x768');
  await gallery.locator('.btn-close').click();
  await expect(gallery).toBeHidden();
  await page.getByTestId('csv-open').click();
  await checkDialog(page, page.getByTestId('csv-dialog'), 'CSV dialog', page.getByTestId('csv-use'));
  await page.keyboard.press('Escape');
  expect(errors).toEqual([]);
});

test('the main page and the presets gallery at 1920×1080, for review', async ({ page }, testInfo) => {
  const errors = collectPageErrors(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await open(page);
  expect(await overflowX(page)).toBeLessThanOrEqual(0);
  await shoot(page, testInfo, 'main-1920x1080');
  await page.getByTestId('presets-open').click();
  await expectInViewport(page, page.getByTestId('preset-gallery'), 'presets gallery');
  await shoot(page, testInfo, 'presets-1920x1080');
  expect(errors).toEqual([]);
});

test('the Fig. 2 sweep at 1920×1080, 1024×768 and 390×844, for review', async ({ page }, testInfo) => {
  test.setTimeout(120_000); // a sweep of five depths, even if short
  const errors = collectPageErrors(page);
  await page.setViewportSize(PROJECTOR);
  await open(page);
  // the Fig. 2 preset's sweep (its y label met its tick labels), short: 20 steps on the CPU
  await page.getByTestId('presets-open').click();
  await page.getByTestId('preset-sander-fig2-linear').click();
  await page.getByTestId('sweep-train-steps').fill('20');
  await page.getByTestId('sweep-precision-cpu').check();
  await page.getByTestId('sweep-run').click();
  await expect(page.getByTestId('panel-sweep').getByText(/Done: 5 points/)).toBeVisible({ timeout: 60_000 });
  for (const [w, h] of [
    [1920, 1080],
    [1024, 768],
    [390, 844],
  ]) {
    await page.setViewportSize({ width: w, height: h });
    await expect.poll(() => overflowX(page)).toBeLessThanOrEqual(0);
    const sweep = page.getByTestId('panel-sweep');
    await sweep.scrollIntoViewIfNeeded();
    const file = testInfo.outputPath(`sweep-${w}x${h}.png`);
    await sweep.screenshot({ path: file });
    await testInfo.attach(`sweep-${w}x${h}`, { path: file, contentType: 'image/png' });
  }
  expect(errors).toEqual([]);
});
