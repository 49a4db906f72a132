// Keeps the URL hash and the experiment store in step: the link opens the experiment, every change of the
// experiment or of the views updates the link (config and open views push a history entry, so back/forward
// walk through settings; other view options replace the current one).
import { useExperiment } from '../state/experiment';
import { useLink } from '../state/link';
import { decodeLink, encodeLink } from './codec';

let applying = false;

/** Load the experiment from the current URL (if it has a hash) and report rejected fields. */
export function applyLocation(): void {
  const hash = window.location.hash;
  if (!hash || hash === '#') return;
  const d = decodeLink(hash);
  applying = true;
  try {
    useExperiment.getState().load(d.config, d.views);
  } finally {
    applying = false;
  }
  useLink.setState({ rejected: d.rejected, version: d.version, dismissed: false });
}

/** Start syncing; returns a function that stops it. */
export function startUrlSync(): () => void {
  applyLocation();
  let last = encodeLink(useExperiment.getState().config, useExperiment.getState().views);
  if (window.location.hash.slice(1) !== last) history.replaceState(null, '', `#${last}`);

  const unsub = useExperiment.subscribe((s, prev) => {
    if (applying) {
      last = encodeLink(s.config, s.views);
      return;
    }
    const next = encodeLink(s.config, s.views);
    if (next === last) return;
    last = next;
    const major = s.config !== prev.config || s.views.open !== prev.views.open;
    if (major) history.pushState(null, '', `#${next}`);
    else history.replaceState(null, '', `#${next}`);
  });
  const onPop = () => {
    applyLocation();
    last = encodeLink(useExperiment.getState().config, useExperiment.getState().views);
  };
  window.addEventListener('popstate', onPop);
  window.addEventListener('hashchange', onPop);
  return () => {
    unsub();
    window.removeEventListener('popstate', onPop);
    window.removeEventListener('hashchange', onPop);
  };
}

/** The shareable URL of the current experiment. */
export function currentLink(): string {
  const { config, views } = useExperiment.getState();
  return `${window.location.origin}${window.location.pathname}#${encodeLink(config, views)}`;
}
