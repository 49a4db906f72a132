// Text metadata in a PNG: the caption and the experiment's link as tEXt chunks (iTXt, UTF-8, when a text is not
// Latin-1), inserted before IEND, so an image that lost its caption strip (cropped on a slide) still says where
// it came from. Pure byte work; canvas.toBlob writes no text chunks of its own.

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

let table: Uint32Array | null = null;

/** CRC-32 as the PNG specification defines it (over chunk type and data). */
export function crc32(bytes: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const b of bytes) c = table[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const latin1 = (s: string) => [...s].every((ch) => ch.charCodeAt(0) <= 0xff && ch !== '\0');

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** A tEXt chunk (Latin-1) or, for other characters, an uncompressed iTXt chunk (UTF-8). */
export function textChunk(keyword: string, text: string): Uint8Array {
  if (!/^[\x20-\x7e]{1,79}$/.test(keyword) || keyword !== keyword.trim())
    throw new Error(`PNG text keyword must be 1–79 printable Latin-1 characters (got "${keyword}")`);
  const key = [...keyword].map((c) => c.charCodeAt(0));
  if (latin1(text))
    return chunk('tEXt', Uint8Array.from([...key, 0, ...[...text].map((c) => c.charCodeAt(0))]));
  // iTXt: keyword, 0, compression flag 0, method 0, empty language tag, 0, empty translated keyword, 0, UTF-8 text
  const utf8 = new TextEncoder().encode(text);
  return chunk('iTXt', Uint8Array.from([...key, 0, 0, 0, 0, 0, ...utf8]));
}

/** `png` with the text chunks added before its IEND chunk. Throws on bytes that are not a PNG. */
export function addPngText(png: Uint8Array, entries: readonly [string, string][]): Uint8Array {
  if (png.length < 8 || SIGNATURE.some((b, i) => png[i] !== b)) throw new Error('not a PNG file');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let at = 8;
  let iend = -1;
  while (at + 12 <= png.length) {
    const len = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    if (type === 'IEND') {
      iend = at;
      break;
    }
    at += 12 + len;
  }
  if (iend < 0) throw new Error('PNG file has no IEND chunk');
  const chunks = entries.map(([k, v]) => textChunk(k, v));
  const size = png.length + chunks.reduce((s, c) => s + c.length, 0);
  const out = new Uint8Array(size);
  out.set(png.subarray(0, iend), 0);
  let w = iend;
  for (const c of chunks) {
    out.set(c, w);
    w += c.length;
  }
  out.set(png.subarray(iend), w);
  return out;
}

/** The text chunks of a PNG (tEXt and uncompressed iTXt), by keyword: what a reader of the file sees. */
export function readPngText(png: Uint8Array): Map<string, string> {
  const out = new Map<string, string>();
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let at = 8;
  while (at + 12 <= png.length) {
    const len = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const data = png.subarray(at + 8, at + 8 + len);
    const zero = data.indexOf(0);
    if (type === 'tEXt' && zero > 0)
      out.set(
        String.fromCharCode(...data.subarray(0, zero)),
        String.fromCharCode(...data.subarray(zero + 1)),
      );
    if (type === 'iTXt' && zero > 0 && data[zero + 1] === 0) {
      // skip the compression flag and method, then the language tag and translated keyword (0-terminated)
      let p = zero + 3;
      p = data.indexOf(0, p) + 1;
      p = data.indexOf(0, p) + 1;
      out.set(String.fromCharCode(...data.subarray(0, zero)), new TextDecoder().decode(data.subarray(p)));
    }
    if (type === 'IEND') break;
    at += 12 + len;
  }
  return out;
}
