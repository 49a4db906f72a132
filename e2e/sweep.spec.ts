// Depth sweeps in Chromium with WebGPU (SwiftShader): a small sweep of the adjoint gradient error gives the
// ResNet's 1/N rate (Sander et al., Fig. 3c) and a steeper HeunNet; the plot, tooltip and CSV carry the
// numbers; Cancel stops promptly and keeps the measured points; the trained loss (Fig. 4) is read out as a
// crossing depth, not a slope.
import { expect, type Page, test } from '@playwright/test';
import { collectPageErrors, settledGpuState } from './helpers';
import { pinEngine } from './run-helpers';

// the sweeps pick their engine themselves (GPU or float64 worker); the page's own run goes on the WASM worker so
// that its engine timing does not compete with the sweep for the (software) GPU
test.beforeEach(({ page }) => pinEngine(page, 'wasm'));

/** A tiny experiment (SwiftShader is a CPU implementation of WebGPU), with only the sweep view open. */
async function setup(page: Page): Promise<void> {
  await page.goto('/');
  expect(await settledGpuState(page)).toBe('ok');
  await page.evaluate(() => {
    const exp = window.__odeLens!.experiment;
    const c = structuredClone(exp.getState().config);
    c.data = { ...c.data, kind: 'moons', nTrain: 64, nTest: 32 };
    c.model = { ...c.model, d: 2, width: 8, depth: 16, scheme: 'euler', residual: 'mlp', activation: 'tanh' };
    c.init = { ...c.init, kind: 'smooth' };
    c.train = { ...c.train, optimizer: 'adam', lr: 0.02, batchSize: 32 };
    exp.getState().load(c);
    exp.getState().setOpenViews(['sweep']);
  });
  await expect(page.getByTestId('panel-sweep')).toBeVisible();
}

async function configure(
  page: Page,
  depths: string,
  trainSteps: number,
  precision: 'gpu' | 'cpu' = 'gpu',
  metric = 'gradError',
) {
  await page.getByTestId('sweep-kind').selectOption('depth');
  await page.getByTestId('sweep-metric').selectOption(metric);
  await page.getByTestId('sweep-depths').fill(depths);
  await page.getByTestId('sweep-train-steps').fill(String(trainSteps));
  await page.getByTestId(`sweep-precision-${precision}`).check();
}

/** "slope −1.02 (r² 0.999)" → −1.02 */
function parseSlope(text: string): number {
  const m = /slope ([−-]?\d+\.\d+)/.exec(text);
  if (!m) throw new Error(`no slope in "${text}"`);
  return Number(m[1].replace('−', '-'));
}

/** Canvas pixels (device px) whose colour is within `tol` of rgb. */
async function pixelsOfColour(page: Page, rgb: [number, number, number], tol = 12) {
  return page.getByTestId('sweep-canvas').evaluate(
    (el, [rgb, tol]) => {
      const c = el as HTMLCanvasElement;
      const { data, width, height } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
      const hits: [number, number][] = [];
      for (let i = 0; i < width * height; i++) {
        const o = 4 * i;
        if (
          Math.abs(data[o] - rgb[0]) <= tol &&
          Math.abs(data[o + 1] - rgb[1]) <= tol &&
          Math.abs(data[o + 2] - rgb[2]) <= tol
        )
          hits.push([i % width, Math.floor(i / width)]);
      }
      return { hits, scale: c.width / c.getBoundingClientRect().width };
    },
    [rgb, tol] as const,
  );
}

