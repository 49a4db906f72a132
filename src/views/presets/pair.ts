// A preset that opens as a pair (Fig. 1 left and right): the run trained here is pinned under the preset's title
// and its partner opens with the Compare view, so training the partner shows both side by side, with their
// differences listed (src/views/compare). On any refusal nothing changes and the run bar says why.
import { PRESETS, type Preset } from '../../presets/presets';
import { pinCurrentRun, renamePin, usePins } from '../../state/pins';
import { openPreset } from '../../state/presets';
import { useRun } from '../../state/run';
import { toggleView } from '../registry';

/** The preset shown beside `p`, or null when it has none. */
export function pairPartner(p: Preset): Preset | null {
  return p.pairWith ? (PRESETS.find((q) => q.id === p.pairWith) ?? null) : null;
}

/** Pin the current run as `p` and open its partner with the Compare view. Returns why not, or null. */
export function pinAndOpenPartner(p: Preset): string | null {
  const partner = pairPartner(p);
  const fail = (why: string) => {
    useRun.setState({
      notice: { kind: 'error', text: `Could not pin this run: ${why} Nothing was changed.` },
    });
    return why;
  };
  if (!partner) return fail(`the preset “${p.title}” has no partner.`);
  const why = pinCurrentRun();
  if (why) return fail(why);
  const pin = usePins.getState().pins.at(-1);
  if (pin) renamePin(pin.id, p.title);
  openPreset(partner, (v) => ({ ...v, open: toggleView(v.open, 'compare', true) }));
  return null;
}
