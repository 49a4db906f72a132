// The two science views in Chromium with WebGPU (SwiftShader): trajectories (1-D fan with targets and the
// crossing check, 2-D phase plane with decision regions, 4-D PCA) and the weight heatmaps (live depth ×
// entries, depth × training step with a selectable metric). Every plot must draw real content in its plot
// area and change when the network trains. Screenshots at 1280×720 are attached for review.
import { expect, type Page, type TestInfo, test } from '@playwright/test';
import { defaultConfig, type ExperimentConfig } from '../src/core/config';
import { netSpec } from '../src/core/params';
import { collectPageErrors } from './helpers';
import { pinEngine } from './run-helpers';

test.use({ viewport: { width: 1280, height: 720 } });

// the views draw the snapshot whatever engine made it: the WASM worker (what the automatic choice picks for these
// small nets on SwiftShader, 2.5× faster than WebGPU) without its ~3.5 s timing on every load
// (the GPU path of the snapshot is covered by app.spec.ts and webgpu.spec.ts, pinned to WebGPU)
test.beforeEach(({ page }) => pinEngine(page, 'wasm'));

function config(patch: {
  seed?: number;
  data?: Partial<ExperimentConfig['data']>;
  model?: Partial<ExperimentConfig['model']>;
  init?: Partial<ExperimentConfig['init']>;
  train?: Partial<ExperimentConfig['train']>;
}): ExperimentConfig {
  const c = defaultConfig();
  return {
    ...c,
    seed: patch.seed ?? 3,
    data: { ...c.data, nTrain: 128, nTest: 64, ...patch.data },
    model: { ...c.model, width: 8, depth: 16, ...patch.model },
    init: { ...c.init, ...patch.init },
    train: { ...c.train, steps: 100_000, batchSize: 128, ...patch.train },
  };
}

/** Fig. 1 configs: 1-D data, d = 1, MLP residuals, read-out = x_S itself so the target lives in state space. */
function oneD(kind: 'square' | 'neg-square', extra: Parameters<typeof config>[0] = {}): ExperimentConfig {
  return config({
    ...extra,
    data: { kind, lo: 0.5, hi: 2, nTrain: 64, nTest: 0, noise: 0, ...extra.data },
    model: {
      d: 1,
      residual: 'mlp',
      width: 8,
      depth: 30,
      readout: 'project',
      embedding: 'pad',
      ...extra.model,
    },
    train: { loss: 'mse', optimizer: 'adam', lr: 0.01, batchSize: 64, ...extra.train },
  });
}

async function open(page: Page) {
  await page.goto('/');
  await expect(page.getByTestId('gpu-status')).toHaveAttribute('data-state', 'ok');
  await expect(page.getByTestId('panel-trajectories')).toBeVisible();
  await expect(page.getByTestId('panel-heatmap')).toBeVisible();
}

/** Load `c` through the experiment store (the app rebuilds the run) and wait for its first snapshot. */
async function load(page: Page, c: ExperimentConfig) {
  const spec = netSpec(c);
  await page.evaluate((cfg) => window.__odeLens!.experiment.getState().load(cfg), c);
  await page.waitForFunction(
    ({ L, d, P }) => {
      const h = window.__odeLens!;
      const r = h.run.getState();
      const s = r.snapshot;
      return (
        // the run of THIS config (a config of the same shape would otherwise pass on the old snapshot)
        JSON.stringify(h.controller.currentConfig) === JSON.stringify(h.experiment.getState().config) &&
        r.status === 'paused' &&
        !!s &&
        s.step === 0 &&
        s.trajectories.length === L * s.F * d &&
        s.weights.residual?.length === P &&
        (s.views.heatmap?.length ?? 0) > 0
      );
    },
    { L: spec.steps + 1, d: spec.d, P: spec.P * spec.setSize },
    { timeout: 60_000 },
  );
}

