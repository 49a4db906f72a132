// Helpers for specs that drive a run: small configs, and reading the run bar's numbers from the DOM.
import { expect, type Page } from '@playwright/test';

export interface RunBarState {
  status: string;
  step: number;
  loss: number;
  backend: string;
}

export async function runBar(page: Page): Promise<RunBarState> {
  const bar = page.getByTestId('run-bar');
  const [status, step, loss, backend] = await Promise.all([
    bar.getAttribute('data-status'),
    bar.getAttribute('data-step'),
    bar.getAttribute('data-loss'),
    bar.getAttribute('data-backend'),
  ]);
  return {
    status: status ?? '',
    step: Number(step),
    loss: loss ? Number(loss) : Number.NaN,
    backend: backend ?? '',
  };
}

/**
 * The run bar once it stops changing: after Pause, a training batch already in flight still lands (the run
 * is paused at once; its last steps arrive a moment later).
 */
export async function settledRunBar(page: Page, quietMs = 600): Promise<RunBarState> {
  let last = await runBar(page);
  await expect
    .poll(
      async () => {
        await page.waitForTimeout(quietMs);
        const now = await runBar(page);
        const same = now.step === last.step && now.loss === last.loss;
        last = now;
        return same;
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  return last;
}

/**
 * Train on this engine whatever the automatic engine choice would pick: for the specs that test one engine itself
 * (the app's default engine setting, see DEFAULT_ENGINE_KEY in src/run/controller.ts; 'cpu' is the float64
 * reference, 'wasm' the float32 WASM SIMD engine, both in the CPU worker), or to skip the automatic choice's
 * timing of the engines (~3.5 s per run build on SwiftShader) where the engine does not matter. Call before goto.
 */
export async function pinEngine(page: Page, engine: 'webgpu' | 'cpu' | 'wasm' = 'webgpu'): Promise<void> {
  await page.addInitScript((e) => localStorage.setItem('ode-lens.engine', e), engine);
}

/** Wait until the run bar's step satisfies `ok`. */
export async function waitForStep(page: Page, ok: (step: number) => boolean, timeout = 60_000) {
  await expect.poll(async () => ok((await runBar(page)).step), { timeout }).toBe(true);
}

/**
 * Open the app and wait until the GPU check has settled (whatever its outcome) and the default run is built and
 * paused: where a spec starts before it loads its own experiment.
 */
export async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('gpu-status')).toHaveAttribute(
    'data-state',
    /^(ok|unsupported|no-adapter|error|lost)$/,
  );
  await expect.poll(async () => (await runBar(page)).status, { timeout: 60_000 }).toBe('paused');
}

/**
 * Open the app, wait for the GPU check and load a small experiment that trains quickly even on SwiftShader or
 * the CPU: 2-D moons, depth 16, width 8, 128 samples, Adam on the full batch (so the batch loss is the training
 * loss and falls smoothly). Resolves when its run is ready.
 */
export async function openWithSmallConfig(page: Page): Promise<void> {
  // the default run is built: replace it by the small one
  await openApp(page);
  await page.evaluate(() => {
    const h = window.__odeLens!;
    const s = h.experiment.getState();
    const c = structuredClone(s.config);
    c.seed = 3;
    Object.assign(c.data, { kind: 'moons', nTrain: 128, nTest: 64, noise: 0.1 });
    Object.assign(c.model, { d: 2, width: 8, depth: 16, residual: 'mlp', activation: 'tanh' });
    Object.assign(c.train, { optimizer: 'adam', lr: 0.05, batchSize: 128, loss: 'xent', steps: 100_000 });
    s.load(c);
  });
  await expect(page.getByTestId('derived-steps')).toHaveText('16');
  // the new run is in place when its weights have the new size: 17 sets × 40 floats (the default has 33 × 80)
  await expect
    .poll(
      () =>
        page.evaluate(() => {
          const r = window.__odeLens!.run.getState();
          return `${r.status} ${r.snapshot?.weights.residual?.length ?? 0}`;
        }),
      { timeout: 60_000 },
    )
    .toBe('paused 680');
}

/** Number of pixels of a canvas that differ from white/transparent, and a hash of its content. */
export async function canvasStats(
  page: Page,
  testId: string,
): Promise<{ inked: number; hash: number; w: number }> {
  return page.getByTestId(testId).evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const ctx = c.getContext('2d')!;
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    let inked = 0;
    let hash = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
      if (a > 0 && (r < 245 || g < 245 || b < 245)) inked++;
      hash = (hash * 31 + r * 7 + g * 13 + b * 17 + a) | 0;
    }
    return { inked, hash, w: c.width };
  });
}

/**
 * Open the app and load a deep, wide net (depth × width, 64 samples, a long step budget) on the pinned engine;
 * resolves once it is built and paused. For the main-thread measurements (e2e/longtask*.spec.ts).
 */
export async function openDeep(page: Page, depth = 2048, width = 64): Promise<void> {
  await openApp(page);
  await page.evaluate(
    ([depth, width]) => {
      const s = window.__odeLens!.experiment.getState();
      const c = structuredClone(s.config);
      Object.assign(c.model, { depth, width });
      // a small data set keeps a training step affordable on a software GPU; the views' work does not depend on it
      Object.assign(c.data, { nTrain: 64, nTest: 64 });
      Object.assign(c.train, { steps: 100_000 });
      s.load(c);
    },
    [depth, width],
  );
  await expect
    .poll(
      () =>
        page.evaluate(() => {
          const h = window.__odeLens!;
          return `${h.run.getState().status} ${h.controller.currentConfig?.model.depth}`;
        }),
      { timeout: 120_000 },
    )
    .toBe(`paused ${depth}`);
}

/** Wait until the controller runs the config that is in the store, with a first snapshot. */
export async function waitForRun(page: Page, timeout = 90_000) {
  await page.waitForFunction(
    () => {
      const h = window.__odeLens!;
      const r = h.run.getState();
      return (
        // by value: a config equal to the running one keeps that run (and its object)
        JSON.stringify(h.controller.currentConfig) === JSON.stringify(h.experiment.getState().config) &&
        r.status === 'paused' &&
        !!r.snapshot
      );
    },
    undefined,
    { timeout },
  );
}
