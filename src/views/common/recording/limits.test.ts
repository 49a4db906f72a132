import { describe, expect, it } from 'vitest';
import { FrameBudget, frameScale, frameSize, LIMITS } from './limits';

describe('frame size', () => {
  it('downscales so that the longer side fits, and never past the screen’s pixel ratio', () => {
    expect(frameScale(1280, 600, 640)).toBe(0.5);
    expect(frameSize(1280, 600, 0.5)).toEqual({ width: 640, height: 300 });
    expect(frameScale(400, 800, 640, 2)).toBe(0.8);
    expect(frameScale(300, 200, 640, 2)).toBe(2);
    expect(frameScale(300, 200, 640, 1)).toBe(1);
    const s = frameScale(1913, 777, LIMITS.gif.maxSide, 3);
    const f = frameSize(1913, 777, s);
    expect(Math.max(f.width, f.height)).toBeLessThanOrEqual(LIMITS.gif.maxSide);
  });

  it('refuses an empty plot with a message', () => {
    expect(() => frameScale(0, 300, 640)).toThrow('0×300');
    expect(() => frameScale(Number.NaN, 300, 640)).toThrow('cannot record');
  });
});

describe('FrameBudget', () => {
  it('admits frames up to the cap, then refuses every later one with the same reason', () => {
    const b = new FrameBudget('gif', { maxFrames: 3, maxSide: 100, maxMs: 60_000 }, 0);
    expect([1, 2, 3].map((t) => b.admit(t).ok)).toEqual([true, true, true]);
    const r = b.admit(4);
    expect(r).toEqual({ ok: false, reason: 'stopped at 3 frames, the GIF limit' });
    expect(b.admit(5)).toEqual(r);
    expect(b.frames).toBe(3);
  });

  it('stops at the maximum duration', () => {
    const b = new FrameBudget('webm', { maxFrames: 100, maxSide: 100, maxMs: 10_000 }, 1000);
    expect(b.admit(1000).ok).toBe(true);
    expect(b.admit(10_999).ok).toBe(true);
    expect(b.admit(11_000)).toEqual({ ok: false, reason: 'stopped after 10 s, the WebM limit' });
    expect(b.admit(11_500).ok).toBe(false);
    expect(b.frames).toBe(2);
  });

  it('says when the time is up without a frame (a paused run sends none)', () => {
    const b = new FrameBudget('gif', { maxFrames: 100, maxSide: 100, maxMs: 5000 }, 0);
    expect(b.expired(4999)).toBeNull();
    expect(b.frames).toBe(0);
    expect(b.expired(5000)).toBe('stopped after 5 s, the GIF limit');
    expect(b.admit(5001)).toEqual({ ok: false, reason: 'stopped after 5 s, the GIF limit' });
  });

  it('has limits that bound a GIF’s memory', () => {
    // the encoded stream grows by up to about a byte per pixel per frame (noise does not compress): ≤ 130 MB
    expect(LIMITS.gif.maxFrames * LIMITS.gif.maxSide ** 2).toBeLessThanOrEqual(130e6);
  });
});
