// Faults around experiment files on the WebGPU engine (issue 13): Save after a device loss, Adam's moments across
// the loss and "Continue on the CPU", and hostile files (weights beyond float32, a step of 1e300, a version
// written as a string). Nothing is lost: every save reopens, and a rejected file changes nothing.
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, type Page, type TestInfo, test } from '@playwright/test';
import { importExperiment } from '../src/io/experiment-file';
import { collectPageErrors } from './helpers';
import { openWithSmallConfig, pinEngine, runBar, waitForStep } from './run-helpers';

test.beforeEach(({ page }) => pinEngine(page));

async function save(page: Page, testInfo: TestInfo, name: string) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('experiment-export').click(),
  ]);
  const file = testInfo.outputPath(name);
  await download.saveAs(file);
  const text = readFileSync(file, 'utf8');
  const r = importExperiment(text);
  if (!r.ok) throw new Error(`${name} does not reopen: ${r.message}`);
  return { file, text, r };
}

async function step(page: Page, k: number) {
  await page.getByTestId('run-step').click();
  await waitForStep(page, (s) => s === k);
  await expect(page.getByTestId('run-step')).toBeEnabled();
}

test('after a device loss Save writes the last state held, and the CPU goes on with the same Adam moments', async ({
  page,
}, testInfo) => {
  const errors = collectPageErrors(page);
  await openWithSmallConfig(page);
  for (const k of [1, 2, 3]) await step(page, k);
  const live = await save(page, testInfo, 'live.json');
  expect(live.r.step).toBe(3);
  expect(live.r.opt?.residual.v.some((v) => v > 0)).toBe(true);

  await page.evaluate(() => window.__odeLens?.gpu().device?.destroy());
  await expect(page.getByTestId('gpu-status')).toHaveAttribute('data-state', 'lost');
  // it threw DeviceLostError and nothing happened
  const lost = await save(page, testInfo, 'lost.json');
  expect(lost.r.step).toBe(3);
  expect(lost.r.weights.residual).toEqual(live.r.weights.residual);
  expect(lost.r.opt?.residual.m).toEqual(live.r.opt?.residual.m);
  expect(lost.r.opt?.residual.v).toEqual(live.r.opt?.residual.v);
  await expect(page.getByTestId('run-notice')).toContainText(
    'Saved the last state the page holds, at step 3',
  );

  await page.getByTestId('continue-on-cpu').click();
  await expect.poll(async () => (await runBar(page)).backend).toBe('cpu');
  const cpu = await save(page, testInfo, 'cpu.json');
  expect(cpu.r.step).toBe(3);
  expect(cpu.r.opt?.residual.m).toEqual(live.r.opt?.residual.m);
  expect(cpu.r.opt?.residual.v).toEqual(live.r.opt?.residual.v);
  await step(page, 4);
  expect(Number.isFinite((await runBar(page)).loss)).toBe(true);
  expect(errors).toEqual([]);
});

test('hostile files: weights beyond float32 run on the float64 engine and save as numbers; a bad step or version changes nothing', async ({
  page,
}, testInfo) => {
  const errors = collectPageErrors(page);
  await openWithSmallConfig(page);
  await step(page, 1);
  const base = JSON.parse((await save(page, testInfo, 'base.json')).text);
  const write = (name: string, f: unknown) => {
    const file = testInfo.outputPath(name);
    writeFileSync(file, typeof f === 'string' ? f : JSON.stringify(f));
    return file;
  };
  const input = page.getByTestId('experiment-file-input');
  const notice = page.getByTestId('run-notice');

  // a step of 1e300 froze the counter; a version "1" said "unsupported version 1 (this app reads 1)"
  for (const [name, f, msg] of [
    ['step.json', { ...base, step: 1e300 }, /step must be an integer from 0 to 1000000000 \(got 1e\+300\)/],
    ['version.json', { ...base, formatVersion: '1' }, /formatVersion must be a number, not the string "1"/],
  ] as const) {
    await input.setInputFiles(write(name, f));
    await expect(notice).toContainText(msg);
    await expect(notice).toContainText('Nothing was changed');
    expect((await runBar(page)).step).toBe(1);
  }

  // weights of 1e308 became Inf/NaN on WebGPU, saved as null, and the file no longer opened
  const big = structuredClone(base);
  big.weights.residual[0] = 1e308;
  big.views.speed = 99;
  await input.setInputFiles(write('big.json', big));
  await expect(notice).toContainText(/beyond the float32 range/);
  await expect(notice).toContainText(/views\.speed = 99 .* → 1/);
  await expect.poll(async () => (await runBar(page)).backend).toBe('cpu');
  const again = await save(page, testInfo, 'big-saved.json');
  const saved = JSON.parse(again.text).weights.residual as unknown[];
  expect(saved.every((v) => typeof v === 'number')).toBe(true);
  expect(again.r.weights.residual[0]).toBe(1e308);
  expect(errors).toEqual([]);
});
