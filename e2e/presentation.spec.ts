// Presentation mode, themes and embed mode (issue 12 items 1 and 3), on the CPU engine with a small config:
// the key and the button enter and leave presentation mode, it hides the settings and shows the chosen views
// large; the system's dark setting changes the page and the canvases; an embed link shows no header and plays.
// Screenshots at 1920×1080, 1024×768 and 390×844 of each.
import { expect, type Page, type TestInfo, test } from '@playwright/test';
import { collectPageErrors } from './helpers';
import { pinEngine } from './run-helpers';

// well under a minute on an idle machine; the cap leaves room for a loaded CI runner
test.setTimeout(180_000);

const SMALL =
  'v=2&seed=3&data.kind=moons&data.nTrain=128&data.nTest=64&data.noise=0.1&model.d=2&model.width=8&model.depth=16' +
  '&model.activation=tanh&train.optimizer=adam&train.lr=0.05&train.batchSize=128&train.loss=xent';

const SIZES = [
  { width: 1920, height: 1080 },
  { width: 1024, height: 768 },
  { width: 390, height: 844 },
];

/** The run's phase and step from the store (the run bar is not on the page in presentation or embed mode). */
const run = (page: Page) =>
  page.evaluate(() => {
    const r = window.__odeLens!.run.getState();
    return { status: r.status, step: r.step };
  });

async function openSmall(page: Page, extra = '') {
  await pinEngine(page, 'cpu');
  await page.goto(`/#${SMALL}${extra}`);
  await expect.poll(async () => (await run(page)).status, { timeout: 30_000 }).toBe('paused');
}

async function shoot(page: Page, testInfo: TestInfo, name: string) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.waitForTimeout(300); // the canvases follow their new size
    const path = testInfo.outputPath(`${name}-${size.width}x${size.height}.png`);
    await page.screenshot({ path });
    await testInfo.attach(`${name}-${size.width}x${size.height}`, { path, contentType: 'image/png' });
  }
  await page.setViewportSize(SIZES[0]);
}

/** The colour of a canvas's top-left corner (the plot's background), as "r,g,b". */
const corner = (page: Page, testId: string) =>
  page.getByTestId(testId).evaluate((el) => {
    const d = (el as HTMLCanvasElement).getContext('2d')!.getImageData(2, 2, 1, 1).data;
    return `${d[0]},${d[1]},${d[2]}`;
  });

test('presentation mode: button and key, controls hidden, large views, plays', async ({ page }, testInfo) => {
  const errors = collectPageErrors(page);
  await page.setViewportSize(SIZES[0]);
  await openSmall(page);
  const header = page.locator('.app-header');
  await expect(header).toBeVisible();

  await page.getByTestId('present-button').click();
  await expect(page.getByTestId('app-present')).toBeVisible();
  await expect(header).toHaveCount(0);
  await expect(page.locator('.sidebar')).toHaveCount(0);
  await expect(page.getByTestId('run-bar')).toHaveCount(0);
  await expect(page.locator('.panel-toolbar').first()).toBeHidden();
  // one view large (the first open one), its canvas drawn larger for a projector
  await expect(page.getByTestId('present-grid')).toHaveAttribute('data-count', '1');
  await expect(page.locator('.present-grid > .view')).toHaveAttribute('data-view', 'trajectories');
  const scale = await page.evaluate(() =>
    Number(document.documentElement.style.getPropertyValue('--present-scale')),
  );
  expect(scale).toBeGreaterThan(1.5);
  const box = await page.getByTestId('trajectories-canvas').boundingBox();
  expect(box!.width).toBeGreaterThan(1700);
  expect(box!.height).toBeGreaterThan(800);
  expect(page.url()).toContain('views.present=1');

  // a second view joins: side by side, and the link keeps the choice
  await page.getByTestId('present-view-curves').click();
  await expect(page.getByTestId('present-grid')).toHaveAttribute('data-count', '2');
  expect(decodeURIComponent(page.url())).toContain('views.large=trajectories,curves');

  await page.getByTestId('present-play').click();
  await expect.poll(async () => (await run(page)).step, { timeout: 40_000 }).toBeGreaterThan(2);
  await page.getByTestId('present-play').click(); // pause
  await expect.poll(async () => (await run(page)).status).toBe('paused');
  await shoot(page, testInfo, 'presentation');

  // Escape leaves (fullscreen too, if the browser granted it)
  await page.locator('.present-brand').click();
  await page.keyboard.press('Escape');
  await expect(header).toBeVisible();
  await expect(page.locator('.sidebar')).toBeVisible();
  expect(page.url()).not.toContain('views.present');
  await expect.poll(() => page.evaluate(() => !!document.fullscreenElement)).toBe(false);

  // the key, both ways; the exit button
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('p');
  await expect(page.getByTestId('app-present')).toBeVisible();
  await page.keyboard.press('p');
  await expect(header).toBeVisible();
  await page.keyboard.press('P');
  await page.getByTestId('present-exit').click();
  await expect(header).toBeVisible();
  // the help lists the key
  await page.getByTestId('help-button').click();
  await expect(page.getByTestId('help-overlay')).toContainText('Presentation mode');
  expect(errors).toEqual([]);
});

