// The automatic engine choice in Chromium with WebGPU (SwiftShader): when a run starts the app times a few steps
// on WebGPU and on the CPU worker, trains on the faster and says why in the run bar; the menu overrides it (the
// run is rebuilt on that engine) and the choice is remembered for the config shape, so a reload skips the timing.
import { expect, type Page, test } from '@playwright/test';
import { collectPageErrors } from './helpers';
import { runBar } from './run-helpers';

const LABEL: Record<string, RegExp> = { webgpu: /^WebGPU/, cpu: /^CPU float64/, wasm: /^CPU float32 WASM/ };

async function engineState(page: Page) {
  const bar = page.getByTestId('run-bar');
  const [engine, how, backend, status] = await Promise.all([
    bar.getAttribute('data-engine'),
    bar.getAttribute('data-engine-how'),
    bar.getAttribute('data-backend'),
    bar.getAttribute('data-status'),
  ]);
  return { engine: engine ?? '', how: how ?? '', backend: backend ?? '', status: status ?? '' };
}

test('the run trains on the faster engine, says why, can be overridden, and the choice is remembered', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const errors = collectPageErrors(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/');
  await expect(page.getByTestId('gpu-status')).toHaveAttribute('data-state', 'ok');
  // the default run: timed, then built on the faster engine
  await expect.poll(async () => (await engineState(page)).how, { timeout: 60_000 }).toBe('timed');
  await expect.poll(async () => (await runBar(page)).status, { timeout: 60_000 }).toBe('paused');
  const first = await engineState(page);
  expect(['webgpu', 'cpu', 'wasm']).toContain(first.engine);
  expect(first.backend).toBe(first.engine);
  await expect(page.getByTestId('engine-name')).toHaveText(LABEL[first.engine]);
  await expect(page.getByTestId('engine-why')).toHaveText(/(faster than|as fast as) .* for this config/);
  const details = await page.getByTestId('run-backend').getAttribute('title');
  expect(details).toMatch(/WebGPU \(SwiftShader\): >?[\d.]+ ms\/step/);
  expect(details).toMatch(/CPU float64: >?[\d.]+ ms\/step/);
  expect(details).toMatch(/CPU float32 WASM: >?[\d.]+ ms\/step/);
  console.log(`default config: ${await page.getByTestId('run-backend').textContent()}\n${details}`);
  const select = page.getByTestId('engine-select');
  await expect(select).toHaveValue('auto');
  await expect(select.locator('option')).toHaveText([
    'Auto',
    'WebGPU (SwiftShader)',
    'CPU float64',
    'CPU float32 WASM',
  ]);

  // the time left to the step budget shows while training
  await page.getByTestId('run-play').click();
  await expect(page.getByTestId('run-time-left')).toHaveText(/^(≈ .+|< 1 s) left$/, { timeout: 30_000 });
  for (const [w, h] of [
    [1280, 800],
    [1024, 768],
    [390, 844],
  ]) {
    await page.setViewportSize({ width: w, height: h });
    await page.waitForTimeout(300);
    await page.getByTestId('run-bar').screenshot({ path: `/tmp/shots/runbar-${w}x${h}.png` });
    await page.screenshot({ path: `/tmp/shots/page-${w}x${h}.png` });
    // the engine text stays on one line inside the page
    const box = await page.getByTestId('run-backend').boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(w + 1);
    expect(box!.height).toBeLessThan(30);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByTestId('run-play').click();

  // override to the other engine: the run is rebuilt there, from its initial state
  const other = first.engine === 'webgpu' ? 'wasm' : 'webgpu';
  await select.selectOption(other);
  await expect.poll(async () => (await engineState(page)).backend, { timeout: 60_000 }).toBe(other);
  await expect.poll(async () => (await runBar(page)).status, { timeout: 60_000 }).toBe('paused');
  expect((await engineState(page)).how).toBe('requested');
  expect((await runBar(page)).step).toBe(0);
  await expect(page.getByTestId('engine-name')).toHaveText(LABEL[other]);
  await expect(select).toHaveValue(other);

  // reload: the same shape uses the remembered engine without timing again
  await page.reload();
  await expect(page.getByTestId('gpu-status')).toHaveAttribute('data-state', 'ok');
  await expect.poll(async () => (await runBar(page)).status, { timeout: 60_000 }).toBe('paused');
  const again = await engineState(page);
  expect(again).toMatchObject({ engine: other, backend: other, how: 'requested' });
  await expect(select).toHaveValue(other);

  // back to Auto: timed again, and the result is remembered (a reload says "timed before")
  await select.selectOption('auto');
  await expect.poll(async () => (await engineState(page)).how, { timeout: 60_000 }).toBe('timed');
  await expect.poll(async () => (await runBar(page)).status, { timeout: 60_000 }).toBe('paused');
  const timed = (await engineState(page)).engine;
  await page.reload();
  await expect.poll(async () => (await engineState(page)).how, { timeout: 60_000 }).toBe('remembered');
  expect((await engineState(page)).engine).toBe(timed);
  await expect(page.getByTestId('engine-why')).toContainText('timed before');
  expect(errors).toEqual([]);
});