test('a depth sweep of the adjoint gradient error gives slope ≈ −1 for the ResNet', async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  const errors = collectPageErrors(page);
  await setup(page);
  await configure(page, '8, 16, 32, 64', 0);
  await expect(page.getByTestId('sweep-plan-errors')).toHaveCount(0);
  await page.getByTestId('sweep-run').click();
  const status = page.getByTestId('sweep-status');
  await expect(status).toHaveAttribute('data-status', 'running');
  await expect(status).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
  await expect(status).toHaveAttribute('data-points', '8');

  const euler = page.getByTestId('sweep-fit-euler');
  const heun = page.getByTestId('sweep-fit-heun');
  await expect(euler).toContainText('ResNet (reverse Euler)');
  await expect(euler).toContainText(/over 4 points/);
  const eulerSlope = parseSlope((await euler.textContent()) ?? '');
  const heunSlope = parseSlope((await heun.textContent()) ?? '');
  testInfo.annotations.push({ type: 'slopes', description: `euler ${eulerSlope}, heun ${heunSlope}` });
  expect(eulerSlope).toBeGreaterThan(-1.2);
  expect(eulerSlope).toBeLessThan(-0.8);
  // the printed slope is the one in the data attribute (no rounding mismatch beyond 2 decimals)
  expect(Number(await euler.getAttribute('data-slope'))).toBeCloseTo(eulerSlope, 2);
  expect(Number(await euler.getAttribute('data-r2'))).toBeGreaterThan(0.98);
  // the HeunNet's gradient converges faster (≤ −2 with smooth weights)
  expect(heunSlope).toBeLessThan(-1.8);

  // the plot shows both series: markers in the two series colours (Tableau blue and orange)
  const blue = await pixelsOfColour(page, [78, 121, 167]);
  const orange = await pixelsOfColour(page, [242, 142, 44]);
  expect(blue.hits.length).toBeGreaterThan(50);
  expect(orange.hits.length).toBeGreaterThan(50);

  // hovering a marker shows its value: try the blue blobs (markers, legend swatch) from the left until the
  // tooltip names the N = 8 point
  const canvas = page.getByTestId('sweep-canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  const cells = new Map<string, [number, number]>();
  for (const [x, y] of blue.hits)
    cells.set(`${Math.round(x / blue.scale / 8)},${Math.round(y / blue.scale / 8)}`, [
      x / blue.scale,
      y / blue.scale,
    ]);
  const tip = page.getByTestId('sweep-tooltip');
  let found = false;
  for (const [cx, cy] of [...cells.values()].sort((a, b) => a[0] - b[0]).slice(0, 40)) {
    await page.mouse.move(box.x + cx, box.y + cy);
    // React renders the tooltip after the mousemove event: give it a moment
    const shown = await tip.waitFor({ timeout: 500 }).then(
      () => true,
      () => false,
    );
    if (shown && /N = 8(?!\d)/.test((await tip.textContent()) ?? '')) {
      found = true;
      break;
    }
  }
  expect(found, 'hovering the N = 8 marker shows a tooltip').toBe(true);
  await expect(tip).toContainText('ResNet (reverse Euler)');
  await expect(tip).toContainText(/gradient error = \d/);

  // tall enough that the whole panel is on screen for the artifact
  await page.setViewportSize({ width: 1280, height: 1400 });
  const shot = testInfo.outputPath('sweep-grad-error.png');
  await page.getByTestId('panel-sweep').screenshot({ path: shot });
  await testInfo.attach('sweep-grad-error', { path: shot, contentType: 'image/png' });

  // the CSV export carries every point
  await page.getByTestId('panel-sweep').locator('.panel-export summary').click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-sweep-csv').click(),
  ]);
  const csv = await (await download.createReadStream()).toArray();
  const lines = Buffer.concat(csv).toString('utf8').trim().split('\n');
  expect(lines[0]).toMatch(/^series,N,M,x,gradError/);
  expect(lines).toHaveLength(1 + 8);
  const first = lines.find((l) => l.startsWith('ResNet (reverse Euler),8,'))!;
  expect(Number(first.split(',')[4])).toBeGreaterThan(1e-3);
  // the SVG export is drawn by the same function: both series colours and the fitted slope are in it
  const [svgFile] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-sweep-svg').click(),
  ]);
  const svg = Buffer.concat(await (await svgFile.createReadStream()).toArray()).toString('utf8');
  expect(svg).toContain('<svg');
  expect(svg.toLowerCase()).toContain('#4e79a7');
  expect(svg.toLowerCase()).toContain('#f28e2c');
  expect(svg).toContain(`slope ${eulerSlope.toFixed(2).replace('-', '−')}`);
  expect(errors).toEqual([]);
});

test('Cancel stops the sweep promptly and keeps the measured points', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  const errors = collectPageErrors(page);
  await setup(page);
  // training makes every point slow: cancel lands between training chunks
  await configure(page, '8, 16, 32, 64, 128, 256', 300);
  await page.getByTestId('sweep-run').click();
  const status = page.getByTestId('sweep-status');
  await expect(status).toHaveAttribute('data-status', 'running');
  await expect
    .poll(async () => Number(await status.getAttribute('data-points')), { timeout: 180_000 })
    .toBeGreaterThanOrEqual(1);
  // with a network done, the time left is estimated (from its time, weighted by N·B·M of those left)
  await expect(page.getByTestId('sweep-eta')).toHaveText(/^(≈ .+|< 1 s) left$/);
  await page.getByTestId('sweep-cancel').click();
  await expect(status).toHaveAttribute('data-status', 'cancelled', { timeout: 5_000 });
  const kept = Number(await status.getAttribute('data-points'));
  expect(kept).toBeGreaterThanOrEqual(1);
  expect(kept).toBeLessThan(12);
  await expect(status).toContainText(`Cancelled after ${kept} of 12 points`);
  // nothing arrives after the cancel, and the run button is back
  await page.waitForTimeout(3000);
  expect(Number(await status.getAttribute('data-points'))).toBe(kept);
  await expect(page.getByTestId('sweep-run')).toBeEnabled();
  await expect(page.getByTestId('sweep-fit-euler')).toContainText(/over \d points?/);
  await page.setViewportSize({ width: 1280, height: 1400 });
  const shot = testInfo.outputPath('sweep-cancelled.png');
  await page.getByTestId('panel-sweep').screenshot({ path: shot });
  await testInfo.attach('sweep-cancelled', { path: shot, contentType: 'image/png' });
  expect(errors).toEqual([]);
});

