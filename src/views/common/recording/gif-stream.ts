// An animated GIF written frame by frame (gifenc): each frame quantized to its own 256-colour palette, one
// frame held back so that the last one can be shown longer when the stream finishes. Runs in the GIF worker;
// the tests run it directly.
import { applyPalette, type GifStream as Encoder, GIFEncoder, quantize } from 'gifenc';

interface Pending {
  index: Uint8Array;
  palette: number[][];
  width: number;
  height: number;
}

export class GifStream {
  private readonly gif: Encoder = GIFEncoder();
  private pending: Pending | null = null;
  private size: { width: number; height: number } | null = null;
  frames = 0;

  constructor(
    private readonly frameMs: number,
    private readonly holdMs: number,
  ) {}

  /** Add a frame of RGBA pixels; every frame must have the first one's size. */
  add(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): void {
    if (rgba.length !== width * height * 4)
      throw new Error(`a ${width}×${height} frame needs ${width * height * 4} bytes (got ${rgba.length})`);
    this.size ??= { width, height };
    if (width !== this.size.width || height !== this.size.height)
      throw new Error(
        `frame ${width}×${height} differs from the first frame's ${this.size.width}×${this.size.height}`,
      );
    const palette = quantize(rgba, 256);
    const index = applyPalette(rgba, palette);
    this.flush(this.frameMs);
    this.pending = { index, palette, width, height };
  }

  private flush(delay: number): void {
    const p = this.pending;
    if (!p) return;
    this.gif.writeFrame(p.index, p.width, p.height, { palette: p.palette, delay, repeat: 0 });
    this.pending = null;
    this.frames++;
  }

  /** The finished file. Throws when no frame was added (an empty GIF is not a file anyone wants). */
  finish(): Uint8Array {
    if (!this.pending && this.frames === 0) throw new Error('no frames were recorded');
    this.flush(this.holdMs);
    this.gif.finish();
    return this.gif.bytes();
  }
}
