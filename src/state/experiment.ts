// What defines what the user sees, as plain serialisable data: the experiment config and the views with their
// options. Links encode exactly this store. Editing a field validates the whole config: a valid edit is
// applied (and the run restarts), an invalid one is kept as a draft with its message and the config stays.
import { create } from 'zustand';
import {
  defaultConfig,
  type ExperimentConfig,
  type FieldError,
  parseConfig,
  type Scheme,
} from '../core/config';
import type { SweepMetricId } from '../sweep/metrics';

export const VIEW_IDS = ['trajectories', 'heatmap', 'curves', 'sweep', 'memory'] as const;
export type ViewId = (typeof VIEW_IDS)[number];

export type SweepMetric = SweepMetricId;

export interface ViewsState {
  /** Views shown, in order. */
  open: ViewId[];
  trajectories: {
    /** Overlay the neural-ODE solution of the interpolated weights. */
    showOde: boolean;
    /** Highlight pairs of trajectories that cross (an ODE flow cannot). */
    highlightCrossings: boolean;
    /** Animate particles flowing through depth. */
    particles: boolean;
    /** Decision regions behind the phase plane (2-D classification). */
    regions: boolean;
    /** Number of inputs in the fan. */
    fan: number;
  };
  heatmap: {
    /** Depth × weight entries: every entry, or per-neuron norms (MLP). */
    mode: 'entries' | 'norms';
    /** Depth × training step: which per-layer quantity. */
    timeMetric: 'norm' | 'increment' | 'entry';
    /** Index of the weight entry followed over training when timeMetric = 'entry'. */
    entry: number;
  };
  curves: {
    logScale: boolean;
    showTest: boolean;
    showAccuracy: boolean;
    showGradError: boolean;
  };
  sweep: {
    kind: 'depth' | 'widthDepth';
    metric: SweepMetric;
    /** Depths N of a depth sweep. */
    depths: number[];
    /** Widths M of a depth × width sweep (mean-ODE scaling). */
    widths: number[];
    /** Training steps before measuring (0 = at initialisation). */
    trainSteps: number;
    /** Where the sweep runs: GPU (float32) or the float64 CPU engine. */
    precision: 'gpu' | 'cpu';
    /** The schemes a comparison sweep runs, one series each (metrics that compare schemes only). */
    schemes: Scheme[];
  };
  /** Training speed multiplier (steps per frame scale). */
  speed: number;
}

export function defaultViews(): ViewsState {
  return {
    open: ['trajectories', 'curves', 'heatmap', 'memory'],
    trajectories: { showOde: true, highlightCrossings: true, particles: true, regions: true, fan: 24 },
    heatmap: { mode: 'entries', timeMetric: 'increment', entry: 0 },
    curves: { logScale: true, showTest: true, showAccuracy: true, showGradError: true },
    sweep: {
      kind: 'depth',
      metric: 'gradError',
      depths: [4, 8, 16, 32, 64, 128, 256],
      widths: [4, 16, 64],
      trainSteps: 0,
      precision: 'gpu',
      schemes: ['euler', 'heun'],
    },
    speed: 1,
  };
}

export interface ExperimentStore {
  config: ExperimentConfig;
  /**
   * Where the config came from: the user (an edit, a link, a preset, a file) or 'restore' (the run controller
   * put back the running config after rejecting one). A restore is not a new history entry.
   */
  configSource: 'user' | 'restore';
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
  /** Put back the config that runs, after the controller rejected the one asked for. */
  restore: (config: ExperimentConfig) => void;
  /** Shallow-merge options into one view's state. */
  setView: <K extends Exclude<keyof ViewsState, 'open' | 'speed'>>(
    key: K,
    patch: Partial<ViewsState[K]>,
  ) => void;
  setOpenViews: (open: ViewId[]) => void;
  setSpeed: (speed: number) => void;
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
  configSource: 'user',
  drafts: {},
  fieldErrors: {},
  views: defaultViews(),

  setField: (path, value) => {
    const { config, drafts } = get();
    const r = parseConfig(setPath(config, path, value));
    if (r.ok) {
      set({ config: r.config, configSource: 'user', drafts: {}, fieldErrors: {} });
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
      set({ config: r.config, configSource: 'user', drafts: {}, fieldErrors: {} });
      return true;
    }
    set({ drafts: { ...drafts, ...edits }, fieldErrors: errorsByField(r.errors) });
    return false;
  },

  load: (config, views) =>
    set({ config, configSource: 'user', views: views ?? get().views, drafts: {}, fieldErrors: {} }),
  restore: (config) => set({ config, configSource: 'restore', drafts: {}, fieldErrors: {} }),

  setView: (key, patch) => set({ views: { ...get().views, [key]: { ...get().views[key], ...patch } } }),
  setOpenViews: (open) => set({ views: { ...get().views, open } }),
  setSpeed: (speed) => set({ views: { ...get().views, speed: Math.min(16, Math.max(0.25, speed)) } }),
  clearDrafts: () => set({ drafts: {}, fieldErrors: {} }),
}));
