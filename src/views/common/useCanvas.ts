// A canvas that fills its container, sized for the device pixel ratio, redrawn when its size, its inputs or the
// theme change. The redraw runs in an animation frame of the shared frame scheduler, not in React's commit: a
// snapshot that changes every view costs one short task per canvas, not one long task of all draws (issue 13).
// In presentation mode the drawing is scaled as a whole (text, lines and margins together) by the theme store's
// canvasScale: `draw` gets the size in drawing units (CSS size / scale), and so do the returned `size` and
// `toLocal`, so layouts and hit-tests share the drawing's coordinates.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTheme } from '../../state/theme';
import type { Draw } from './exporters';
import { frameScheduler } from './frameScheduler';
import './plot.css';

export interface CanvasSize {
  width: number;
  height: number;
}

/** The drawing size of a CSS size at a scale. */
export const drawingSize = (css: CanvasSize, scale: number): CanvasSize => ({
  width: css.width / scale,
  height: css.height / scale,
});

export function useCanvas(draw: Draw, deps: unknown[]) {
  const ref = useRef<HTMLCanvasElement | null>(null);
  const [css, setCss] = useState<CanvasSize>({ width: 0, height: 0 });
  const palette = useTheme((s) => s.palette);
  const scale = useTheme((s) => s.canvasScale);

  useEffect(() => {
    const canvas = ref.current;
    const parent = canvas?.parentElement;
    if (!canvas || !parent) return;
    const ro = new ResizeObserver(() => {
      const r = parent.getBoundingClientRect();
      setCss((s) =>
        s.width === Math.round(r.width) && s.height === Math.round(r.height)
          ? s
          : { width: Math.round(r.width), height: Math.round(r.height) },
      );
    });
    ro.observe(parent);
    return () => ro.disconnect();
  }, []);

  // one key per canvas: a redraw asked for again before it ran replaces the waiting one
  const key = useRef({});
  useEffect(() => () => frameScheduler().cancel(key.current), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: redraw on the caller's deps, the size and the theme
  useEffect(() => {
    if (css.width === 0 || css.height === 0) return;
    frameScheduler().schedule(key.current, () => {
      const canvas = ref.current;
      if (!canvas) return;
      // resizing clears the canvas: done in the same frame as the redraw, so it never shows blank
      const dpr = window.devicePixelRatio || 1;
      canvas.width = Math.round(css.width * dpr);
      canvas.height = Math.round(css.height * dpr);
      canvas.style.width = `${css.width}px`;
      canvas.style.height = `${css.height}px`;
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      ctx.setTransform(dpr * scale, 0, 0, dpr * scale, 0, 0);
      const size = drawingSize(css, scale);
      ctx.clearRect(0, 0, size.width, size.height);
      draw(ctx, size.width, size.height);
    });
  }, [css, scale, palette, ...deps]);

  // one object per CSS size and scale: views key frame jobs and caches on its identity (a new object each render
  // would reschedule them every frame and never match what they built)
  const size = useMemo(() => (css.width === 0 ? css : drawingSize(css, scale)), [css, scale]);
  /** A pointer event's position in drawing units, relative to the element it was bound to. */
  const toLocal = (e: { clientX: number; clientY: number; currentTarget: Element }) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { px: (e.clientX - r.left) / scale, py: (e.clientY - r.top) / scale };
  };
  return { ref, size, cssSize: css, scale, toLocal };
}
