import { describe, expect, it } from 'vitest';
import { GifEncoderClient } from './gif-client';
import { GifStream } from './gif-stream';

interface Frame {
  width: number;
  height: number;
  delayMs: number;
  /** The frame's pixels as RGB, through its colour table. */
  rgb: number[][];
}

/** GIF LZW decoding of one image's data sub-blocks (the specification's variable-length codes, LSB first). */
function lzwDecode(minCodeSize: number, data: Uint8Array, pixels: number): number[] {
  const clear = 1 << minCodeSize;
  const eoi = clear + 1;
  let size = minCodeSize + 1;
  let dict: number[][] = [];
  const reset = () => {
    dict = [];
    for (let i = 0; i < clear; i++) dict.push([i]);
    dict.push([], []);
    size = minCodeSize + 1;
  };
  reset();
  const out: number[] = [];
  let prev: number[] | null = null;
  let bit = 0;
  while (bit + size <= data.length * 8) {
    let code = 0;
    for (let i = 0; i < size; i++, bit++) code |= ((data[bit >> 3] >> (bit & 7)) & 1) << i;
    if (code === clear) {
      reset();
      prev = null;
      continue;
    }
    if (code === eoi) break;
    let entry: number[];
    if (code < dict.length) entry = dict[code];
    else if (code === dict.length && prev) entry = [...prev, prev[0]];
    else throw new Error(`bad LZW code ${code}`);
    out.push(...entry);
    if (prev && dict.length < 4096) dict.push([...prev, entry[0]]);
    if (dict.length === 1 << size && size < 12) size++;
    prev = entry;
  }
  if (out.length !== pixels) throw new Error(`decoded ${out.length} pixels, expected ${pixels}`);
  return out;
}

/** Parse a GIF89a's block structure: header, screen, colour tables, extensions, images, trailer. */
function parseGif(b: Uint8Array): { width: number; height: number; loops: boolean; frames: Frame[] } {
  const text = (at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n));
  const u16 = (at: number) => b[at] | (b[at + 1] << 8);
  expect(text(0, 6)).toBe('GIF89a');
  const width = u16(6);
  const height = u16(8);
  let at = 13;
  const table = (flags: number): number[][] => {
    const n = 2 << (flags & 7);
    const t: number[][] = [];
    for (let i = 0; i < n; i++) t.push([b[at + 3 * i], b[at + 3 * i + 1], b[at + 3 * i + 2]]);
    at += 3 * n;
    return t;
  };
  const global = b[10] & 0x80 ? table(b[10]) : null;
  const subBlocks = (): Uint8Array => {
    const parts: number[] = [];
    while (b[at] !== 0) {
      parts.push(...b.subarray(at + 1, at + 1 + b[at]));
      at += 1 + b[at];
      if (at >= b.length) throw new Error('truncated sub-blocks');
    }
    at++;
    return Uint8Array.from(parts);
  };
  const frames: Frame[] = [];
  let delayMs = 0;
  let loops = false;
  for (;;) {
    const id = b[at++];
    if (id === 0x3b) break; // trailer
    if (id === 0x21) {
      const label = b[at++];
      const data = subBlocks();
      if (label === 0xf9) delayMs = (data[1] | (data[2] << 8)) * 10;
      if (label === 0xff && String.fromCharCode(...data.subarray(0, 11)) === 'NETSCAPE2.0') loops = true;
      continue;
    }
    if (id !== 0x2c) throw new Error(`unknown block 0x${id.toString(16)} at ${at - 1}`);
    const w = u16(at + 4);
    const h = u16(at + 6);
    const flags = b[at + 8];
    at += 9;
    const local = flags & 0x80 ? table(flags) : null;
    const colours = local ?? global;
    if (!colours) throw new Error('a frame without a colour table');
    const minCode = b[at++];
    const idx = lzwDecode(minCode, subBlocks(), w * h);
    frames.push({ width: w, height: h, delayMs, rgb: idx.map((i) => colours[i]) });
  }
  expect(at).toBe(b.length);
  return { width, height, loops, frames };
}

/** A test frame: a vertical split of two colours at column `split`. */
function splitFrame(w: number, h: number, split: number, left: number[], right: number[]): Uint8ClampedArray {
  const px = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) px.set([...(x < split ? left : right), 255], 4 * (y * w + x));
  return px;
}

describe('GifStream', () => {
  it('writes a looping GIF89a whose frames decode to the pixels given, the last one held longer', () => {
    const w = 37;
    const h = 23;
    const s = new GifStream(100, 1500);
    const red = [230, 20, 20];
    const blue = [20, 40, 220];
    for (const split of [5, 18, 30]) s.add(splitFrame(w, h, split, red, blue), w, h);
    const gif = parseGif(s.finish());
    expect(gif).toMatchObject({ width: w, height: h, loops: true });
    expect(gif.frames.map((f) => f.delayMs)).toEqual([100, 100, 1500]);
    gif.frames.forEach((f, k) => {
      const split = [5, 18, 30][k];
      expect([f.width, f.height]).toEqual([w, h]);
      // quantization to a palette moves colours by a few levels at most
      for (const [i, c] of f.rgb.entries()) {
        const want = i % w < split ? red : blue;
        for (let ch = 0; ch < 3; ch++) expect(Math.abs(c[ch] - want[ch])).toBeLessThanOrEqual(8);
      }
    });
  });

  it('keeps a many-colour frame (a plot with gradients) decodable', () => {
    const w = 64;
    const h = 48;
    const px = new Uint8ClampedArray(w * h * 4);
    for (let i = 0; i < w * h; i++) px.set([(i * 7) & 255, (i * 13) & 255, (i * 29) & 255, 255], 4 * i);
    const s = new GifStream(100, 100);
    s.add(px, w, h);
    s.add(px, w, h);
    const gif = parseGif(s.finish());
    expect(gif.frames).toHaveLength(2);
    expect(gif.frames[1].rgb).toHaveLength(w * h);
  });

  it('refuses frames of the wrong size and an empty recording', () => {
    const s = new GifStream(100, 100);
    expect(() => s.add(new Uint8ClampedArray(10), 2, 2)).toThrow('needs 16 bytes');
    s.add(new Uint8ClampedArray(16), 2, 2);
    expect(() => s.add(new Uint8ClampedArray(36), 3, 3)).toThrow("differs from the first frame's 2×2");
    expect(() => new GifStream(100, 100).finish()).toThrow('no frames');
  });
});

describe('GifEncoderClient', () => {
  it('encodes in the page where there are no workers (here: Node), with the same frames', async () => {
    expect(typeof Worker).toBe('undefined');
    const client = new GifEncoderClient(100, 700);
    const w = 8;
    const h = 6;
    client.frame(splitFrame(w, h, 2, [0, 0, 0], [255, 255, 255]), w, h);
    client.frame(splitFrame(w, h, 6, [0, 0, 0], [255, 255, 255]), w, h);
    const gif = parseGif(await client.finish());
    expect(gif.frames.map((f) => f.delayMs)).toEqual([100, 700]);
    expect(gif.frames[1].rgb.slice(0, w).map((c) => c[0] < 128)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});
