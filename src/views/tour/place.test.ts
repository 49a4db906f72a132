// The tour card's placement: next to its target where it fits, on screen always (desktop, projector, phone).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dimRects, placeCard, type Rect, type Size } from './place';

const onScreen = (p: { left: number; top: number }, card: Size, vp: Size) =>
  p.left >= 0 && p.top >= 0 && p.left + card.width <= vp.width && p.top + card.height <= vp.height;
const overlaps = (p: { left: number; top: number }, card: Size, t: Rect) =>
  p.left < t.left + t.width &&
  t.left < p.left + card.width &&
  p.top < t.top + t.height &&
  t.top < p.top + card.height;

describe('placeCard', () => {
  const card = { width: 360, height: 220 };

  it('1920×1080: to the right of a view, top-aligned with it, not over it', () => {
    const t = { left: 340, top: 200, width: 700, height: 500 };
    const p = placeCard(t, card, { width: 1920, height: 1080 });
    expect(p).toEqual({ left: 1052, top: 200, side: 'right' });
    expect(overlaps(p, card, t)).toBe(false);
  });

  it('1024×768: a view at the right edge gets the card on its left', () => {
    const t = { left: 660, top: 120, width: 356, height: 400 };
    const vp = { width: 1024, height: 768 };
    const p = placeCard(t, card, vp);
    expect(p.side).toBe('left');
    expect(onScreen(p, card, vp)).toBe(true);
    expect(overlaps(p, card, t)).toBe(false);
  });

  it('a wide view gets the card below it, or above it near the bottom', () => {
    const vp = { width: 1024, height: 768 };
    expect(placeCard({ left: 8, top: 60, width: 1000, height: 300 }, card, vp).side).toBe('below');
    const p = placeCard({ left: 8, top: 480, width: 1000, height: 250 }, card, vp);
    expect(p.side).toBe('above');
    expect(p.top).toBe(480 - 12 - 220);
  });

  it('390×844: the card spans the screen below or above its target, never beside it', () => {
    const vp = { width: 390, height: 844 };
    const phone = { width: 374, height: 300 };
    const p = placeCard({ left: 8, top: 80, width: 374, height: 360 }, phone, vp);
    expect(p).toEqual({ left: 8, top: 452, side: 'below' });
    // a small toggle near the top right: still below it, kept on screen
    const q = placeCard({ left: 300, top: 100, width: 80, height: 24 }, phone, vp);
    expect(q.side).toBe('below');
    expect(onScreen(q, phone, vp)).toBe(true);
  });

  it('a target taller than the screen: the card sits at the bottom of the screen', () => {
    const vp = { width: 390, height: 844 };
    const phone = { width: 374, height: 300 };
    const p = placeCard({ left: 8, top: 10, width: 374, height: 1200 }, phone, vp);
    expect(p).toEqual({ left: 8, top: 844 - 300 - 8, side: 'bottom' });
  });

  it('no target: centred', () => {
    expect(placeCard(null, card, { width: 1000, height: 800 })).toEqual({
      left: 320,
      top: 290,
      side: 'center',
    });
  });

  it('whatever the target and screen, a card that fits the screen stays wholly on it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 320, max: 2560 }),
        fc.integer({ min: 480, max: 1600 }),
        fc.record({
          left: fc.integer({ min: -500, max: 2600 }),
          top: fc.integer({ min: -1500, max: 2000 }),
          width: fc.integer({ min: 1, max: 2600 }),
          height: fc.integer({ min: 1, max: 3000 }),
        }),
        (w, h, t) => {
          const vp = { width: w, height: h };
          const c = { width: Math.min(360, w - 16), height: Math.min(260, h - 16) };
          expect(onScreen(placeCard(t, c, vp), c, vp)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('dimRects', () => {
  const area = (r: Rect) => r.width * r.height;
  const overlap = (a: Rect, b: Rect) =>
    a.left < b.left + b.width &&
    b.left < a.left + a.width &&
    a.top < b.top + b.height &&
    b.top < a.top + a.height;

  it('dims the whole viewport but the ringed element: four boxes around it', () => {
    const vp = { width: 1920, height: 1080 };
    const hole = { left: 340, top: 200, width: 700, height: 500 };
    const rects = dimRects(hole, vp);
    expect(rects).toEqual([
      { left: 0, top: 0, width: 1920, height: 200 },
      { left: 0, top: 700, width: 1920, height: 380 },
      { left: 0, top: 200, width: 340, height: 500 },
      { left: 1040, top: 200, width: 880, height: 500 },
    ]);
  });

  it('tiles the viewport without overlap and never covers the hole, wherever the element is', () => {
    fc.assert(
      fc.property(
        fc.record({
          left: fc.integer({ min: -500, max: 2000 }),
          top: fc.integer({ min: -500, max: 2000 }),
          width: fc.integer({ min: 0, max: 2000 }),
          height: fc.integer({ min: 0, max: 2000 }),
        }),
        fc.record({
          width: fc.integer({ min: 300, max: 2000 }),
          height: fc.integer({ min: 300, max: 1200 }),
        }),
        (hole, vp) => {
          const rects = dimRects(hole, vp);
          for (const r of rects) {
            expect(r.width).toBeGreaterThan(0);
            expect(r.height).toBeGreaterThan(0);
            expect(r.left).toBeGreaterThanOrEqual(0);
            expect(r.top).toBeGreaterThanOrEqual(0);
            expect(r.left + r.width).toBeLessThanOrEqual(vp.width);
            expect(r.top + r.height).toBeLessThanOrEqual(vp.height);
            if (hole.width > 0 && hole.height > 0) expect(overlap(r, hole)).toBe(false);
          }
          for (let i = 0; i < rects.length; i++)
            for (let j = i + 1; j < rects.length; j++) expect(overlap(rects[i], rects[j])).toBe(false);
          // what is not dimmed is the hole's part on screen
          const l = Math.min(Math.max(hole.left, 0), vp.width);
          const r = Math.min(Math.max(hole.left + hole.width, l), vp.width);
          const t = Math.min(Math.max(hole.top, 0), vp.height);
          const b = Math.min(Math.max(hole.top + hole.height, t), vp.height);
          expect(rects.reduce((s, x) => s + area(x), 0) + (r - l) * (b - t)).toBe(vp.width * vp.height);
        },
      ),
    );
  });
});
