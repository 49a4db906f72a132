// Keeps the URL hash and the experiment store in step: the link opens the experiment, every change of the
// experiment or of the views updates the link (config and open views push a history entry, so back/forward
// walk through settings; other view options replace the current entry). A config the run rejected stays in the
// store and in the link, as asked: Back (or the notice's button) returns to the running one. Navigating (Back/Forward, an edited hash) applies only what differs from the store: a
// views-only step never touches the config, so the run keeps its step, curves and weights. The link also names the
// open preset (its explanation and what was changed from it follow the link, and never touch the run) and can ask
// for the guided tour (`tour=1`: started on open, then dropped from the address so a reload does not repeat it).

import { same } from '../core/same';
import { useExperiment } from '../state/experiment';
import { useLink } from '../state/link';
import { usePresets } from '../state/presets';
import { useTour } from '../state/tour';
import { decodeLink, encodeLink } from './codec';

/** The link of what the page shows: the experiment and the open preset. */
function linkOfState(): string {
  const { config, views } = useExperiment.getState();
  return encodeLink(config, views, { preset: usePresets.getState().active });
}

/** The page's history, as url-sync uses it (the browser's, or a test's). */
export interface Nav {
  /** The current hash, with its '#' ('' when none). */
  hash(): string;
  push(hash: string): void;
  replace(hash: string): void;
  /** Call `f` when the user navigates (Back/Forward, an edited hash); returns a function that stops it. */
  listen(f: () => void): () => void;
}

export function browserNav(): Nav {
  return {
    hash: () => window.location.hash,
    push: (h) => history.pushState(null, '', `#${h}`),
    replace: (h) => history.replaceState(null, '', `#${h}`),
    listen: (f) => {
      // an edited hash fires both; applying the same link twice changes nothing the second time
      window.addEventListener('popstate', f);
      window.addEventListener('hashchange', f);
      return () => {
        window.removeEventListener('popstate', f);
        window.removeEventListener('hashchange', f);
      };
    },
  };
}

let applying = false;

/**
 * Apply the link in the URL to the store (if it has a hash): the config and the views only where they differ
 * from what is there, and report rejected fields.
 */
export function applyLocation(nav: Nav = browserNav()): void {
  const hash = nav.hash();
  if (!hash || hash === '#') return;
  const d = decodeLink(hash);
  const s = useExperiment.getState();
  applying = true;
  try {
    if (!same(d.config, s.config)) s.load(d.config, same(d.views, s.views) ? s.views : d.views);
    else if (!same(d.views, s.views)) useExperiment.setState({ views: d.views });
    const preset = d.preset ?? null;
    if (usePresets.getState().active !== preset) usePresets.setState({ active: preset });
  } finally {
    applying = false;
  }
  useLink.setState({ rejected: d.rejected, version: d.version, dismissed: false });
  if (d.tour && !useTour.getState().open) useTour.getState().start();
}

/** Start syncing; returns a function that stops it. */
export function startUrlSync(nav: Nav = browserNav()): () => void {
  applyLocation(nav);
  let last = linkOfState();
  if (nav.hash().slice(1) !== last) nav.replace(last);

  const unsub = useExperiment.subscribe((s, prev) => {
    const next = linkOfState();
    if (applying) {
      last = next; // the URL already says it
      return;
    }
    if (next === last) return;
    last = next;
    const major = s.config !== prev.config || s.views.open !== prev.views.open;
    if (major) nav.push(next);
    else nav.replace(next);
  });
  // opening or closing a preset's explanation rewrites the current entry: opening one loads its experiment
  // first (a new entry), so the entry before it keeps its own preset
  const unsubPreset = usePresets.subscribe((s, prev) => {
    if (s.active === prev.active) return;
    const next = linkOfState();
    if (applying) {
      last = next;
      return;
    }
    if (next === last) return;
    last = next;
    nav.replace(next);
  });
  const stopListening = nav.listen(() => {
    applyLocation(nav);
    last = linkOfState();
  });
  return () => {
    unsub();
    unsubPreset();
    stopListening();
  };
}

/** The shareable URL of the current experiment (with the open preset, so its story goes along). */
export function currentLink(): string {
  return `${window.location.origin}${window.location.pathname}#${linkOfState()}`;
}