/** Pixels of the plot area (a box given as fractions of the canvas) that are not white, and a content hash. */
async function plotPixels(page: Page, testId: string, box = { x0: 0.12, x1: 0.72, y0: 0.12, y1: 0.85 }) {
  return page.getByTestId(testId).evaluate((el, b) => {
    const c = el as HTMLCanvasElement;
    const ctx = c.getContext('2d')!;
    const x0 = Math.floor(b.x0 * c.width);
    const y0 = Math.floor(b.y0 * c.height);
    const w = Math.max(1, Math.floor((b.x1 - b.x0) * c.width));
    const h = Math.max(1, Math.floor((b.y1 - b.y0) * c.height));
    const { data } = ctx.getImageData(x0, y0, w, h);
    let inked = 0;
    let hash = 2166136261;
    const colors = new Set<number>();
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 0 && (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240)) inked++;
      colors.add((data[i] >> 4) * 256 + (data[i + 1] >> 4) * 16 + (data[i + 2] >> 4));
      hash = Math.imul(hash ^ (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16)), 16777619) >>> 0;
    }
    return { inked, fraction: inked / (w * h), hash, colors: colors.size };
  }, box);
}

/** plotPixels once the canvas has drawn and stopped changing (it redraws on animation frames after a snapshot). */
async function settledPixels(page: Page, testId: string, box?: Parameters<typeof plotPixels>[2]) {
  let last = await plotPixels(page, testId, box);
  for (let i = 0; i < 50; i++) {
    await page.waitForTimeout(100);
    const now = await plotPixels(page, testId, box);
    if (now.hash === last.hash && now.inked > 0) return now;
    last = now;
  }
  return last;
}

/** Train a few steps (play, wait, pause) and wait for the snapshot after them. */
async function trainAFew(page: Page, steps = 6) {
  await page.evaluate(() => window.__odeLens!.controller.play());
  await page.waitForFunction((k) => (window.__odeLens!.run.getState().snapshot?.step ?? 0) >= k, steps, {
    timeout: 60_000,
  });
  await page.evaluate(() => window.__odeLens!.controller.pause());
  await page.waitForTimeout(400); // the last frame's snapshot lands
}

