// Presentation mode's actions and effects: entering it goes fullscreen where the browser allows it (the page
// works the same without), leaving fullscreen by the browser's own means (Escape, F11) leaves the mode, and the
// canvases are drawn larger for a projector while it is on. The mode itself is views.present (it travels in
// links); the choice of large views is views.large.
import { useEffect } from 'react';
import { useExperiment } from '../state/experiment';
import { useTheme } from '../state/theme';
import { MAX_LARGE, type ViewId } from '../views/registry';
import { presentationScale } from './theme-logic';

/** `large` with `id` switched: added last (dropping the oldest beyond MAX_LARGE), or removed. */
export function toggleLarge(large: readonly ViewId[], id: ViewId): ViewId[] {
  if (large.includes(id)) return large.filter((v) => v !== id);
  return [...large, id].slice(-MAX_LARGE);
}

/** Whether this page asked for fullscreen for the presentation (so leaving fullscreen leaves the mode). */
let ownFullscreen = false;

export function enterPresentation(): void {
  useExperiment.getState().setLayout({ present: true });
  const el = document.documentElement;
  if (!document.fullscreenElement && el.requestFullscreen && document.fullscreenEnabled !== false) {
    // refused without a user gesture or in an iframe without allow="fullscreen": the mode works in the window
    el.requestFullscreen()
      .then(() => {
        ownFullscreen = true;
      })
      .catch(() => {
        ownFullscreen = false;
      });
  }
}

export function exitPresentation(): void {
  useExperiment.getState().setLayout({ present: false });
  if (ownFullscreen && document.fullscreenElement) void document.exitFullscreen().catch(() => {});
  ownFullscreen = false;
}

export function togglePresentation(): void {
  if (useExperiment.getState().views.present) exitPresentation();
  else enterPresentation();
}

/**
 * While `present`: the canvases' scale follows the size each of the `count` views gets (presentationScale; two
 * views sit side by side in a landscape window, stacked in a portrait one), and so does the page's text
 * (--present-scale); leaving the fullscreen this page asked for leaves the mode.
 */
export function usePresentation(present: boolean, count: number): void {
  useEffect(() => {
    const root = document.documentElement;
    if (!present) {
      useTheme.setState({ canvasScale: 1 });
      root.style.removeProperty('--present-scale');
      delete root.dataset.present;
      return;
    }
    root.dataset.present = '';
    const rescale = () => {
      const [w, h] = [window.innerWidth, window.innerHeight];
      const two = count >= 2;
      const s = presentationScale(two && w > h ? w / 2 : w, two && w <= h ? h / 2 : h);
      useTheme.setState({ canvasScale: s });
      root.style.setProperty('--present-scale', String(s));
    };
    rescale();
    const onFullscreen = () => {
      if (!document.fullscreenElement && ownFullscreen) exitPresentation();
    };
    window.addEventListener('resize', rescale);
    document.addEventListener('fullscreenchange', onFullscreen);
    return () => {
      window.removeEventListener('resize', rescale);
      document.removeEventListener('fullscreenchange', onFullscreen);
    };
  }, [present, count]);
}
