// The views follow the run bar (the default page at 1920×1080, the default experiment): while playing, the
// phase plane's title shows a step close behind the run bar's; once paused, every view shows the run bar's step
// within a moment (the phase plane, the weights heatmap and the Compare view's "current run (step …)").
// Screenshot: test-results/view-lag-paused.png.
import { expect, type Page, test } from '@playwright/test';
import { collectPageErrors } from './helpers';
import { runBar, waitForRun } from './run-helpers';

test.use({ viewport: { width: 1920, height: 1080 } });
test.setTimeout(180_000);

interface Sample {
  t: number;
  bar: number;
  traj: number;
}

/** Sample the run bar's step and the phase plane's (its title's) every 50 ms in the page, until stopped. */
async function startSampling(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __lagSamples: Sample[]; __lagTimer: number };
    w.__lagSamples = [];
    w.__lagTimer = window.setInterval(() => {
      const bar = document.querySelector('[data-testid="run-bar"]')?.getAttribute('data-step');
      const traj = document.querySelector('[data-testid="trajectories-canvas"]')?.getAttribute('data-step');
      if (bar != null && traj != null)
        w.__lagSamples.push({ t: performance.now(), bar: Number(bar), traj: Number(traj) });
    }, 50);
  });
}

async function stopSampling(page: Page): Promise<Sample[]> {
  return page.evaluate(() => {
    const w = window as unknown as { __lagSamples: Sample[]; __lagTimer: number };
    clearInterval(w.__lagTimer);
    return w.__lagSamples;
  });
}

/**
 * How long ago (ms) the run bar showed the step the phase plane shows, at worst over the samples: a title
 * that lags by a bounded time behind the bar (snapshot interval + analysis + a frame), whatever the speed.
 */
function worstAge(samples: Sample[]): { ms: number; steps: number } {
  let ms = 0;
  let steps = 0;
  for (const s of samples) {
    steps = Math.max(steps, s.bar - s.traj);
    const reached = samples.find((o) => o.bar >= s.traj);
    if (reached) ms = Math.max(ms, s.t - reached.t);
  }
  return { ms, steps };
}

const trajStep = (page: Page) => page.getByTestId('trajectories-canvas').getAttribute('data-step');

test('the views show the run bar step while playing (closely) and once paused (exactly)', async ({
  page,
}, info) => {
  const errors = collectPageErrors(page);
  await page.goto('/');
  await expect(page.getByTestId('gpu-status')).toHaveAttribute(
    'data-state',
    /^(ok|unsupported|no-adapter|error|lost)$/,
  );
  await waitForRun(page);
  // the default experiment (depth 16: 2-D moons, the phase plane), with the Compare view open beside a pin
  await expect(page.getByTestId('trajectories-canvas')).toHaveAttribute('aria-label', /^Phase plane · step 0/);
  await page.getByTestId('pin-run').click();
  await page.getByTestId('view-toggle-compare').check();
  await expect(page.getByTestId('compare-canvas')).toHaveAttribute('aria-label', /current run \(step 0\)/);

  await startSampling(page);
  await page.getByTestId('run-play').click();
  await page.waitForTimeout(5000);
  await page.getByTestId('run-play').click();
  const pausedAt = Date.now();
  const samples = (await stopSampling(page)).filter((s) => s.bar > 0);
  await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', 'paused');

  // within 2 s of Pause every view shows the run bar's step (a batch in flight lands first: its steps count)
  const views = async () => {
    const bar = (await runBar(page)).step;
    const [traj, heat, cmp] = await Promise.all([
      trajStep(page),
      page.getByTestId('heatmap-weights-canvas').getAttribute('aria-label'),
      page.getByTestId('compare-canvas').getAttribute('aria-label'),
    ]);
    return {
      bar,
      traj: Number(traj),
      heat: heat?.match(/step (\d+)/)?.[1],
      cmp: cmp?.match(/current run \(step ([\d,]+)\)/)?.[1],
    };
  };
  await expect
    .poll(
      async () => {
        const v = await views();
        return v.traj === v.bar && v.heat === String(v.bar) && v.cmp === v.bar.toLocaleString('en-US');
      },
      { timeout: 2000, intervals: [100] },
    )
    .toBe(true);
  const settled = Date.now() - pausedAt;
  const v = await views();
  expect(v.bar).toBeGreaterThan(0);
  await expect(page.getByTestId('trajectories-canvas')).toHaveAttribute(
    'aria-label',
    new RegExp(`^Phase plane · step ${v.bar}:`),
  );

  // while playing: the title followed the bar, a bounded time behind it
  const age = worstAge(samples);
  const distinct = new Set(samples.map((s) => s.traj)).size;
  info.annotations.push({
    type: 'lag',
    description: `while playing: worst ${age.steps} steps / ${Math.round(age.ms)} ms behind the run bar over ${samples.length} samples (${distinct} titles); all views at step ${v.bar} ${settled} ms after Pause`,
  });
  console.log(info.annotations.at(-1)?.description);
  expect(distinct).toBeGreaterThan(3);
  expect(age.ms).toBeLessThan(2000);
  await page.screenshot({ path: 'test-results/view-lag-paused.png' });
  expect(errors).toEqual([]);
});
