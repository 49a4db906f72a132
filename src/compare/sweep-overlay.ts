// The pinned runs' sweeps that a sweep plot can overlay: those of the same metric and kind, one dashed line per
// series, in each pin's colour.
import type { Pin } from './pin';
import { pinStyle } from './style';

export interface PinnedSweepLine {
  label: string;
  color: string;
  dash: number[];
  points: { x: number; y: number }[];
}

export function pinnedSweeps(pins: readonly Pin[], metric: string, kind: string): PinnedSweepLine[] {
  return pins.flatMap((pin, k) => {
    const sweep = pin.sweep;
    if (!sweep || sweep.metric !== metric || sweep.kind !== kind) return [];
    return sweep.series.map((s) => ({
      ...pinStyle(k),
      label: sweep.series.length > 1 ? `${pin.label}: ${s.label}` : pin.label,
      points: s.points,
    }));
  });
}
