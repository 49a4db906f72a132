import { describe, expect, it } from 'vitest';
import { addPngText, crc32, readPngText, textChunk } from './png-text';

const SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function chunk(type: string, data: number[]): number[] {
  const body = Uint8Array.from([...type].map((c) => c.charCodeAt(0)).concat(data));
  const crc = crc32(body);
  const len = data.length;
  return [
    len >>> 24,
    (len >>> 16) & 255,
    (len >>> 8) & 255,
    len & 255,
    ...body,
    crc >>> 24,
    (crc >>> 16) & 255,
    (crc >>> 8) & 255,
    crc & 255,
  ];
}

/** A PNG's chunk structure (the image data need not decode for these tests). */
const png = Uint8Array.from([
  ...SIG,
  ...chunk('IHDR', [0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]),
  ...chunk('IDAT', [1, 2, 3]),
  ...chunk('IEND', []),
]);

function chunks(bytes: Uint8Array): { type: string; crcOk: boolean }[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const out: { type: string; crcOk: boolean }[] = [];
  for (let at = 8; at < bytes.length; ) {
    const len = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    out.push({ type, crcOk: view.getUint32(at + 8 + len) === crc32(bytes.subarray(at + 4, at + 8 + len)) });
    at += 12 + len;
  }
  return out;
}

describe('PNG text chunks', () => {
  it('computes the CRC-32 of the specification', () => {
    expect(crc32(new TextEncoder().encode('IEND'))).toBe(0xae426082);
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('inserts tEXt for Latin-1 and iTXt for other text before IEND, with valid CRCs, readable back', () => {
    const link = 'http://127.0.0.1/#v=2&model.scheme=heun';
    const out = addPngText(png, [
      ['Source', link],
      ['Description', 'Heun scheme · residual MLP V σ(cWx + b)\nsecond line'],
    ]);
    expect([...out.subarray(0, 8)]).toEqual(SIG);
    const list = chunks(out);
    expect(list.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'tEXt', 'iTXt', 'IEND']);
    expect(list.every((c) => c.crcOk)).toBe(true);
    const text = readPngText(out);
    expect(text.get('Source')).toBe(link);
    expect(text.get('Description')).toBe('Heun scheme · residual MLP V σ(cWx + b)\nsecond line');
    // the original bytes are kept as they were
    expect([...out.subarray(0, png.length - 12)]).toEqual([...png.subarray(0, png.length - 12)]);
  });

  it('refuses what is not a PNG, a PNG without IEND and a bad keyword', () => {
    expect(() => addPngText(Uint8Array.from([1, 2, 3]), [])).toThrow('not a PNG');
    expect(() => addPngText(png.subarray(0, png.length - 12), [])).toThrow('no IEND');
    expect(() => textChunk('', 'x')).toThrow('keyword');
    expect(() => textChunk('Tïtle→', 'x')).toThrow('keyword');
  });
});
