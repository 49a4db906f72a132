// Exports and recordings (issue 12 item 5): a PNG export is named by view, scheme, depth and step and carries a
// caption strip under the plot and the link in its metadata; the SVG has <title>/<desc>; a GIF recorded over a
// few training steps has several frames; a WebM recording starts with the EBML header (or, where this Chromium
// cannot record video, the menu says so). A deep net's read-outs cut to their cost: the caption says so.
import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { paletteOf, parseThemeCss } from '../src/app/theme-logic';
import { LINK_VERSION } from '../src/link/codec';
import { readPngText } from '../src/views/common/png-text';
import { collectPageErrors } from './helpers';
import { openDeep, openWithSmallConfig, pinEngine, runBar, waitForStep } from './run-helpers';

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

/** One training step, until the trajectories view draws its snapshot (one recorded frame each). */
async function stepOnce(page: Page) {
  const before = (await runBar(page)).step;
  await page.getByTestId('run-step').click();
  await waitForStep(page, (s) => s > before);
  await expect(page.getByTestId('panel-trajectories')).toHaveAttribute('data-shown-step', String(before + 1));
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

test('exports carry a caption and a telling name; GIF and WebM recordings of training steps', async ({
  page,
}, testInfo) => {
  const errors = collectPageErrors(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  // the CPU engine: this spec tests the exports, not the engine (and SwiftShader is slow on a shared CI box)
  await pinEngine(page, 'cpu');
  await openWithSmallConfig(page);
  await stepOnce(page);
  const step = Number(await page.getByTestId('panel-trajectories').getAttribute('data-shown-step'));
  const canvas = await page.getByTestId('trajectories-canvas').boundingBox();

  // PNG: 2× the plot's export size (at least 640 × 400 CSS px) plus the caption strip; the link as metadata
  await openMenu(page);
  const png = await downloadOf(
    page,
    () => page.getByTestId('export-trajectories-png').click(),
    testInfo.outputPath('export.png'),
  );
  expect(png.name).toMatch(new RegExp(`^odelens-trajectories-[a-z0-9]+-N16-step${step}\\.png$`));
  expect(png.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect(png.bytes.readUInt32BE(16)).toBe(2 * Math.max(Math.round(canvas!.width), 640));
  expect(png.bytes.readUInt32BE(20)).toBeGreaterThan(2 * Math.max(Math.round(canvas!.height), 400) + 2 * 40);
  expect(png.bytes.toString('latin1')).toMatch(new RegExp(`tEXtSource\0http://[^#]+#v=${LINK_VERSION}`));

  // SVG: the same name, <title>/<desc> and the caption as text
  await openMenu(page);
  const svg = await downloadOf(
    page,
    () => page.getByTestId('export-trajectories-svg').click(),
    testInfo.outputPath('export.svg'),
  );
  expect(svg.name).toBe(png.name.replace(/\.png$/, '.svg'));
  const s = svg.bytes.toString('utf8');
  expect(s).toContain(`<title>Trajectories through depth · step ${step}</title><desc>`);
  expect(s).toMatch(/<text[^>]*>[^<]*depth N = 16[^<]*<\/text>/); // the caption, visible
  expect(s).toContain(`#v=${LINK_VERSION}`);
  expect(s).not.toContain('the net is deep'); // nothing was cut: no note

  // GIF: a frame at the start and one per step's snapshot
  await openMenu(page);
  await page.getByTestId('record-trajectories-gif').click();
  const frames = page.getByTestId('recording-trajectories-frames');
  await expect(frames).toHaveText('1');
  for (let i = 0; i < 3; i++) await stepOnce(page);
  await expect(frames).toHaveText('4');
  await openMenu(page); // the record buttons wait for this recording to end
  await expect(page.getByTestId('record-trajectories-webm')).toBeDisabled();
  await page.getByTestId('panel-trajectories').locator('.panel-export summary').click();
  await page
    .getByTestId('panel-trajectories')
    .screenshot({ path: testInfo.outputPath('recording-1920.png') });
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.getByTestId('recording-trajectories').scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('recording-1024x768.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId('recording-trajectories').scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('recording-390x844.png') });
  await page.setViewportSize({ width: 1920, height: 1080 });
  const gif = await downloadOf(
    page,
    () => page.getByTestId('record-trajectories-stop').click(),
    testInfo.outputPath('recording.gif'),
  );
  expect(gif.name).toMatch(new RegExp(`^odelens-trajectories-[a-z0-9]+-N16-step${step}-${step + 3}\\.gif$`));
  expect(gif.bytes.subarray(0, 6).toString('latin1')).toBe('GIF89a');
  expect(gifFrames(gif.bytes)).toBe(4);
  await expect(page.getByTestId('recording-trajectories-message')).toContainText('GIF saved: 4 frames');

  // WebM: the EBML header, or where this Chromium cannot record video, the message that says so
  const canRecord = await page.evaluate(
    () =>
      typeof MediaRecorder !== 'undefined' &&
      'captureStream' in HTMLCanvasElement.prototype &&
      ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'].some((t) =>
        MediaRecorder.isTypeSupported(t),
      ),
  );
  await openMenu(page);
  await page.getByTestId('record-trajectories-webm').click();
  if (!canRecord) {
    await expect(page.getByTestId('recording-trajectories-message')).toContainText('record a GIF instead');
  } else {
    await expect(frames).toHaveText('1');
    for (let i = 0; i < 2; i++) await stepOnce(page);
    await expect(frames).toHaveText('3');
    const webm = await downloadOf(
      page,
      () => page.getByTestId('record-trajectories-stop').click(),
      testInfo.outputPath('recording.webm'),
    );
    expect(webm.name).toMatch(/^odelens-trajectories-[a-z0-9]+-N16-step\d+-\d+\.webm$/);
    expect(webm.bytes.length).toBeGreaterThan(100);
    expect([...webm.bytes.subarray(0, 4)]).toEqual([0x1a, 0x45, 0xdf, 0xa3]);
  }
  testInfo.annotations.push({ type: 'webm', description: canRecord ? 'recorded' : 'unsupported here' });
  expect(errors).toEqual([]);
});

test('in the dark theme the PNG and SVG exports stay dark: the caption strip on the plot background, light text', async ({
  page,
}, testInfo) => {
  const errors = collectPageErrors(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await pinEngine(page, 'cpu');
  await openWithSmallConfig(page);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await stepOnce(page);
  // the dark theme's plot colours, from theme.css (the one source)
  const dark = paletteOf(parseThemeCss(readFileSync('src/app/theme.css', 'utf8')).dark);
  const rgbOf = (hex: string) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join(',');

  await openMenu(page);
  const png = await downloadOf(
    page,
    () => page.getByTestId('export-trajectories-png').click(),
    testInfo.outputPath('export-dark.png'),
  );
  await testInfo.attach('export-dark', {
    path: testInfo.outputPath('export-dark.png'),
    contentType: 'image/png',
  });
  // the strip is at least title, settings and link (3 lines of 16 px and 2 × 8 px padding, at 2×): its bottom
  // 100 rows, decoded by the browser; the most common colour and the brightest pixel there
  const strip = await page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const img = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const c = new OffscreenCanvas(img.width, img.height);
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, img.height - 100, img.width, 100).data;
    const counts = new Map<string, number>();
    let brightest = 0;
    for (let i = 0; i < d.length; i += 4) {
      const key = `${d[i]},${d[i + 1]},${d[i + 2]}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      brightest = Math.max(brightest, (d[i] + d[i + 1] + d[i + 2]) / 3);
    }
    const common = [...counts].sort((a, b) => b[1] - a[1])[0];
    return { common: common[0], share: common[1] / (d.length / 4), brightest };
  }, png.bytes.toString('base64'));
  expect(strip.common).toBe(rgbOf(dark.bg)); // the dark --plot-bg, not white
  expect(strip.share).toBeGreaterThan(0.6);
  expect(strip.brightest).toBeGreaterThan(180); // the caption's light text

  await openMenu(page);
  const svg = await downloadOf(
    page,
    () => page.getByTestId('export-trajectories-svg').click(),
    testInfo.outputPath('export-dark.svg'),
  );
  const s = svg.bytes.toString('utf8');
  const fillOf = (re: RegExp) => re.exec(s)?.[1]?.toLowerCase();
  expect(fillOf(/<text[^>]*fill="([^"]+)"[^>]*>[^<]*depth N = 16/)).toBe(dark.ink);
  expect(fillOf(/<text[^>]*fill="([^"]+)"[^>]*>ODE Lens: /)).toBe(dark.muted);
  expect(s).not.toMatch(/fill="(#fff|#ffffff|white)"/i);
  expect(errors).toEqual([]);
});

test("a deep net's export says its read-outs were cut, in the words of the view's badge", async ({
  page,
}, testInfo) => {
  const errors = collectPageErrors(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  // depth 1024, width 64 on the CPU: the regions on a coarser grid (19² at the assumed speed), built in seconds
  await pinEngine(page, 'cpu');
  await openDeep(page, 1024, 64);
  const badge = page.getByTestId('trajectories-caps');
  await expect(badge).toHaveText(/^regions on a (\d+)×\1 grid: the net is deep$/, { timeout: 60_000 });
  const note = (await badge.textContent())!;

  await openMenu(page);
  const svg = await downloadOf(
    page,
    () => page.getByTestId('export-trajectories-svg').click(),
    testInfo.outputPath('cut.svg'),
  );
  const s = svg.bytes.toString('utf8');
  expect(s).toMatch(new RegExp(`<desc>[^<]*\n${note}\nODE Lens: `)); // between the settings and the link
  expect(s).toMatch(new RegExp(`<text[^>]*>${note}</text>`)); // visible in the strip

  await openMenu(page);
  const png = await downloadOf(
    page,
    () => page.getByTestId('export-trajectories-png').click(),
    testInfo.outputPath('cut.png'),
  );
  expect(readPngText(png.bytes).get('Description')?.split('\n')).toContain(note);
  expect(errors).toEqual([]);
});