test('a float64 sweep runs in a worker: precise below the float32 floor, and cancels at once', async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  const errors = collectPageErrors(page);
  await setup(page);
  await configure(page, '8, 16, 32, 64, 128, 256, 512', 0, 'cpu');
  await page.getByTestId('sweep-run').click();
  const status = page.getByTestId('sweep-status');
  await expect(status).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
  await expect(status).toHaveAttribute('data-points', '14');
  const eulerSlope = parseSlope((await page.getByTestId('sweep-fit-euler').textContent()) ?? '');
  expect(eulerSlope).toBeGreaterThan(-1.15);
  expect(eulerSlope).toBeLessThan(-0.85);
  // every Heun point is used (no floor in float64), although the deepest are far below 1e-6
  await expect(page.getByTestId('sweep-fit-heun')).toContainText('over 7 points');
  await expect(page.getByTestId('sweep-experiment')).toContainText('float64');
  await page.getByTestId('panel-sweep').locator('.panel-export summary').click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-sweep-csv').click(),
  ]);
  const rows = Buffer.concat(await (await download.createReadStream()).toArray())
    .toString('utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  const heun512 = rows.find((r) => r[0] === 'HeunNet (reverse Heun)' && r[1] === '512')!;
  expect(Number(heun512[4])).toBeLessThan(1e-7);
  expect(heun512[6]).toBe('float64');
  await page.getByTestId('panel-sweep').locator('.panel-export summary').click(); // close the menu

  // a long float64 sweep: Cancel terminates the worker, the first points stay
  await configure(page, '8, 16, 32, 64, 128, 256', 3000, 'cpu');
  await page.getByTestId('sweep-run').click();
  await expect(status).toHaveAttribute('data-status', 'running');
  await expect
    .poll(async () => Number(await status.getAttribute('data-points')), { timeout: 180_000 })
    .toBeGreaterThanOrEqual(1);
  await page.getByTestId('sweep-cancel').click();
  await expect(status).toHaveAttribute('data-status', 'cancelled', { timeout: 2_000 });
  const kept = Number(await status.getAttribute('data-points'));
  await page.waitForTimeout(2000);
  expect(Number(await status.getAttribute('data-points'))).toBe(kept);
  expect(kept).toBeLessThan(12);
  await page.setViewportSize({ width: 1280, height: 1400 });
  const shot = testInfo.outputPath('sweep-cpu-cancelled.png');
  await page.getByTestId('panel-sweep').screenshot({ path: shot });
  await testInfo.attach('sweep-cpu-cancelled', { path: shot, contentType: 'image/png' });
  expect(errors).toEqual([]);
});

test('the trained loss is read out as the depth where it falls below a level, with no slope', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const errors = collectPageErrors(page);
  await setup(page);
  // with the adjoint, this HeunNet trains from N ≈ 9 and the ResNet not at all up to 16 (float64 runner), at the
  // optimizer settings of the first default experiment (link v2: Adam 0.02, no weight decay), set here explicitly
  await page.evaluate(() => {
    const exp = window.__odeLens!.experiment;
    const c = structuredClone(exp.getState().config);
    c.train = { ...c.train, gradMode: 'adjoint', lr: 0.02, weightDecay: 0 };
    exp.getState().load(c);
  });
  await configure(page, '4, 8, 16', 150, 'cpu', 'trainedLoss');
  await page.getByTestId('sweep-run').click();
  const status = page.getByTestId('sweep-status');
  await expect(status).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect(status).toHaveAttribute('data-points', '6');
  const euler = page.getByTestId('sweep-fit-euler');
  const heun = page.getByTestId('sweep-fit-heun');
  for (const s of [euler, heun]) {
    await expect(s).toHaveAttribute('data-fit', 'threshold');
    await expect(s).toHaveAttribute('data-slope', '');
    await expect(s).not.toContainText('slope');
  }
  await expect(euler).toContainText('ResNet (Euler, adjoint gradients)');
  await expect(euler).toContainText(/does not train up to N = 16/);
  await expect(heun).toContainText(/trains from N ≈ [\d.]+ \(loss < 0\.\d+; between N = 8 and 16\)/);
  const crossing = Number(await heun.getAttribute('data-crossing'));
  expect(crossing).toBeGreaterThan(8);
  expect(crossing).toBeLessThan(16);
  await page.setViewportSize({ width: 1280, height: 1400 });
  const shot = testInfo.outputPath('sweep-trained-loss.png');
  await page.getByTestId('panel-sweep').screenshot({ path: shot });
  await testInfo.attach('sweep-trained-loss', { path: shot, contentType: 'image/png' });
  expect(errors).toEqual([]);
});