test('the system dark setting changes the page and the canvases; a chosen theme is remembered', async ({
  page,
}, testInfo) => {
  const errors = collectPageErrors(page);
  await page.setViewportSize(SIZES[0]);
  await page.emulateMedia({ colorScheme: 'light' });
  await openSmall(page);
  const bg = () => page.evaluate(() => getComputedStyle(document.body.parentElement!).backgroundColor);
  const light = await bg();
  await expect.poll(() => corner(page, 'trajectories-canvas')).toBe('255,255,255');

  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await bg()).not.toBe(light);
  expect(await bg()).toBe('rgb(18, 20, 23)');
  // the canvases redraw on the dark plot background (theme.css --plot-bg)
  await expect.poll(() => corner(page, 'trajectories-canvas')).toBe('27,30,34');
  await expect.poll(() => corner(page, 'curves-canvas')).toBe('27,30,34');
  await shoot(page, testInfo, 'dark');

  // a choice in the help dialog wins over the system, survives a reload, and is not in the link
  await page.getByTestId('help-button').click();
  await page.getByTestId('theme-choice').selectOption('contrast');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'contrast');
  await page.keyboard.press('Escape');
  expect(page.url()).not.toContain('theme');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'contrast');
  await expect.poll(() => corner(page, 'trajectories-canvas')).toBe('255,255,255');
  expect(errors).toEqual([]);
});

test('an embed link shows the large view without chrome and plays; the Embed menu offers its iframe', async ({
  page,
}, testInfo) => {
  const errors = collectPageErrors(page);
  await page.setViewportSize({ width: 800, height: 560 });
  await openSmall(page, '&views.embed=1&views.large=curves');
  await expect(page.getByTestId('app-embed')).toBeVisible();
  await expect(page.locator('.app-header')).toHaveCount(0);
  await expect(page.locator('.sidebar')).toHaveCount(0);
  await expect(page.locator('.present-grid > .view')).toHaveAttribute('data-view', 'curves');
  const open = await page.getByTestId('embed-open').getAttribute('href');
  expect(open).toContain('views.large=curves');
  expect(open).not.toContain('views.embed');

  await page.getByTestId('embed-play').click();
  await expect.poll(async () => (await run(page)).step, { timeout: 40_000 }).toBeGreaterThan(2);
  await page.getByTestId('embed-play').click();
  await expect.poll(async () => (await run(page)).status).toBe('paused');
  await shoot(page, testInfo, 'embed');

  // the full page offers the snippet of its own experiment
  await page.goto(`/#${SMALL}`);
  await page.locator('.embed-menu > summary').click();
  const snippet = await page.getByTestId('embed-snippet').inputValue();
  expect(snippet).toMatch(
    /^<iframe src="http:\/\/[^"]+#v=\d+&amp;[^"]*views\.embed=1[^"]*" width="800" height="560"/,
  );
  expect(snippet).toContain('model.depth=16');
  expect(errors).toEqual([]);
});
