// A recording of one plot over training: each frame is the plot's export drawing (the same draw function as
// PNG/SVG, with its caption) rendered into one canvas of a fixed size, downscaled to the kind's limit. GIF
// frames go to the encoder worker; WebM frames are pushed to a MediaRecorder through canvas.captureStream(0)
// (a frame only when asked, so the video shows each snapshot once).
import type { Caption } from '../caption';
import { type Draw, renderFrame } from '../exporters';
import { GifEncoderClient } from './gif-client';
import {
  type Admit,
  FrameBudget,
  frameScale,
  GIF_FRAME_MS,
  GIF_HOLD_MS,
  LIMITS,
  type RecordingKind,
} from './limits';

const WEBM_TYPES = ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'];

/** The WebM type this browser records, or why it cannot record WebM. */
export function webmSupport(): { mimeType: string } | { problem: string } {
  if (typeof MediaRecorder === 'undefined')
    return { problem: 'This browser cannot record video (no MediaRecorder): record a GIF instead.' };
  if (typeof HTMLCanvasElement === 'undefined' || !('captureStream' in HTMLCanvasElement.prototype))
    return { problem: 'This browser cannot record a canvas (no captureStream): record a GIF instead.' };
  const mimeType = WEBM_TYPES.find((t) => MediaRecorder.isTypeSupported(t));
  if (!mimeType) return { problem: 'This browser cannot record WebM video: record a GIF instead.' };
  return { mimeType };
}

export class Recorder {
  readonly budget: FrameBudget;
  readonly scale: number;
  private readonly canvas = document.createElement('canvas');
  private readonly gif: GifEncoderClient | null = null;
  private readonly media: MediaRecorder | null = null;
  private readonly track: CanvasCaptureMediaStreamTrack | null = null;
  private readonly chunks: Blob[] = [];
  private readonly mimeType: string = 'image/gif';
  private captionHeight: number | undefined;

  /** Throws with a message the user can read when the kind cannot be recorded here. */
  constructor(
    readonly kind: RecordingKind,
    /** The plot's CSS size; every frame is drawn at this size (and the first frame's caption height). */
    readonly width: number,
    readonly height: number,
    dpr: number,
    now: number,
  ) {
    const limits = LIMITS[kind];
    this.budget = new FrameBudget(kind, limits, now);
    this.scale = frameScale(width, height, limits.maxSide, dpr);
    if (kind === 'gif') {
      // every frame is read back for the encoder: keep the canvas in memory the CPU reads
      this.canvas.getContext('2d', { willReadFrequently: true });
      this.gif = new GifEncoderClient(GIF_FRAME_MS, GIF_HOLD_MS);
      return;
    }
    const support = webmSupport();
    if ('problem' in support) throw new Error(support.problem);
    this.mimeType = support.mimeType;
    const stream = this.canvas.captureStream(0);
    this.track = stream.getVideoTracks()[0] as CanvasCaptureMediaStreamTrack;
    this.media = new MediaRecorder(stream, { mimeType: support.mimeType, videoBitsPerSecond: 4_000_000 });
    this.media.ondataavailable = (e) => {
      if (e.data.size > 0) this.chunks.push(e.data);
    };
  }

  /** Draw and add one frame, or say why not (a cap was hit: the caller stops). */
  frame(draw: Draw, caption: Caption, now: number): Admit {
    const admit = this.budget.admit(now);
    if (!admit.ok) return admit;
    this.captionHeight = renderFrame(
      this.canvas,
      draw,
      this.width,
      this.height,
      this.scale,
      caption,
      this.captionHeight,
    );
    if (this.gif) {
      const ctx = this.canvas.getContext('2d')!;
      const img = ctx.getImageData(0, 0, this.canvas.width, this.canvas.height);
      this.gif.frame(img.data, img.width, img.height);
    } else if (this.media && this.track) {
      // the recorder starts on the first frame, so the video does not open on a blank canvas
      if (this.media.state === 'inactive') this.media.start(1000);
      this.track.requestFrame();
    }
    return admit;
  }

  /** Finish and return the file. */
  async stop(): Promise<Blob> {
    if (this.gif) {
      const bytes = await this.gif.finish();
      return new Blob([bytes as BlobPart], { type: 'image/gif' });
    }
    const media = this.media!;
    if (media.state !== 'inactive') {
      // let the last requested frame reach the encoder before stopping
      await new Promise((r) => setTimeout(r, 100));
      await new Promise<void>((resolve) => {
        media.onstop = () => resolve();
        media.stop();
      });
    }
    this.track?.stop();
    if (this.chunks.length === 0) throw new Error('the video recorder produced no data');
    return new Blob(this.chunks, { type: this.mimeType.split(';')[0] });
  }

  cancel(): void {
    this.gif?.cancel();
    if (this.media && this.media.state !== 'inactive') this.media.stop();
    this.track?.stop();
  }
}
