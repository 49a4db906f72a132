// What autosave tells the page: the experiment it restored (with the "start fresh" escape), when it last saved,
// and why it cannot save (no storage, quota, a network too large). Written by autosave.ts only.
import { create } from 'zustand';

export interface AutosaveStatus {
  /** The restored experiment's step and save time, until the user starts fresh or dismisses the note. */
  restored: { step: number; savedAt: number } | null;
  /** Last successful save (step and time). */
  saved: { key: string; step: number; at: number } | null;
  /** Why the experiment is not being saved (null while it is). */
  problem: string | null;
}

export const useAutosave = create<AutosaveStatus>()(() => ({ restored: null, saved: null, problem: null }));
