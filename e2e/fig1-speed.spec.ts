// Issue 8 target (e): in the page, with the automatic engine choice, the Fig. 1 (−x²/2, N = 300) preset trains
// at ≥ 10 steps/s and its 3000 steps finish in under 5 minutes. A measurement, not a test (performance is judged
// by benchmarks, never by timed tests): opt-in with E2E_SPEED=1 on a quiet machine; it prints what it measured
// and asserts only that the run finished its budget with a finite loss.
//   E2E_SPEED=1 CI=true npx playwright test e2e/fig1-speed.spec.ts
import { expect, test } from '@playwright/test';
import { collectPageErrors } from './helpers';
import { runBar, waitForRun } from './run-helpers';

test.skip(
  !process.env.E2E_SPEED,
  'set E2E_SPEED=1 to time the Fig. 1 preset in the page (on a quiet machine)',
);
test.setTimeout(600_000);
test.use({ trace: 'off', screenshot: 'off' });

test('Fig. 1 (−x²/2, N = 300): steps/s with the automatic engine choice, and time to its 3000 steps', async ({
  page,
}) => {
  const errors = collectPageErrors(page);
  await page.goto('/');
  await waitForRun(page, 120_000);
  await page.getByTestId('presets-open').click();
  await page.getByTestId('preset-sander-fig1-neg-square').click();
  await waitForRun(page, 120_000);
  const budget = await page.evaluate(() => window.__odeLens!.experiment.getState().config.train.steps);
  const depth = await page.evaluate(() => window.__odeLens!.experiment.getState().config.model.depth);
  expect(depth).toBe(300);
  const t0 = Date.now();
  await page.getByTestId('run-play').click();
  const marks: { t: number; step: number }[] = [];
  await expect
    .poll(
      async () => {
        const r = await runBar(page);
        marks.push({ t: (Date.now() - t0) / 1000, step: r.step });
        return r.step >= budget || r.status === 'finished';
      },
      { timeout: 540_000, intervals: [1000] },
    )
    .toBe(true);
  const total = (Date.now() - t0) / 1000;
  const r = await runBar(page);
  // steady rate: over the middle of the run (after the engine choice and the first snapshot)
  const a = marks.find((m) => m.t >= total * 0.2) ?? marks[0];
  const b = marks.findLast((m) => m.t <= total * 0.8) ?? marks[marks.length - 1];
  const rate = (b.step - a.step) / Math.max(1e-9, b.t - a.t);
  console.log(
    `Fig. 1 −x²/2 N=300 on ${r.backend}: ${budget} steps in ${total.toFixed(1)} s (from Play), ` +
      `steady ${rate.toFixed(1)} steps/s, final loss ${r.loss}`,
  );
  expect(Number.isFinite(r.loss)).toBe(true);
  expect(errors).toEqual([]);
});
