// Which preset is open (its explanation stays visible until the experiment is changed by hand or reloaded).
import { create } from 'zustand';

export const usePresets = create<{ active: string | null; galleryOpen: boolean }>()(() => ({
  active: null,
  galleryOpen: false,
}));
