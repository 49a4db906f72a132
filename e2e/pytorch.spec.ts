// The PyTorch export in the app: the "PyTorch" button downloads a zip with experiment.py and its data; the
// program runs (Debian's python3-torch) and Open… brings its weights back into every view at its step. Weights of
// the wrong shape are refused with the tensor's name and both shapes, and the run stays as it was.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { collectPageErrors } from './helpers';
import { openWithSmallConfig, pinEngine, runBar, waitForStep } from './run-helpers';

/** Debian's python3 (where python3-torch installs), else the PATH's. */
function python(): string {
  for (const p of [process.env.ODE_LENS_PYTHON, '/usr/bin/python3', 'python3'])
    if (p && spawnSync(p, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0) return p;
  throw new Error("no python3 here can import torch (install Debian's python3-torch)");
}

// the float64 engine: the app's numbers are then PyTorch's float64 numbers
test.beforeEach(({ page }) => pinEngine(page, 'cpu'));

test('PyTorch: export, run, open the weights back; wrong shapes change nothing', async ({
  page,
}, testInfo) => {
  const errors = collectPageErrors(page);
  const py = python();
  await openWithSmallConfig(page);
  const config = await page.evaluate(() => window.__odeLens!.experiment.getState().config);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('experiment-pytorch').click(),
  ]);
  expect(download.suggestedFilename()).toBe('ode-lens-pytorch.zip');
  const dir = testInfo.outputPath('export');
  const zip = testInfo.outputPath('export.zip');
  await download.saveAs(zip);
  const unzip = spawnSync(py, ['-m', 'zipfile', '-e', zip, dir], { encoding: 'utf8' });
  expect(unzip.status, unzip.stderr).toBe(0);
  const folder = join(dir, 'ode-lens-pytorch');
  const ex = JSON.parse(readFileSync(join(folder, 'experiment.json'), 'utf8'));
  expect(ex.config).toEqual(config);
  expect(ex.initial.step).toBe(0);

  const run = spawnSync(py, ['experiment.py', '--steps', '4', '--out', 'result.json'], {
    cwd: folder,
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(run.status, run.stderr).toBe(0);
  const resultPath = join(folder, 'result.json');
  const result = JSON.parse(readFileSync(resultPath, 'utf8'));

  await page.getByTestId('experiment-file-input').setInputFiles(resultPath);
  await expect(page.getByText(/Opened the weights of a PyTorch run at step 4/)).toBeVisible();
  await waitForStep(page, (s) => s === 4);
  const weights = await page.evaluate(() =>
    Array.from(window.__odeLens!.run.getState().snapshot!.weights.residual!),
  );
  const fromPytorch = (result.final.weights.sets as { W: number[][]; b: number[]; V: number[][] }[]).flatMap(
    (s) => [...s.W.flat(), ...s.b, ...s.V.flat()],
  );
  expect(weights).toEqual(fromPytorch);
  // its loss curve came along
  expect(await page.evaluate(() => window.__odeLens!.run.getState().losses.length)).toBe(4);

  // a set with one hidden unit too many: refused, the run stays at step 4 with the same weights
  result.final.weights.sets[2].W.push([0, 0]);
  const bad = testInfo.outputPath('bad.json');
  writeFileSync(bad, JSON.stringify(result));
  await page.getByTestId('experiment-file-input').setInputFiles(bad);
  await expect(
    page.getByText(
      /Could not open the weights: sets\[2\]\.W has shape \[9\]\[2\], but this config needs \[8\]\[2\]\. Nothing was changed\./,
    ),
  ).toBeVisible();
  expect((await runBar(page)).step).toBe(4);
  expect(
    await page.evaluate(() => Array.from(window.__odeLens!.run.getState().snapshot!.weights.residual!)),
  ).toEqual(weights);
  expect(errors).toEqual([]);
});

test('PyTorch: a residual the export cannot express is refused with a notice; nothing is downloaded', async ({
  page,
}) => {
  const errors = collectPageErrors(page);
  await openWithSmallConfig(page);
  await page.getByTestId('field-model.residual').locator('select').selectOption('mlp-s');
  // the new run is built first: a build clears the notices of the run before it
  await page.waitForFunction(() => {
    const h = window.__odeLens!;
    return h.controller.currentConfig?.model.residual === 'mlp-s' && h.run.getState().status !== 'building';
  });
  let downloads = 0;
  page.on('download', () => downloads++);
  await page.getByTestId('experiment-pytorch').click();
  await expect
    .poll(() => page.evaluate(() => window.__odeLens!.run.getState().notice?.text ?? ''))
    .toMatch(/no residual 'mlp-s'.*Nothing was downloaded/);
  await expect(page.getByText(/Could not export a PyTorch program/)).toBeVisible();
  expect(downloads).toBe(0);
  expect(await page.evaluate(() => window.__odeLens!.experiment.getState().config.model.residual)).toBe(
    'mlp-s',
  );
  expect(errors).toEqual([]);
});
