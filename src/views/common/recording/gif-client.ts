// The page's side of the GIF encoder: frames go to a worker as transferred buffers (quantizing a frame takes
// tens of ms, which would stall training and drawing on the main thread); without workers the same GifStream
// runs in the page.

import type { GifReply, GifRequest } from './gif-protocol';
import { GifStream } from './gif-stream';

export class GifEncoderClient {
  private readonly worker: Worker | null;
  private readonly local: GifStream | null;
  private failed: string | null = null;
  private done: ((r: GifReply) => void) | null = null;

  constructor(frameMs: number, holdMs: number) {
    this.worker =
      typeof Worker === 'undefined'
        ? null
        : new Worker(new URL('./gif.worker.ts', import.meta.url), { type: 'module', name: 'ode-lens-gif' });
    this.local = this.worker ? null : new GifStream(frameMs, holdMs);
    if (this.worker) {
      this.worker.onmessage = (e: MessageEvent<GifReply>) => {
        if (e.data.type === 'error') this.failed = e.data.message;
        this.done?.(e.data);
      };
      this.worker.onerror = (e) => {
        this.failed = e.message || 'the GIF encoder stopped';
        this.done?.({ type: 'error', message: this.failed });
      };
      this.send({ type: 'start', frameMs, holdMs });
    }
  }

  private send(m: GifRequest, transfer: Transferable[] = []) {
    this.worker?.postMessage(m, transfer);
  }

  /** Hand a frame over (the buffer is transferred: the caller must not use it again). */
  frame(rgba: Uint8ClampedArray, width: number, height: number): void {
    if (this.failed) throw new Error(this.failed);
    if (this.local) {
      this.local.add(rgba, width, height);
      return;
    }
    const buf = rgba.buffer as ArrayBuffer;
    this.send({ type: 'frame', rgba: buf, width, height }, [buf]);
  }

  /** The finished GIF; the worker is ended either way. */
  finish(): Promise<Uint8Array> {
    if (this.local) return Promise.resolve().then(() => this.local!.finish());
    const worker = this.worker!;
    return new Promise<Uint8Array>((resolve, reject) => {
      this.done = (r) => {
        worker.terminate();
        if (r.type === 'done') resolve(new Uint8Array(r.bytes));
        else reject(new Error(r.message));
      };
      if (this.failed) this.done({ type: 'error', message: this.failed });
      else this.send({ type: 'finish' });
    });
  }

  /** Drop the recording. */
  cancel(): void {
    this.worker?.terminate();
  }
}
