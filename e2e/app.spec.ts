// The app as a whole in Chromium (with WebGPU on SwiftShader, training on the WASM engine): the keyboard shortcuts
// drive the run, the curves and memory views draw and change, and the layout fits common screens.
import { expect, test } from '@playwright/test';
import { collectPageErrors } from './helpers';
import {
  canvasStats,
  openWithSmallConfig,
  pinEngine,
  runBar,
  settledRunBar,
  waitForStep,
} from './run-helpers';

// the engine does not matter to these specs (WebGPU training is tested in webgpu.spec.ts): the float32 WASM engine
// builds and trains the small configs faster than SwiftShader, and pinning it skips the automatic choice's timing
test.beforeEach(({ page }) => pinEngine(page, 'wasm'));

// a loaded machine (2 cores shared with the browser and its workers): allow slow steps
test.setTimeout(240_000);

test('keyboard: Space plays and pauses, → steps once, R resets, ? and Esc open and close help', async ({
  page,
}, testInfo) => {
  const errors = collectPageErrors(page);
  await openWithSmallConfig(page);
  await page.locator('body').click({ position: { x: 5, y: 5 } }); // focus the page, not a control

  await page.keyboard.press('Space');
  await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', 'playing');
  await waitForStep(page, (s) => s > 5);
  await page.keyboard.press('Space');
  await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', 'paused');
  // let the last batch land (up to 256 steps on the WASM engine), then → must add exactly one step
  const before = (await settledRunBar(page)).step;
  await page.keyboard.press('ArrowRight');
  await waitForStep(page, (s) => s === before + 1);
  await page.waitForTimeout(500);
  expect((await runBar(page)).step).toBe(before + 1);
  expect((await runBar(page)).status).toBe('paused');

  await page.keyboard.press('r');
  await waitForStep(page, (s) => s === 0);
  await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', 'paused');

  // typing in a field is not a shortcut
  const seed = page.getByTestId('field-seed').locator('input');
  await seed.focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await page.waitForTimeout(300);
  expect((await runBar(page)).step).toBe(0);
  expect((await runBar(page)).status).toBe('paused');
  await seed.press('Escape');
  await page.locator('body').click({ position: { x: 5, y: 5 } });

  const help = page.getByTestId('help-overlay');
  await expect(help).toBeHidden();
  await page.keyboard.press('?');
  await expect(help).toBeVisible();
  await expect(help).toContainText('x');
  await expect(help).toContainText('Euler');
  await expect(help.locator('.shortcuts')).toContainText('Play / pause training');
  // focus is inside the dialog
  expect(await page.evaluate(() => !!document.activeElement?.closest('dialog'))).toBe(true);
  const shot = testInfo.outputPath('help-overlay.png');
  await page.screenshot({ path: shot });
  await testInfo.attach('help-overlay', { path: shot, contentType: 'image/png' });
  // Space while help is open does not start training
  await page.keyboard.press('Space');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  expect((await runBar(page)).status).toBe('paused');

  // the ? button opens it too, and focus returns to the button on close
  await page.getByTestId('help-button').click();
  await expect(help).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('help-button');
  expect(errors).toEqual([]);
});

test('the curves and memory views draw, and change with training and settings', async ({ page }) => {
  const errors = collectPageErrors(page);
  await openWithSmallConfig(page);
  const curves0 = await canvasStats(page, 'curves-canvas');
  const memory0 = await canvasStats(page, 'memory-canvas');
  expect(curves0.w).toBeGreaterThan(200);
  expect(curves0.inked).toBeGreaterThan(500); // axes, labels, the step-0 evaluation
  expect(memory0.inked).toBeGreaterThan(300);

  await page.getByTestId('run-play').click();
  await waitForStep(page, (s) => s >= 20, 120_000);
  await page.getByTestId('run-play').click();
  await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', 'paused');
  await page.waitForTimeout(300);
  const curves1 = await canvasStats(page, 'curves-canvas');
  expect(curves1.hash).not.toBe(curves0.hash);
  expect(curves1.inked).toBeGreaterThan(curves0.inked); // the loss lines are drawn

  // hover shows values
  await page.getByTestId('curves-canvas').scrollIntoViewIfNeeded();
  const box = (await page.getByTestId('curves-canvas').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.3);
  const tip = page.getByTestId('curves-tooltip');
  await expect(tip).toBeVisible();
  await expect(tip).toContainText(/step \d+/);
  await expect(tip).toContainText('batch loss');

  // memory: exact stores every state, the adjoint does not; switching the mode swaps the highlighted bar
  const bars = page.getByTestId('memory-bars');
  const exact = Number(await bars.getAttribute('data-exact-bytes'));
  const adjoint = Number(await bars.getAttribute('data-adjoint-bytes'));
  expect(exact).toBeGreaterThan(adjoint);
  await expect(page.getByTestId('panel-memory')).toContainText('Training now with exact backprop');
  await page.getByTestId('field-train.gradMode').locator('select').selectOption('adjoint');
  await expect(bars).toHaveAttribute('data-mode', 'adjoint');
  await expect(page.getByTestId('panel-memory')).toContainText('Training now with the memory-free adjoint');
  await expect.poll(async () => (await canvasStats(page, 'memory-canvas')).hash).not.toBe(memory0.hash);
  // deeper network: exact grows with N (by the 16 more layers of states), the adjoint does not
  await page.getByTestId('field-model.depth').locator('input').fill('32');
  await page.getByTestId('field-model.depth').locator('input').press('Enter');
  await expect
    .poll(async () => Number(await bars.getAttribute('data-exact-bytes')))
    .toBeGreaterThan(1.3 * exact);
  expect(Number(await bars.getAttribute('data-adjoint-bytes'))).toBe(adjoint);
  expect(errors).toEqual([]);
});

