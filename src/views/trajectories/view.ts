// The trajectories view: the fan's states over depth (phase plane or s ↦ x), the neural-ODE overlay, crossings,
// particles and the decision regions behind them.
import { z } from 'zod';
import { intIn } from '../../core/config';
import { defineView } from '../types';
import { gridValues, type OutputGrid } from './grid';

const bool = () => z.boolean({ error: 'must be 0 or 1' });

export const trajectoriesView = defineView({
  id: 'trajectories',
  title: 'Trajectories',
  menuOrder: 0,
  openByDefault: true,
  options: z.object({
    /** Overlay the neural-ODE solution of the interpolated weights. */
    showOde: bool(),
    /** Highlight pairs of trajectories that cross (an ODE flow cannot). */
    highlightCrossings: bool(),
    /** Animate particles flowing through depth. */
    particles: bool(),
    /** Decision regions behind the phase plane (2-D classification). */
    regions: bool(),
    /** Number of inputs in the fan. */
    fan: intIn(2, 256),
  }),
  defaults: () => ({ showOde: true, highlightCrossings: true, particles: true, regions: true, fan: 24 }),
  // the ODE overlay integrates the interpolated residual weights (the only part of this view that reads them)
  needs: (o) => ({ fan: o.fan, grid: o.regions, weights: o.showOde }),
  /** The decision regions of this snapshot (null: not asked for, or the inputs are not 2-D). */
  compute: (s): OutputGrid | null => (s.grid ? gridValues(s.grid, s) : null),
});
