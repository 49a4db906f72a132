// Exports and recordings (issue 12 item 5): a PNG export is named by view, scheme, depth and step and carries a
// caption strip under the plot and the link in its metadata; the SVG has <title>/<desc>; a GIF recorded over a
// few training steps has several frames; a WebM recording starts with the EBML header (or, where this Chromium
// cannot record video, the menu says so).
import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { collectPageErrors } from './helpers';
import { openWithSmallConfig, runBar, waitForStep } from './run-helpers';

async function openMenu(page: Page) {
  const menu = page.getByTestId('panel-trajectories').locator('.panel-export');
  await menu.locator('summary').scrollIntoViewIfNeeded();
  if (!(await menu.evaluate((d) => (d as HTMLDetailsElement).open))) await menu.locator('summary').click();
}

async function downloadOf(page: Page, click: () => Promise<void>, path: string) {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  await d.saveAs(path);
  return { name: d.suggestedFilename(), bytes: readFileSync(path) };
}

/** One training step and the snapshot that follows it (one recorded frame each). */
async function stepOnce(page: Page) {
  const before = (await runBar(page)).step;
  await page.getByTestId('run-step').click();
  await waitForStep(page, (s) => s > before);
  await expect
    .poll(() => page.evaluate(() => window.__odeLens!.run.getState().snapshot?.step ?? -1))
    .toBeGreaterThan(before);
}

/** Image descriptors in a GIF, walking its block structure (header, colour tables, extensions, images). */
function gifFrames(b: Buffer): number {
  let at = 13 + (b[10] & 0x80 ? 3 * (2 << (b[10] & 7)) : 0);
  const skipSubBlocks = () => {
    while (b[at] !== 0) at += 1 + b[at];
    at++;
  };
  let frames = 0;
  while (at < b.length) {
    const id = b[at++];
    if (id === 0x3b) return frames;
    if (id === 0x21) {
      at++;
      skipSubBlocks();
    } else if (id === 0x2c) {
      const flags = b[at + 8];
      at += 9 + (flags & 0x80 ? 3 * (2 << (flags & 7)) : 0) + 1;
      skipSubBlocks();
      frames++;
    } else throw new Error(`unknown GIF block 0x${id.toString(16)}`);
  }
  throw new Error('GIF without a trailer');
}

test('PNG and SVG exports carry a caption and the link, and are named by view, scheme, depth and step', async ({
  page,
}, testInfo) => {
  const errors = collectPageErrors(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openWithSmallConfig(page);
  await stepOnce(page);
  await stepOnce(page);
  const step = await page.evaluate(() => window.__odeLens!.run.getState().snapshot!.step);
  const canvas = await page.getByTestId('trajectories-canvas').boundingBox();

  await openMenu(page);
  const png = await downloadOf(
    page,
    () => page.getByTestId('export-trajectories-png').click(),
    testInfo.outputPath('export.png'),
  );
  expect(png.name).toMatch(new RegExp(`^odelens-trajectories-[a-z0-9]+-N16-step${step}\\.png$`));
  expect(png.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  const width = png.bytes.readUInt32BE(16);
  const height = png.bytes.readUInt32BE(20);
  // exported at 2× the plot's size (at least 640 × 400 CSS px), plus the caption strip under it
  expect(width).toBe(2 * Math.max(Math.round(canvas!.width), 640));
  expect(height).toBeGreaterThan(2 * Math.max(Math.round(canvas!.height), 400) + 2 * 40);
  const text = png.bytes.toString('latin1');
  expect(text).toContain('tEXtSource\0http://');
  expect(text).toMatch(/tEXtSource\0http:\/\/[^#]+#v=2/);

  await openMenu(page);
  const svg = await downloadOf(
    page,
    () => page.getByTestId('export-trajectories-svg').click(),
    testInfo.outputPath('export.svg'),
  );
  expect(svg.name).toBe(png.name.replace(/\.png$/, '.svg'));
  const s = svg.bytes.toString('utf8');
  expect(s).toMatch(new RegExp(`<title>Trajectories through depth · step ${step}</title><desc>`));
  expect(s).toContain('depth N = 16');
  expect(s).toContain('#v=2');
  expect(errors).toEqual([]);
});

test('a GIF recorded over training steps has a frame per snapshot; the panel shows the recording', async ({
  page,
}, testInfo) => {
  const errors = collectPageErrors(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openWithSmallConfig(page);
  await openMenu(page);
  await page.getByTestId('record-trajectories-gif').click();
  const frames = page.getByTestId('recording-trajectories-frames');
  await expect(frames).toHaveText('1');
  for (let i = 0; i < 3; i++) await stepOnce(page);
  await expect(frames).toHaveText('4');
  // the record buttons wait for this recording to end
  await openMenu(page);
  await expect(page.getByTestId('record-trajectories-webm')).toBeDisabled();
  await page.getByTestId('panel-trajectories').locator('.panel-export summary').click();
  await page
    .getByTestId('panel-trajectories')
    .screenshot({ path: testInfo.outputPath('recording-1920.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId('recording-trajectories').scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('recording-390x844.png') });
  await page.setViewportSize({ width: 1920, height: 1080 });

  const gif = await downloadOf(
    page,
    () => page.getByTestId('record-trajectories-stop').click(),
    testInfo.outputPath('recording.gif'),
  );
  expect(gif.name).toMatch(/^odelens-trajectories-[a-z0-9]+-N16-step0-3\.gif$/);
  expect(gif.bytes.subarray(0, 6).toString('latin1')).toBe('GIF89a');
  expect(gifFrames(gif.bytes)).toBe(4);
  await expect(page.getByTestId('recording-trajectories-message')).toContainText('GIF saved: 4 frames');
  expect(errors).toEqual([]);
});

test('WebM: a recording starts with the EBML header, or the menu says this browser cannot record', async ({
  page,
}, testInfo) => {
  const errors = collectPageErrors(page);
  await openWithSmallConfig(page);
  const canRecord = await page.evaluate(
    () =>
      typeof MediaRecorder !== 'undefined' &&
      'captureStream' in HTMLCanvasElement.prototype &&
      ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'].some((t) =>
        MediaRecorder.isTypeSupported(t),
      ),
  );
  if (!canRecord) {
    await openMenu(page);
    await page.getByTestId('record-trajectories-webm').click();
    await expect(page.getByTestId('recording-trajectories-message')).toContainText('record a GIF instead');
    return;
  }
  await openMenu(page);
  await page.getByTestId('record-trajectories-webm').click();
  await expect(page.getByTestId('recording-trajectories-frames')).toHaveText('1');
  for (let i = 0; i < 3; i++) await stepOnce(page);
  await expect(page.getByTestId('recording-trajectories-frames')).toHaveText('4');
  const webm = await downloadOf(
    page,
    () => page.getByTestId('record-trajectories-stop').click(),
    testInfo.outputPath('recording.webm'),
  );
  expect(webm.name).toMatch(/^odelens-trajectories-[a-z0-9]+-N16-step0-3\.webm$/);
  expect(webm.bytes.length).toBeGreaterThan(100);
  expect([...webm.bytes.subarray(0, 4)]).toEqual([0x1a, 0x45, 0xdf, 0xa3]);
  expect(errors).toEqual([]);
});