for (const [w, h] of [
  [1280, 720],
  [1920, 1080],
]) {
  test(`layout at ${w}×${h}: no horizontal scrolling, everything in place`, async ({ page }, testInfo) => {
    const errors = collectPageErrors(page);
    await page.setViewportSize({ width: w, height: h });
    await openWithSmallConfig(page);
    await page.getByTestId('run-play').click();
    await waitForStep(page, (s) => s >= 30, 120_000);
    await page.getByTestId('run-play').click();
    await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', 'paused');
    await page.waitForTimeout(1200); // one more evaluation lands in the curves

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    for (const id of ['run-bar', 'controls', 'panel-curves', 'panel-memory', 'panel-trajectories'])
      await expect(page.getByTestId(id)).toBeVisible();
    // header with the run bar is on screen
    const bar = (await page.getByTestId('run-bar').boundingBox())!;
    expect(bar.y + bar.height).toBeLessThan(h * 0.25);

    const shot = testInfo.outputPath(`app-${w}x${h}.png`);
    await page.screenshot({ path: shot });
    await testInfo.attach(`app-${w}x${h}`, { path: shot, contentType: 'image/png' });
    // the views below the fold, one by one, for review
    for (const id of ['panel-curves', 'panel-memory']) {
      const panel = page.getByTestId(id);
      await panel.scrollIntoViewIfNeeded();
      const file = testInfo.outputPath(`${id}-${w}x${h}.png`);
      await panel.screenshot({ path: file });
      await testInfo.attach(`${id}-${w}x${h}`, { path: file, contentType: 'image/png' });
    }
    expect(errors).toEqual([]);
  });
}

test('narrow screens stack the views above the settings without horizontal scrolling', async ({
  page,
}, testInfo) => {
  const errors = collectPageErrors(page);
  await page.setViewportSize({ width: 760, height: 1000 });
  await page.goto('/');
  await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', 'paused', {
    timeout: 60_000,
  });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const controls = (await page.getByTestId('controls').boundingBox())!;
  const traj = (await page.getByTestId('panel-trajectories').boundingBox())!;
  expect(controls.y).toBeGreaterThan(traj.y + traj.height - 1);
  expect(traj.width).toBeGreaterThan(600);
  const shot = testInfo.outputPath('app-760x1000.png');
  await page.screenshot({ path: shot });
  await testInfo.attach('app-760x1000', { path: shot, contentType: 'image/png' });
  expect(errors).toEqual([]);
});

test('curves and memory export PNG, SVG and CSV; the WebGPU chip opens the adapter details', async ({
  page,
}, testInfo) => {
  const errors = collectPageErrors(page);
  await openWithSmallConfig(page);
  await page.getByTestId('run-step').click();
  await waitForStep(page, (s) => s === 1);
  await page.getByTestId('run-step').click();
  await waitForStep(page, (s) => s === 2);

  const grab = async (panel: string, kind: 'png' | 'svg' | 'csv') => {
    const menu = page.getByTestId(`panel-${panel}`).locator('.panel-export');
    await menu.locator('summary').scrollIntoViewIfNeeded();
    if (!(await menu.evaluate((d) => (d as HTMLDetailsElement).open))) await menu.locator('summary').click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId(`export-${panel}-${kind}`).click(),
    ]);
    const file = testInfo.outputPath(`${panel}.${kind}`);
    await download.saveAs(file);
    const { readFileSync } = await import('node:fs');
    return readFileSync(file);
  };

  const svg = (await grab('curves', 'svg')).toString('utf8');
  expect(svg).toContain('<svg');
  expect(svg).toContain('Loss (cross-entropy)');
  expect(svg).toContain('Adjoint gradient error');
  expect((svg.match(/<path/g) ?? []).length).toBeGreaterThan(10);
  const png = await grab('curves', 'png');
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect(png.length).toBeGreaterThan(5000);
  const csv = (await grab('curves', 'csv')).toString('utf8').trim().split('\n');
  expect(csv[0]).toBe(
    'step,batch_loss,batch_acc,train_loss,test_loss,train_acc,test_acc,adjoint_grad_rel_error',
  );
  expect(csv.slice(1).map((r) => Number(r.split(',')[0]))).toEqual(expect.arrayContaining([0, 1, 2]));
  const memCsv = (await grab('memory', 'csv')).toString('utf8');
  expect(memCsv).toMatch(
    /^mode,activation_bytes,current,precision,total_bytes\nexact,\d+,yes,float32,\d+\nadjoint,\d+,no,float32,\d+\n$/,
  );
  expect((await grab('memory', 'svg')).toString('utf8')).toContain('Memory-free adjoint');

  // the chip in the header opens the adapter, limits and smoke test
  await page.getByTestId('gpu-status').locator('summary').click();
  await expect(page.getByTestId('gpu-adapter')).toBeVisible();
  await expect(page.getByTestId('gpu-smoke')).toContainText('smoke test passed');
  const shot = testInfo.outputPath('gpu-chip-open.png');
  await page.screenshot({ path: shot });
  await testInfo.attach('gpu-chip-open', { path: shot, contentType: 'image/png' });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('gpu-adapter')).toBeHidden();
  expect(errors).toEqual([]);
});
