// What the trajectories view says when a deep net's read-outs were cut to their cost (src/run/readout-cost.ts):
// the decision regions on a coarser grid, a fan of fewer inputs than asked. Pure.
import { GRID, type SnapshotData } from '../../run/snapshot';

/** "regions on a 24×24 grid, 23 of 64 inputs in the fan: the net is deep", or null when nothing was cut. */
export function capsText(s: Pick<SnapshotData, 'grid' | 'gridLater' | 'F' | 'fanAsked'>): string | null {
  const parts: string[] = [];
  if (s.gridLater) parts.push('regions after the first steps');
  if (s.grid && (s.grid.nx < GRID || s.grid.ny < GRID))
    parts.push(`regions on a ${s.grid.nx}×${s.grid.ny} grid`);
  if (s.fanAsked && s.fanAsked > s.F) parts.push(`${s.F} of ${s.fanAsked} inputs in the fan`);
  return parts.length ? `${parts.join(', ')}: the net is deep` : null;
}