async function shot(page: Page, testInfo: TestInfo, testId: string, name: string) {
  const path = testInfo.outputPath(`${name}.png`);
  await page.getByTestId(testId).screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/** Crossings of a 1-D fan [L][F], counted independently of the app: order flips between consecutive layers. */
function flips(traj: number[], L: number, F: number): number {
  let count = 0;
  for (let n = 0; n + 1 < L; n++)
    for (let i = 0; i < F; i++)
      for (let j = i + 1; j < F; j++)
        if ((traj[n * F + i] - traj[n * F + j]) * (traj[(n + 1) * F + i] - traj[(n + 1) * F + j]) < 0)
          count++;
  return count;
}

async function fan1d(page: Page): Promise<{ traj: number[]; F: number; step: number }> {
  return page.evaluate(() => {
    const s = window.__odeLens!.run.getState().snapshot!;
    return { traj: Array.from(s.trajectories), F: s.F, step: s.step };
  });
}

test('1-D: x → x²/2 draws a fan without crossings, and it changes while training', async ({
  page,
}, testInfo) => {
  const errors = collectPageErrors(page);
  await open(page);
  const c = oneD('square');
  await load(page, c);
  const spec = netSpec(c);

  const before = await settledPixels(page, 'trajectories-canvas');
  expect(before.fraction, 'lines in the plot area').toBeGreaterThan(0.01);
  expect(before.colors, 'several colours (the fan is coloured by input)').toBeGreaterThan(8);

  const { traj, F } = await fan1d(page);
  const expected = flips(traj, spec.steps + 1, F);
  expect(expected).toBe(0); // smooth init, h = 1/N: x ↦ x + h f(x) is monotone
  const badge = page.getByTestId('trajectories-crossings');
  await expect(badge).toHaveAttribute('data-count', '0');
  await expect(badge).toHaveText('no crossings');
  await expect(page.getByTestId('trajectories-ode-distance')).toContainText(
    /max ‖x_n − x\(s_n\)‖ = [\d.e-]+/,
  );
  // particles run while the tab is visible
  await expect(page.getByTestId('trajectories-overlay')).toHaveAttribute('data-particles', 'running');

  await trainAFew(page);
  await expect.poll(async () => (await plotPixels(page, 'trajectories-canvas')).hash).not.toBe(before.hash);
  const after = await fan1d(page);
  await expect(badge).toHaveAttribute('data-count', String(flips(after.traj, spec.steps + 1, after.F)));

  // hover a trajectory: the tooltip names the input, its output and the value at that depth
  const box = (await page.getByTestId('trajectories-canvas').boundingBox())!;
  const tip = page.getByTestId('panel-trajectories').getByRole('tooltip');
  for (let y = box.y + 40; y < box.y + box.height - 50 && !(await tip.isVisible()); y += 5)
    await page.mouse.move(box.x + box.width * 0.4, y);
  await expect(tip).toContainText(/input x = [\d.]+/);
  await expect(tip).toContainText(/output x_S = -?[\d.]+ \(target [\d.]+\)/);
  await expect(tip).toContainText(/at s = [\d.]+: x = -?[\d.]+, ODE -?[\d.]+/);
  await shot(page, testInfo, 'panel-trajectories', 'trajectories-square-1280x720');
  expect(errors).toEqual([]);
});

test('1-D: x → −x²/2 with a network that breaks the order shows its crossings, consistent with the data', async ({
  page,
}, testInfo) => {
  const errors = collectPageErrors(page);
  await open(page);
  // residual scale 1/√N and large i.i.d. weights: some steps x ↦ x + h f(x) are not monotone
  const c = oneD('neg-square', {
    seed: 5,
    model: { scale: '1/sqrt(N)', depth: 12 },
    init: { kind: 'iid', std: 2, stdV: 2, biasStd: 2 },
  });
  await load(page, c);
  const spec = netSpec(c);
  const { traj, F } = await fan1d(page);
  const expected = flips(traj, spec.steps + 1, F);
  expect(expected, 'this network crosses at initialisation').toBeGreaterThan(0);
  const badge = page.getByTestId('trajectories-crossings');
  await expect(badge).toHaveAttribute('data-count', String(expected));
  await expect(badge).toContainText(`${expected} crossing`);
  await expect(badge).toContainText('not an ODE flow');
  const px = await settledPixels(page, 'trajectories-canvas');
  expect(px.fraction).toBeGreaterThan(0.01);

  // turning the crossing highlight off removes the red rings (the picture changes), the count stays
  await page.getByRole('checkbox', { name: 'Crossings' }).uncheck();
  await expect.poll(async () => (await plotPixels(page, 'trajectories-canvas')).hash).not.toBe(px.hash);
  await expect(badge).toHaveAttribute('data-count', String(expected));
  await page.getByRole('checkbox', { name: 'Crossings' }).check();
  await shot(page, testInfo, 'panel-trajectories', 'trajectories-neg-square-crossings-1280x720');
  expect(errors).toEqual([]);
});

test('Fig. 1 depth N = 300: the fan, its targets and a crossing count that matches the data', async ({
  page,
}, testInfo) => {
  const errors = collectPageErrors(page);
  await open(page);
  for (const kind of ['square', 'neg-square'] as const) {
    const c = oneD(kind, { model: { depth: 300, width: 16 } });
    await load(page, c);
    const spec = netSpec(c);
    const { traj, F } = await fan1d(page);
    const badge = page.getByTestId('trajectories-crossings');
    await expect(badge).toHaveAttribute('data-count', String(flips(traj, spec.steps + 1, F)));
    // the canvas redraws on the next animation frame after the snapshot
    await expect
      .poll(async () => (await plotPixels(page, 'trajectories-canvas')).fraction)
      .toBeGreaterThan(0.01);
    await shot(page, testInfo, 'panel-trajectories', `trajectories-${kind}-N300-1280x720`);
  }
  expect(errors).toEqual([]);
});

test('2-D moons: phase plane with decision regions, ODE overlay toggles, and it changes while training', async ({
  page,
}, testInfo) => {
  const errors = collectPageErrors(page);
  await open(page);
  const c = config({ data: { kind: 'moons' }, model: { d: 2, depth: 16, width: 8 } });
  await load(page, c);
  await page.waitForFunction(() => !!window.__odeLens!.run.getState().snapshot?.views.trajectories);
  const regions = page.getByRole('checkbox', { name: 'Regions' });
  await expect(regions).toBeChecked();
  const withRegions = await settledPixels(page, 'trajectories-canvas');
  // the regions colour most of the plot area
  expect(withRegions.fraction, 'decision regions fill the plot').toBeGreaterThan(0.5);
  await expect(page.getByTestId('trajectories-crossings')).toHaveAttribute('data-count', /^\d+$/);

  await regions.uncheck();
  await expect.poll(async () => (await plotPixels(page, 'trajectories-canvas')).fraction).toBeLessThan(0.5);
  await regions.check();
  await expect
    .poll(async () => (await plotPixels(page, 'trajectories-canvas')).fraction)
    .toBeGreaterThan(0.5);

  // the ODE overlay: off removes the distance readout, on brings it back (a fresh snapshot when paused)
  const ode = page.getByRole('checkbox', { name: 'ODE overlay' });
  await ode.uncheck();
  await expect(page.getByTestId('trajectories-ode-distance')).toHaveCount(0);
  await ode.check();
  await expect(page.getByTestId('trajectories-ode-distance')).toContainText('max ‖x_n − x(s_n)‖');

  const before = await settledPixels(page, 'trajectories-canvas');
  await trainAFew(page);
  await expect.poll(async () => (await plotPixels(page, 'trajectories-canvas')).hash).not.toBe(before.hash);
  await shot(page, testInfo, 'panel-trajectories', 'trajectories-moons-1280x720');
  await page.screenshot({ path: testInfo.outputPath('page-moons-1280x720.png') });
  await testInfo.attach('page-moons-1280x720', {
    path: testInfo.outputPath('page-moons-1280x720.png'),
    contentType: 'image/png',
  });
  expect(errors).toEqual([]);
});

test('4-D gaussian: trajectories in a PCA plane with the explained variance', async ({ page }, testInfo) => {
  const errors = collectPageErrors(page);
  await open(page);
  const c = config({
    data: { kind: 'gaussian', inputDim: 4, outputDim: 1, nTrain: 64, nTest: 0 },
    model: { d: 4, depth: 16, width: 8, readout: 'trained' },
    train: { loss: 'mse', batchSize: 64, lr: 0.01 },
  });
  await load(page, c);
  const label = page.getByTestId('trajectories-pca');
  await expect(label).toHaveText(/^PCA of 4 dims, [\d.]+% variance$/);
  const pct = Number((await label.textContent())!.match(/([\d.]+)%/)![1]);
  expect(pct).toBeGreaterThan(0);
  expect(pct).toBeLessThanOrEqual(100);
  await expect(page.getByTestId('trajectories-crossings')).toContainText('d ≤ 2');
  await expect(page.getByRole('checkbox', { name: 'Regions' })).toBeDisabled();
  const before = await settledPixels(page, 'trajectories-canvas');
  expect(before.fraction).toBeGreaterThan(0.01);
  await trainAFew(page);
  await expect.poll(async () => (await plotPixels(page, 'trajectories-canvas')).hash).not.toBe(before.hash);
  await shot(page, testInfo, 'panel-trajectories', 'trajectories-gaussian-pca-1280x720');
  expect(errors).toEqual([]);
});

test('heatmaps: live weights over depth, metrics over training, hover and Euler’s unused set', async ({
  page,
}, testInfo) => {
  const errors = collectPageErrors(page);
  await open(page);
  const c = config({ data: { kind: 'moons' }, model: { d: 2, depth: 16, width: 8, scheme: 'euler' } });
  await load(page, c);
  const spec = netSpec(c);
  const panel = page.getByTestId('panel-heatmap');
  await panel.scrollIntoViewIfNeeded();

  const box = { x0: 0.15, x1: 0.75, y0: 0.2, y1: 0.75 };
  const weights0 = await settledPixels(page, 'heatmap-weights-canvas', box);
  expect(weights0.fraction, 'the weight heatmap is filled').toBeGreaterThan(0.5);
  expect(weights0.colors).toBeGreaterThan(8);
  await expect(page.getByTestId('heatmap-weights-caption')).toContainText(`θ_${spec.P - 1} is hatched`);
  const time0 = await settledPixels(page, 'heatmap-time-canvas', box);
  expect(time0.fraction).toBeGreaterThan(0.3);
  // N·max‖θ_{n+1} − θ_n‖ of the smooth initialisation, before training (compared with i.i.d. layers below)
  await expect(page.getByTestId('heatmap-smoothness')).toHaveText(/\d/);
  const initial = Number(await page.getByTestId('heatmap-smoothness').textContent());

  // training changes both heatmaps (new weights; new columns of the history)
  await trainAFew(page, 8);
  await expect
    .poll(async () => (await plotPixels(page, 'heatmap-weights-canvas', box)).hash)
    .not.toBe(weights0.hash);
  await expect
    .poll(async () => (await plotPixels(page, 'heatmap-time-canvas', box)).hash)
    .not.toBe(time0.hash);
  const history = await page.evaluate(() => window.__odeLens!.run.getState().snapshot!.views.heatmap.length);
  expect(history).toBeGreaterThan(1);

  // the smoothness readout matches the history's last column
  const smooth = await page.evaluate(() => {
    const h = window.__odeLens!.run.getState().snapshot!.views.heatmap;
    return Math.max(...Array.from(h[h.length - 1].increments));
  });
  const shown = Number(await page.getByTestId('heatmap-smoothness').textContent());
  expect(Math.abs(shown - smooth)).toBeLessThanOrEqual(0.006 * smooth); // 3 significant digits

  // switching the metric changes the caption, the legend range and the picture
  const caption = page.getByTestId('heatmap-time-caption');
  await expect(caption).toHaveAttribute('data-metric', 'increment');
  const incrementText = await caption.textContent();
  const incrementPixels = await settledPixels(page, 'heatmap-time-canvas', box);
  await page.getByTestId('heatmap-metric').selectOption('norm');
  await expect(caption).toHaveAttribute('data-metric', 'norm');
  await expect(caption).toContainText('‖θ_n‖: the size');
  expect(await caption.textContent()).not.toBe(incrementText);
  await expect
    .poll(async () => (await plotPixels(page, 'heatmap-time-canvas', box)).hash)
    .not.toBe(incrementPixels.hash);
  await page.getByTestId('heatmap-metric').selectOption('entry');
  await expect(page.getByTestId('heatmap-entry')).toBeVisible();
  await expect(caption).toContainText('One weight entry');

  // per-neuron norms: a different, sequential picture
  await page.getByTestId('heatmap-mode').selectOption('norms');
  await expect(page.getByTestId('heatmap-weights-caption')).toContainText('Sequential');

  // hover: the tooltip gives layer, entry and value
  const canvas = page.getByTestId('heatmap-weights-canvas');
  const cb = (await canvas.boundingBox())!;
  await page.mouse.move(cb.x + cb.width * 0.4, cb.y + cb.height * 0.5);
  const tip = panel.getByRole('tooltip');
  await expect(tip).toContainText(/layer n = \d+ \(s = [\d.]+\)/);
  await expect(tip).toContainText(/= -?[\d.e-]+/);
  await shot(page, testInfo, 'heatmap-weights-figure', 'heatmap-norms-hover-1280x720');
  await page.getByTestId('heatmap-mode').selectOption('entries');
  await page.getByTestId('heatmap-metric').selectOption('increment');
  await page.mouse.move(0, 0);
  await shot(page, testInfo, 'panel-heatmap', 'heatmaps-panel-1280x720');
  await shot(page, testInfo, 'heatmap-weights-figure', 'heatmap-entries-1280x720');
  await shot(page, testInfo, 'heatmap-time-figure', 'heatmap-increments-1280x720');

  // i.i.d. layers: speckle instead of bands, and a much larger N‖θ_{n+1} − θ_n‖ than the smooth
  // initialisation's (compared untrained with untrained: how far training moves it depends on the engine's speed)
  await load(
    page,
    config({ data: { kind: 'moons' }, model: { d: 2, depth: 16, width: 8 }, init: { kind: 'iid' } }),
  );
  await expect
    .poll(async () => Number(await page.getByTestId('heatmap-smoothness').textContent()))
    .toBeGreaterThan(2 * initial);
  await shot(page, testInfo, 'heatmap-weights-figure', 'heatmap-entries-iid-1280x720');
  expect(errors).toEqual([]);
});

test('exports: PNG, SVG and CSV of both views', async ({ page }, testInfo) => {
  const errors = collectPageErrors(page);
  await open(page);
  const c = oneD('square', { model: { depth: 8 } });
  await load(page, c);
  const spec = netSpec(c);
  const F = await page.evaluate(() => window.__odeLens!.run.getState().snapshot!.F);

  const save = async (id: string, kind: 'png' | 'svg' | 'csv') => {
    const panel = page.getByTestId(`panel-${id}`);
    await panel.getByText('Export', { exact: true }).click();
    const [dl] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId(`export-${id}-${kind}`).click(),
    ]);
    const path = await dl.path();
    await panel.getByText('Export', { exact: true }).click();
    const { readFileSync } = await import('node:fs');
    return readFileSync(path!);
  };

  /** Render an exported SVG in the page, screenshot it (attached) and return its share of non-white pixels. */
  const renderSvg = async (svg: string, name: string) => {
    const view = await page.context().newPage();
    await view.setContent(`<body style="margin:0;background:#fff">${svg}</body>`);
    const path = testInfo.outputPath(`${name}.png`);
    await view.locator('svg').first().screenshot({ path });
    await testInfo.attach(name, { path, contentType: 'image/png' });
    const ink = await view.evaluate(async () => {
      const svgEl = document.querySelector('svg')!;
      const img = new Image();
      img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgEl.outerHTML)}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const { data } = ctx.getImageData(0, 0, c.width, c.height);
      let inked = 0;
      for (let i = 0; i < data.length; i += 4)
        if (data[i + 3] > 0 && data[i] + data[i + 1] + data[i + 2] < 700) inked++;
      return inked / (c.width * c.height);
    });
    await view.close();
    return ink;
  };

  const csv = (await save('trajectories', 'csv')).toString('utf8').trim().split('\n');
  expect(csv[0]).toBe('input,layer,s,x0,ode_x0');
  expect(csv).toHaveLength(1 + F * (spec.steps + 1));
  const svg = (await save('trajectories', 'svg')).toString('utf8');
  expect(svg).toContain('<svg');
  expect((svg.match(/<path/g) ?? []).length).toBeGreaterThan(F);
  expect(await renderSvg(svg, 'export-trajectories-svg')).toBeGreaterThan(0.02);
  const png = await save('trajectories', 'png');
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');

  const hcsv = (await save('heatmap', 'csv')).toString('utf8').trim().split('\n');
  expect(hcsv[0]).toBe('matrix,layer,s,quantity,step,value');
  expect(hcsv.filter((l) => l.startsWith('weights,'))).toHaveLength(spec.P * spec.setSize);
  const hsvg = (await save('heatmap', 'svg')).toString('utf8');
  expect(hsvg).toContain('<svg');
  expect(hsvg).toContain('layer n');
  expect(await renderSvg(hsvg, 'export-heatmaps-svg')).toBeGreaterThan(0.2);
  expect(errors).toEqual([]);
});
