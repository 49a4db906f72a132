// Where the tour's card goes: next to the element it points at (right, left, below or above, the first side where
// it fits whole), aligned with it and kept on screen; on a narrow screen, or when no side fits (a view taller
// than the screen), at the bottom of the screen. Pure, so the rule is unit-tested for desktop, projector and
// phone sizes.

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}
export interface Size {
  width: number;
  height: number;
}
export type Side = 'right' | 'left' | 'below' | 'above' | 'bottom' | 'center';

/** Below this viewport width the card spans the screen at its bottom or next to the target vertically. */
export const NARROW = 600;
const GAP = 12;
const MARGIN = 8;

const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(x, Math.max(lo, hi)));

export function placeCard(
  target: Rect | null,
  card: Size,
  vp: Size,
): { left: number; top: number; side: Side } {
  const maxLeft = vp.width - card.width - MARGIN;
  const maxTop = vp.height - card.height - MARGIN;
  if (!target)
    return {
      left: clamp((vp.width - card.width) / 2, MARGIN, maxLeft),
      top: clamp((vp.height - card.height) / 2, MARGIN, maxTop),
      side: 'center',
    };
  const right = target.left + target.width;
  const bottom = target.top + target.height;
  const alignX = clamp(target.left, MARGIN, maxLeft);
  const alignY = clamp(target.top, MARGIN, maxTop);
  const sides: { side: Side; left: number; top: number }[] = [
    ...(vp.width >= NARROW
      ? [
          { side: 'right' as const, left: right + GAP, top: alignY },
          { side: 'left' as const, left: target.left - GAP - card.width, top: alignY },
        ]
      : []),
    { side: 'below', left: alignX, top: bottom + GAP },
    { side: 'above', left: alignX, top: target.top - GAP - card.height },
  ];
  // a side fits when the whole card is on screen there (a target partly off screen can leave no side)
  const fits = (x: { left: number; top: number }) =>
    x.left >= MARGIN && x.top >= MARGIN && x.left <= maxLeft && x.top <= maxTop;
  const s = sides.find(fits);
  if (s) return { left: s.left, top: s.top, side: s.side };
  return { left: clamp(alignX, MARGIN, maxLeft), top: clamp(maxTop, MARGIN, maxTop), side: 'bottom' };
}

/**
 * The page dimmed around the ringed element: up to four rectangles (above, below, left and right of `hole`)
 * that tile the viewport but for the hole, clipped to the viewport (a target partly off screen). Plain boxes
 * paint in every renderer, headless screenshots included, where a viewport-wide box-shadow spread did not.
 */
export function dimRects(hole: Rect, vp: Size): Rect[] {
  const left = clamp(hole.left, 0, vp.width);
  const right = clamp(hole.left + hole.width, left, vp.width);
  const top = clamp(hole.top, 0, vp.height);
  const bottom = clamp(hole.top + hole.height, top, vp.height);
  const rects: Rect[] = [
    { left: 0, top: 0, width: vp.width, height: top },
    { left: 0, top: bottom, width: vp.width, height: vp.height - bottom },
    { left: 0, top, width: left, height: bottom - top },
    { left: right, top, width: vp.width - right, height: bottom - top },
  ];
  return rects.filter((r) => r.width > 0 && r.height > 0);
}
