// Colour maps: perceptually uniform sequential (viridis), diverging (RdBu, reversed so positive is red), and a
// categorical palette for classes. All from d3-scale-chromatic.
import { interpolateRdBu, interpolateViridis, schemeTableau10 } from 'd3';

/** Sequential colour for t in [0, 1]. */
export const sequential = (t: number): string => interpolateViridis(Math.min(1, Math.max(0, t)));

/** Diverging colour for v in [−1, 1] (0 = white-ish, positive red, negative blue). */
export const diverging = (v: number): string => interpolateRdBu(0.5 - 0.5 * Math.min(1, Math.max(-1, v)));

export const classColors = schemeTableau10;

/** A colour for position t in [0, 1] along a fan of inputs. */
export const fanColor = (t: number): string => interpolateViridis(0.1 + 0.8 * Math.min(1, Math.max(0, t)));
