// What a recording may grow to, and the pure decisions a recorder makes with it: the frame size (downscaled so
// the longer side fits), whether one more frame may be taken (frame cap, duration cap) and the message a cap
// gives. One place for the numbers, so the menu's help, the recorder and the tests agree.

export type RecordingKind = 'gif' | 'webm';

export interface RecordingLimits {
  /** Frames at most (a GIF holds every frame until it is written: this bounds its size). */
  maxFrames: number;
  /** Longest side of a frame in device pixels. */
  maxSide: number;
  /** Wall-clock duration at most, ms. */
  maxMs: number;
}

export const LIMITS: Record<RecordingKind, RecordingLimits> = {
  gif: { maxFrames: 300, maxSide: 640, maxMs: 120_000 },
  webm: { maxFrames: 3000, maxSide: 1280, maxMs: 120_000 },
};

/** A GIF plays one snapshot per this many ms (a time-lapse of the training), and holds its last frame longer. */
export const GIF_FRAME_MS = 100;
export const GIF_HOLD_MS = 1500;

/**
 * The scale from CSS px to frame px for a plot of css size (width, height) so that the longer side is at most
 * `maxSide` frame px, and never above `dpr` (no upscaling past the screen's own sharpness).
 */
export function frameScale(width: number, height: number, maxSide: number, dpr = 1): number {
  if (!(width > 0 && height > 0)) throw new Error(`cannot record a plot of ${width}×${height} px`);
  return Math.min(dpr, maxSide / Math.max(width, height));
}

/** The frame size in px for a css size and scale (what renderFrame makes). */
export function frameSize(width: number, height: number, scale: number): { width: number; height: number } {
  return { width: Math.round(width * scale), height: Math.round(height * scale) };
}

export type Admit = { ok: true } | { ok: false; reason: string };

/**
 * Counts frames and time. `admit(now)` says whether one more frame may be taken; once a cap is hit every later
 * call refuses with the same reason, so the recorder stops once and says why.
 */
export class FrameBudget {
  frames = 0;
  private readonly start: number;
  private stopped: string | null = null;

  constructor(
    readonly kind: RecordingKind,
    readonly limits: RecordingLimits,
    now: number,
  ) {
    this.start = now;
  }

  private get label() {
    return this.kind === 'gif' ? 'GIF' : 'WebM';
  }

  /** Why the recording must stop now that `now` has come, without a frame (a paused run sends none), or null. */
  expired(now: number): string | null {
    if (!this.stopped && now - this.start >= this.limits.maxMs)
      this.stopped = `stopped after ${Math.round(this.limits.maxMs / 1000)} s, the ${this.label} limit`;
    return this.stopped;
  }

  admit(now: number): Admit {
    if (!this.stopped && this.frames >= this.limits.maxFrames)
      this.stopped = `stopped at ${this.limits.maxFrames} frames, the ${this.label} limit`;
    const stop = this.expired(now);
    if (stop) return { ok: false, reason: stop };
    this.frames++;
    return { ok: true };
  }
}
