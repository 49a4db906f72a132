// The Compare view: a pinned run beside the current one (trajectories, decision regions and weight norms on the
// same axes and colour scales) and what differs between them (config fields, final numbers). The pins live in
// their own store (src/state/pins.ts), not in the link: no options here.
import { PIN_NEEDS } from '../../compare/pin';
import { defineView } from '../types';

export const compareView = defineView({
  id: 'compare',
  title: 'Compare runs',
  menuOrder: 6,
  openByDefault: false,
  options: null,
  defaults: null,
  // the current run's side: its fan, decision regions and weight norms (src/compare/pin-snapshot.ts)
  needs: () => PIN_NEEDS,
});
