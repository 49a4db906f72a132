// What defines what the user sees, as plain serialisable data: the experiment config and the views with their
// options. Links encode exactly this store. Editing a field validates the whole config: a valid edit is
// applied (and the run restarts), an invalid one is kept as a draft with its message and the config stays.
import { create } from 'zustand';
import { defaultConfig, type ExperimentConfig, type FieldError, parseConfig } from '../core/config';
import { defaultViews, type LayoutKey, type ViewId, type ViewsState } from '../views/registry';
import { viewsForDataChange } from './data-views';

// the views' state is declared by the views themselves (src/views/registry.ts)
export { defaultViews, VIEW_IDS, type ViewId, type ViewsState } from '../views/registry';
export type { SweepMetric } from '../views/sweeps/view';

export interface ExperimentStore {
  config: ExperimentConfig;
  /** Raw values of fields whose last edit was rejected (dotted path → value). */
  drafts: Record<string, unknown>;
  /** Messages for the rejected edit, by dotted field path. */
  fieldErrors: Record<string, string>;
  views: ViewsState;
  /** Set one config field (dotted path); returns whether the config changed. */
  setField: (path: string, value: unknown) => boolean;
  /**
   * Set several fields at once (dotted path → value), validated together; returns whether the config changed.
   * The controls commit an edit together with the pending drafts, so a change that needs a companion change
   * elsewhere (e.g. a regression dataset and the 'mse' loss) applies as soon as both are in.
   */
  setFields: (edits: Record<string, unknown>) => boolean;
  /** Replace the config (and optionally the views), e.g. from a link or a preset. */
  load: (config: ExperimentConfig, views?: ViewsState) => void;
  /** Shallow-merge options into one view's state. */
  setView: <K extends Exclude<keyof ViewsState, LayoutKey>>(key: K, patch: Partial<ViewsState[K]>) => void;
  setOpenViews: (open: ViewId[]) => void;
  setSpeed: (speed: number) => void;
  /** Set layout flags of the views state (large views, presentation, embed). */
  setLayout: (patch: Partial<Pick<ViewsState, 'large' | 'present' | 'embed'>>) => void;
  /** Drop drafts and errors (e.g. after a reset). */
  clearDrafts: () => void;
}

/** Value at a dotted path. */
export function getPath(o: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((acc, k) => (acc as Record<string, unknown> | undefined)?.[k], o);
}

/** A copy of `o` with the value at a dotted path replaced. */
export function setPath<T>(o: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split('.');
  const obj = o as Record<string, unknown>;
  return { ...obj, [head]: rest.length ? setPath(obj[head], rest.join('.'), value) : value } as T;
}

function errorsByField(errors: FieldError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) out[e.field] = out[e.field] ? `${out[e.field]}; ${e.message}` : e.message;
  return out;
}

export const useExperiment = create<ExperimentStore>()((set, get) => ({
  config: defaultConfig(),
  drafts: {},
  fieldErrors: {},
  views: defaultViews(),

  setField: (path, value) => {
    const { config, drafts } = get();
    const r = parseConfig(setPath(config, path, value));
    if (r.ok) {
      set({
        config: r.config,
        views: viewsForDataChange(config, r.config, get().views),
        drafts: {},
        fieldErrors: {},
      });
      return true;
    }
    set({ drafts: { ...drafts, [path]: value }, fieldErrors: errorsByField(r.errors) });
    return false;
  },

  setFields: (edits) => {
    const { config, drafts } = get();
    let next = config;
    for (const [path, value] of Object.entries(edits)) next = setPath(next, path, value);
    const r = parseConfig(next);
    if (r.ok) {
      set({
        config: r.config,
        views: viewsForDataChange(config, r.config, get().views),
        drafts: {},
        fieldErrors: {},
      });
      return true;
    }
    set({ drafts: { ...drafts, ...edits }, fieldErrors: errorsByField(r.errors) });
    return false;
  },

  load: (config, views) => set({ config, views: views ?? get().views, drafts: {}, fieldErrors: {} }),

  setView: (key, patch) => set({ views: { ...get().views, [key]: { ...get().views[key], ...patch } } }),
  setOpenViews: (open) => set({ views: { ...get().views, open } }),
  setSpeed: (speed) => set({ views: { ...get().views, speed: Math.min(16, Math.max(0.25, speed)) } }),
  setLayout: (patch) => set({ views: { ...get().views, ...patch } }),
  clearDrafts: () => set({ drafts: {}, fieldErrors: {} }),
}));
