// What the last opened link said: fields that were rejected (and why), and its format version.
import { create } from 'zustand';
import type { Rejected } from '../link/codec';

export interface LinkStore {
  rejected: Rejected[];
  /** Format version the link was written in (older ones were migrated). */
  version: number | null;
  dismissed: boolean;
  dismiss: () => void;
}

export const useLink = create<LinkStore>()((set) => ({
  rejected: [],
  version: null,
  dismissed: false,
  dismiss: () => set({ dismissed: true }),
}));
