// The GIF encoder off the main thread: frames arrive as transferred RGBA buffers, are quantized and written as
// they come (so the page keeps only one frame at a time), and 'finish' returns the file's bytes.

import type { GifReply, GifRequest } from './gif-protocol';
import { GifStream } from './gif-stream';

let stream: GifStream | null = null;

const post = (m: GifReply, transfer: Transferable[] = []) =>
  (self as unknown as Worker).postMessage(m, transfer);

self.onmessage = (e: MessageEvent<GifRequest>) => {
  const m = e.data;
  try {
    if (m.type === 'start') stream = new GifStream(m.frameMs, m.holdMs);
    else if (m.type === 'frame') {
      if (!stream) throw new Error('frame before start');
      stream.add(new Uint8ClampedArray(m.rgba), m.width, m.height);
    } else if (m.type === 'finish') {
      if (!stream) throw new Error('finish before start');
      const bytes = stream.finish();
      stream = null;
      post({ type: 'done', bytes: bytes.buffer as ArrayBuffer }, [bytes.buffer as ArrayBuffer]);
    }
  } catch (err) {
    stream = null;
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
