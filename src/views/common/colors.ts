// Colour maps: perceptually uniform sequential (viridis), diverging (RdBu, reversed so positive is red), and a
// categorical palette for classes. All from d3-scale-chromatic. The diverging map is centred on the theme's
// background colour (zero reads as "nothing"): in the light themes it is RdBu itself, in the dark theme its
// magnitude grows brighter from a dark centre, so that both signs stand out against a dark page.
import { hsl, interpolateLab, interpolateRdBu, interpolateViridis, piecewise, schemeTableau10 } from 'd3';
import { plotPalette } from '../../state/theme';

/** Sequential colour for t in [0, 1]. */
export const sequential = (t: number): string => interpolateViridis(Math.min(1, Math.max(0, t)));

const darkScales = new Map<string, (t: number) => string>();

/**
 * The diverging map for a centre colour, as a function of t in [0, 1] (0 blue, ½ the centre, 1 red): RdBu for a
 * light centre, for a dark one the same hues growing brighter from it.
 */
export function divergingScale(mid: string): (t: number) => string {
  if (hsl(mid).l > 0.5) return (t) => interpolateRdBu(1 - t);
  let f = darkScales.get(mid);
  if (!f) {
    f = piecewise(interpolateLab, ['#9fd0f5', '#3f86c9', mid, '#c94a3f', '#f8ab8f']);
    darkScales.set(mid, f);
  }
  return f;
}

/** Diverging colour for v in [−1, 1] (0 = the background, positive red, negative blue) in the current theme. */
export const diverging = (v: number): string =>
  divergingScale(plotPalette().divergingMid)(0.5 + 0.5 * Math.min(1, Math.max(-1, v)));

export const classColors = schemeTableau10;

/** A colour for position t in [0, 1] along a fan of inputs. */
export const fanColor = (t: number): string => interpolateViridis(0.1 + 0.8 * Math.min(1, Math.max(0, t)));
