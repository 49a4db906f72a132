// Your own data (issue 11, item 4): upload a CSV through the dialog (refused rows listed, nothing changed on
// error), train on it, and open its link in a fresh page with the same points. A screenshot of the dialog is kept.
import { expect, test } from '@playwright/test';
import { collectPageErrors } from './helpers';
import { openWithSmallConfig, pinEngine, runBar, waitForStep } from './run-helpers';

// the engine does not matter here: the float32 WASM engine skips the automatic choice's timing and builds faster
// than WebGPU on SwiftShader
test.beforeEach(({ page }) => pinEngine(page, 'wasm'));

const config = (page: import('@playwright/test').Page) =>
  page.evaluate(() => window.__odeLens!.experiment.getState().config);

/** 40 points in two clusters (class "a" left, "b" right), a header, a BOM and three bad rows. */
function csv(): string {
  const rows = ['x,y,kind'];
  for (let i = 0; i < 40; i++) {
    const left = i % 2 === 0;
    rows.push(`${(left ? -1 : 1) + 0.1 * Math.sin(i)},${0.2 * Math.cos(i)},${left ? 'a' : 'b'}`);
  }
  rows.splice(5, 0, '0.3,oops,a', '', '200,1,b');
  rows.push('1,2');
  return `\uFEFF${rows.join('\r\n')}\r\n`;
}

test('a CSV uploaded in the dialog trains, and its link reopens the same points', async ({
  page,
  browser,
}, testInfo) => {
  const errors = collectPageErrors(page);
  await openWithSmallConfig(page);
  const before = await config(page);

  await page.getByTestId('csv-open').click();
  const dialog = page.getByTestId('csv-dialog');
  await expect(dialog).toBeVisible();

  // an error changes nothing: one usable row is not a data set
  await page.getByTestId('csv-text').fill('x,y,c\n1,2,0\n3,nope,1\n');
  await expect(page.getByTestId('csv-bad')).toContainText('line 3: y is not a number ("nope")');
  await page.getByTestId('csv-use').click();
  await expect(page.getByTestId('csv-apply-error')).toContainText('at least 2 points (has 1)');
  await expect(page.getByTestId('csv-apply-error')).toContainText('Nothing was changed');
  expect(await config(page)).toEqual(before);

  await page.getByTestId('csv-file-input').setInputFiles({
    name: 'points.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv(), 'utf8'),
  });
  await expect(page.getByTestId('csv-used')).toHaveAttribute('data-count', '40');
  await expect(page.getByTestId('csv-used')).toContainText('20 of class 0 “a”, 20 of class 1 “b”');
  await expect(page.getByTestId('csv-bad')).toHaveAttribute('data-count', '3');
  await expect(page.getByTestId('csv-bad')).toContainText('line 6: y is not a number ("oops")');
  await expect(page.getByTestId('csv-bad')).toContainText('line 8: x is 200, outside [−100, 100]');
  await expect(page.getByTestId('csv-bad')).toContainText('kind is empty');
  await expect(page.getByTestId('csv-col-label')).toHaveValue('2');
  await page.screenshot({ path: testInfo.outputPath('csv-dialog.png') });

  await page.getByTestId('csv-use').click();
  await expect(dialog).toBeHidden();
  const c = await config(page);
  expect(c.data).toMatchObject({ kind: 'custom', nTrain: 30, nTest: 10 });
  expect(c.data.points).toHaveLength(40);
  expect(c.model.depth).toBe(16); // the rest of the experiment stays

  await expect.poll(async () => (await runBar(page)).status, { timeout: 60_000 }).toBe('paused');
  await page.getByTestId('run-play').click();
  await waitForStep(page, (s) => s >= 20, 120_000);
  await page.getByTestId('run-play').click();
  const bar = await runBar(page);
  expect(Number.isFinite(bar.loss)).toBe(true);

  // the link carries the points: a fresh page opens the same experiment without complaint
  await expect.poll(() => page.evaluate(() => window.location.hash)).toContain('data.points=');
  const url = page.url();
  const other = await browser.newPage();
  await pinEngine(other, 'wasm');
  await other.goto(url);
  await expect
    .poll(() => other.evaluate(() => window.__odeLens?.experiment.getState().config.data.points?.length ?? 0))
    .toBe(40);
  expect(await config(other)).toEqual(c);
  await expect(other.getByTestId('link-notice')).toHaveCount(0);
  await other.close();

  // Export CSV writes the data set back
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('csv-export').click(),
  ]);
  const text = await (await download.createReadStream()).toArray();
  const lines = Buffer.concat(text).toString('utf8').trim().split('\n');
  expect(lines[0]).toBe('x1,x2,class,split');
  expect(lines).toHaveLength(41);
  expect(errors).toEqual([]);
});

