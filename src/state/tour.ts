// The guided tour: whether it is open and at which step (the steps are src/views/tour/steps.ts). Started from the
// welcome card, the help overlay or a link's `tour=1`; finishing or skipping it is remembered, so the first-visit
// offer does not come back.
import { create } from 'zustand';

const SEEN_KEY = 'odeLens.tourSeen';

export interface TourStore {
  open: boolean;
  step: number;
  start: () => void;
  /** Go to a step (clamped by the tour, which knows how many there are). */
  go: (step: number) => void;
  close: () => void;
}

export const useTour = create<TourStore>()((set) => ({
  open: false,
  step: 0,
  start: () => set({ open: true, step: 0 }),
  go: (step) => set({ step: Math.max(0, step) }),
  close: () => {
    set({ open: false, step: 0 });
    try {
      localStorage.setItem(SEEN_KEY, '1');
    } catch {
      // storage blocked: offered again next visit, which is harmless
    }
  },
}));

/** Whether this browser has taken (or skipped) the tour before. */
export function tourSeen(): boolean {
  try {
    return localStorage.getItem(SEEN_KEY) === '1';
  } catch {
    return false;
  }
}
