// A canvas that fills its container, sized for the device pixel ratio, redrawn when its size or inputs change.
// The redraw runs in an animation frame of the shared frame scheduler, not in React's commit: a snapshot that
// changes every view costs one short task per canvas, not one long task of all draws (issue 13).
import { useEffect, useRef, useState } from 'react';
import type { Draw } from './exporters';
import { frameScheduler } from './frameScheduler';
import './plot.css';

export function useCanvas(draw: Draw, deps: unknown[]) {
  const ref = useRef<HTMLCanvasElement | null>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });

  useEffect(() => {
    const canvas = ref.current;
    const parent = canvas?.parentElement;
    if (!canvas || !parent) return;
    const ro = new ResizeObserver(() => {
      const r = parent.getBoundingClientRect();
      setSize((s) =>
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

  // biome-ignore lint/correctness/useExhaustiveDependencies: redraw on the caller's deps and the size
  useEffect(() => {
    if (size.width === 0 || size.height === 0) return;
    frameScheduler().schedule(key.current, () => {
      const canvas = ref.current;
      if (!canvas) return;
      // resizing clears the canvas: done in the same frame as the redraw, so it never shows blank
      const dpr = window.devicePixelRatio || 1;
      canvas.width = Math.round(size.width * dpr);
      canvas.height = Math.round(size.height * dpr);
      canvas.style.width = `${size.width}px`;
      canvas.style.height = `${size.height}px`;
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, size.width, size.height);
      draw(ctx, size.width, size.height);
    });
  }, [size, ...deps]);

  return { ref, size };
}
