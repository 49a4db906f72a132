// The main thread never blocks: while a deep, wide net trains, the longest main-thread task stays short and a key
// acts at once (issue 13). Opt-in (E2E_LONGTASK=1): a measurement on a loaded machine says nothing (a 2-core
// machine at load 25 stretched every task ~10×: 0.96 s at N = 512), so it is not in the normal suite until a bound
// is measured where the machine is quiet. Two parts:
//  - the CPU engine (training in its worker) at N = 512, M = 32 for ~15 s: every task the page runs (snapshots,
//    the trajectory analysis hand-off, the views' draws) must stay under LONG_TASK_BOUND;
//  - the N = 2048, M = 64 on both engines (minutes per engine on a software GPU) against its 100 ms
//    target, printing the numbers either way.
import { expect, type Page, test } from '@playwright/test';
import { collectPageErrors } from './helpers';
import { openDeep, pinEngine, runBar } from './run-helpers';

test.setTimeout(420_000);
// Playwright's trace recorder snapshots the DOM in the page on every action: hundreds of ms of main-thread tasks
// that are the harness's, not the app's (measured: ~90% of the long tasks of a traced run)
test.use({ trace: 'off', screenshot: 'off' });
test.skip(
  !process.env.E2E_LONGTASK,
  'set E2E_LONGTASK=1 to measure main-thread long tasks (on a quiet machine)',
);

/** The bound on any main-thread task and on a key's handling delay, in ms (see the commit note). */
const LONG_TASK_BOUND = 200;
const KEY_BOUND = 100;

/**
 * Record in the page: every main-thread long task (PerformanceObserver 'longtask'), how late each keydown was
 * handled (input delay: handler time − event time) and how many snapshots the run published.
 */
async function observe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __obs: { tasks: number[]; keys: number[]; snapshots: number } };
    const obs = { tasks: [] as number[], keys: [] as number[], snapshots: 0 };
    w.__obs = obs;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) obs.tasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
    window.addEventListener('keydown', (e) => obs.keys.push(performance.now() - e.timeStamp), {
      capture: true,
    });
    window.__odeLens!.run.subscribe((s, prev) => {
      if (s.snapshot !== prev.snapshot) obs.snapshots++;
    });
  });
}

async function observed(page: Page) {
  return page.evaluate(
    () => (window as unknown as { __obs: { tasks: number[]; keys: number[]; snapshots: number } }).__obs,
  );
}

/** Train on `engine` for at least `minS` seconds and until 3 snapshots, pressing a key every second. */
async function measure(page: Page, engine: 'webgpu' | 'cpu', depth: number, width: number, minS: number) {
  const errors = collectPageErrors(page);
  await pinEngine(page, engine);
  await openDeep(page, depth, width);
  expect((await runBar(page)).backend).toBe(engine);
  await observe(page);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Space');
  await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', 'playing');
  // a key that does nothing, every second (its handling delay is measured)
  for (let i = 0; i < 180; i++) {
    await page.waitForTimeout(1000);
    await page.keyboard.press('Shift');
    if (i >= minS && (await observed(page)).snapshots >= 3) break;
  }
  await page.keyboard.press('Space');
  await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', 'paused');
  const o = await observed(page);
  const max = o.tasks.length ? Math.max(...o.tasks) : 0;
  const key = Math.max(...o.keys);
  const line = `[${engine}, N = ${depth}, M = ${width}] longest main-thread task ${max.toFixed(0)} ms (${o.tasks.length} over 50 ms), slowest key ${key.toFixed(0)} ms, ${o.snapshots} snapshots, step ${(await runBar(page)).step}`;
  console.log(line);
  return { max, key, snapshots: o.snapshots, errors, line };
}

test(`N = 512, M = 32 on the CPU engine: no main-thread task over ${LONG_TASK_BOUND} ms while training`, async ({
  page,
}, info) => {
  test.setTimeout(120_000);
  const r = await measure(page, 'cpu', 512, 32, 12);
  info.annotations.push({ type: 'main thread', description: r.line });
  expect(r.snapshots, 'the views were updated while training').toBeGreaterThanOrEqual(3);
  expect(r.max).toBeLessThan(LONG_TASK_BOUND);
  expect(r.key).toBeLessThan(KEY_BOUND);
  expect(r.errors).toEqual([]);
});

for (const engine of ['webgpu', 'cpu'] as const) {
  test(`N = 2048, M = 64 on ${engine}: no main-thread task over 100 ms while training`, async ({
    page,
  }, info) => {
    // minutes per engine on a software GPU, and the 100 ms target is not met on a 2-core machine yet
    test.skip(
      !process.env.E2E_LONGTASK,
      'set E2E_LONGTASK=1 to measure main-thread long tasks at N = 2048, M = 64',
    );
    const r = await measure(page, engine, 2048, 64, 20);
    info.annotations.push({ type: 'main thread', description: r.line });
    expect(r.snapshots, 'the views were updated while training').toBeGreaterThanOrEqual(3);
    expect(r.max).toBeLessThan(100);
    expect(r.key).toBeLessThan(100);
    expect(r.errors).toEqual([]);
  });
}