test('drawing on the phase plane: click adds class 0, shift-click class 1, alt-drag erases', async ({
  page,
}) => {
  const errors = collectPageErrors(page);
  await openWithSmallConfig(page);
  const points = () =>
    page.evaluate(() => {
      const d = window.__odeLens!.experiment.getState().config.data;
      return { kind: d.kind, points: d.points ?? [] };
    });
  const draw = page.getByTestId('panel-trajectories').getByLabel('Draw', { exact: true });
  await expect(draw).toBeEnabled();
  await draw.check();
  const box = (await page.getByTestId('trajectories-plot').boundingBox())!;
  const at = { x: box.width * 0.3, y: box.height * 0.3 };

  await page.getByTestId('trajectories-plot').click({ position: at });
  await expect.poll(async () => (await points()).points.length).toBe(128 + 64 + 1);
  const first = await points();
  expect(first.kind).toBe('custom');
  expect(first.points.at(-1)![2]).toBe(0);

  await page
    .getByTestId('trajectories-plot')
    .click({ position: { x: at.x + 60, y: at.y }, modifiers: ['Shift'] });
  await expect.poll(async () => (await points()).points.length).toBe(128 + 64 + 2);
  expect((await points()).points.at(-1)![2]).toBe(1);

  // the drawn data trains
  await expect.poll(async () => (await runBar(page)).status, { timeout: 60_000 }).toBe('paused');
  await page.getByTestId('run-step').click();
  await waitForStep(page, (s) => s >= 1, 60_000);

  // alt-drag across the middle of the plane erases the points along the stroke (and adds none); the view rescales
  // to the data as it changes, so the stroke is checked by count
  const before = (await points()).points;
  await page.keyboard.down('Alt');
  await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.5);
  await page.mouse.down();
  for (let k = 1; k <= 20; k++)
    await page.mouse.move(box.x + box.width * (0.1 + 0.035 * k), box.y + box.height * 0.5);
  await page.mouse.up();
  await page.keyboard.up('Alt');
  await expect.poll(async () => (await points()).points.length).toBeLessThan(before.length - 5);
  const after = (await points()).points;
  for (const p of after) expect(before).toContainEqual(p);
  expect(errors).toEqual([]);
});

test('drawing a 1-D target curve: a stroke over the square data becomes the curve data set, which trains', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const errors = collectPageErrors(page);
  await openWithSmallConfig(page);
  // 1-D data: x ↦ x²/2 on [0.2, 2], d = 1
  await page.evaluate(() => {
    const s = window.__odeLens!.experiment.getState();
    const c = structuredClone(s.config);
    Object.assign(c.data, { kind: 'square', lo: 0.2, hi: 2, nTrain: 64, nTest: 16, noise: 0 });
    Object.assign(c.model, { d: 1, readout: 'project', embedding: 'pad' });
    Object.assign(c.train, { loss: 'mse', batchSize: 64 });
    s.load(c);
  });
  await expect(page.getByTestId('derived-steps')).toHaveText('16');
  const draw = page.getByTestId('panel-trajectories').getByLabel('Draw', { exact: true });
  await expect(draw).toBeEnabled();
  await draw.check();
  const area = page.getByTestId('curve-area');
  await expect(area).toBeVisible();
  // it starts from the current target, 64 samples; nothing changes before "Use this curve"
  await expect(page.getByTestId('curve-count')).toHaveText('64 points');
  await expect(page.getByTestId('curve-use')).toBeDisabled();
  // a falling stroke across the whole area: −x²/2-like, the order-reversing target
  await area.scrollIntoViewIfNeeded();
  const box = (await area.boundingBox())!;
  await page.mouse.move(box.x + 2, box.y + box.height * 0.2);
  await page.mouse.down();
  for (let k = 1; k <= 12; k++)
    await page.mouse.move(
      box.x + 2 + ((box.width - 4) * k) / 12,
      box.y + box.height * (0.2 + 0.6 * (k / 12)),
    );
  await page.mouse.up();
  expect(await config(page).then((c) => c.data.kind)).toBe('square');
  await page.getByTestId('curve-use').click();
  await expect.poll(async () => (await config(page)).data.kind).toBe('curve');
  const c = await config(page);
  const pts = c.data.points ?? [];
  expect(pts.length).toBe(64);
  expect(c.data.nTrain + c.data.nTest).toBe(64);
  // the stroke falls from left to right: the drawn targets decrease with x
  expect(pts[0][1]).toBeGreaterThan(pts.at(-1)![1] + 1);
  expect(c.train.loss).toBe('mse');
  // it trains (once the curve's run is built), and the link carries the curve
  await page.waitForFunction(
    () => window.__odeLens!.controller.currentConfig?.data.kind === 'curve',
    undefined,
    {
      timeout: 60_000,
    },
  );
  await expect.poll(async () => (await runBar(page)).status, { timeout: 60_000 }).toBe('paused');
  await page.getByTestId('run-step').click();
  await waitForStep(page, (s) => s >= 1, 60_000);
  expect(decodeURIComponent(page.url())).toContain('data.kind=curve');
  for (const [w, h] of [
    [1920, 1080],
    [1024, 768],
    [390, 844],
  ]) {
    await page.setViewportSize({ width: w, height: h });
    await page.getByTestId('curve-area').scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath(`curve-${w}x${h}.png`) });
  }
  expect(errors).toEqual([]);
});
