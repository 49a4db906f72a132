// Which preset is open: its explanation stays visible, with what was changed from it, until it is closed, another
// experiment is loaded (a file, your own data) or the page goes to a link without it. The link names it
// (`preset=<id>`, src/link/url-sync.ts), so a copied link keeps the story.
import { create } from 'zustand';
import { type Preset, presetConfig } from '../presets/presets';
import { useExperiment, type ViewsState } from './experiment';

export const usePresets = create<{ active: string | null; galleryOpen: boolean }>()(() => ({
  active: null,
  galleryOpen: false,
}));

/** Open a preset: its experiment and views (`withViews` may change them, e.g. open one more), and its explanation. */
export function openPreset(p: Preset, withViews: (v: ViewsState) => ViewsState = (v) => v): void {
  const { config, views } = presetConfig(p);
  // the experiment first (a new history entry), then the preset (named in that entry, not in the one before)
  useExperiment.getState().load(config, withViews(views));
  usePresets.setState({ active: p.id, galleryOpen: false });
}
