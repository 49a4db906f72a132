// The views, one module each (./<dir>/view.ts): the views state, its link schema (src/link/views-schema.ts), the
// views menu, the App's panels and what the run's snapshots carry all derive from this list. Adding a view is
// one module and one line here (and its component in src/app/view-components.ts, which the compiler asks for).
// The order is the order of the view options in links: keep it, or links copied before would change spelling.
import type { z } from 'zod';
import { mergeNeeds, type SnapshotData, type SnapshotNeeds } from '../run/snapshot';
import { compareView } from './compare/view';
import { curvesView } from './curves/view';
import { heatmapView } from './heatmaps/view';
import { memoryView } from './memory/view';
import { misclassifiedView } from './misclassified/view';
import { sweepView } from './sweeps/view';
import { trajectoriesView } from './trajectories/view';
import type { ErasedView } from './types';

export const VIEWS = [
  trajectoriesView,
  heatmapView,
  curvesView,
  sweepView,
  memoryView,
  misclassifiedView,
  compareView,
] as const;
const ALL: readonly ErasedView[] = VIEWS;

type AnyView = (typeof VIEWS)[number];
export type ViewId = AnyView['id'];
export const VIEW_IDS = VIEWS.map((v) => v.id) as [ViewId, ...ViewId[]];

type WithOptions = Extract<AnyView, { options: z.ZodObject }>;
type WithData = Extract<AnyView, { compute: (...a: never[]) => unknown }>;

/** The options of every view that has some, by id. */
export type ViewOptions = { [V in WithOptions as V['id']]: z.infer<V['options']> };

/** What defines what the user sees besides the experiment: the open views, their options, the speed. */
export type ViewsState = {
  /** Views shown, in order. */
  open: ViewId[];
} & ViewOptions & {
    /** Training speed multiplier (steps per frame scale). */
    speed: number;
    /**
     * The views shown large (at most two): presentation and embed mode show only these, the grid gives them a
     * whole row. Empty: the first open view.
     */
    large: ViewId[];
    /** Presentation mode: the large views only, fullscreen when allowed, text and lines scaled up. */
    present: boolean;
    /** Embed mode (for an iframe): the large views only, no header or settings, a small play/reset overlay. */
    embed: boolean;
  };

/** The layout keys of the views state (not a view's options). */
export type LayoutKey = 'open' | 'speed' | 'large' | 'present' | 'embed';

/** At most this many views are shown large. */
export const MAX_LARGE = 2;

/** The views a presentation or an embed shows: the chosen large ones that are open, else the first open one. */
export function shownLarge(views: Pick<ViewsState, 'open' | 'large'>): ViewId[] {
  const chosen = views.large.filter((id) => views.open.includes(id)).slice(0, MAX_LARGE);
  return chosen.length ? chosen : views.open.slice(0, 1);
}

/** Each view's data computed from the run's last snapshot, by id. */
export type ViewData = { [V in WithData as V['id']]: ReturnType<V['compute']> };

/** The views menu's order. */
export const MENU_ORDER: ViewId[] = [...VIEWS].sort((a, b) => a.menuOrder - b.menuOrder).map((v) => v.id);

/** `open` with `id` switched on or off, keeping the order of the views already open. */
export function toggleView(open: ViewId[], id: ViewId, on: boolean): ViewId[] {
  if (!on) return open.filter((v) => v !== id);
  if (open.includes(id)) return open;
  // right after the last open view that comes before it in the display order
  const rank = (v: ViewId) => MENU_ORDER.indexOf(v);
  const at = open.findLastIndex((v) => rank(v) < rank(id)) + 1;
  return [...open.slice(0, at), id, ...open.slice(at)];
}

export function defaultViews(): ViewsState {
  const out: Record<string, unknown> = { open: MENU_ORDER.filter((id) => viewDef(id).openByDefault) };
  for (const v of VIEWS) if (v.defaults) out[v.id] = v.defaults();
  out.speed = 1;
  // added after links and files were first written: at these defaults a link leaves them out (old links
  // decode as before) and a file without them opens with them (src/io/file-views.ts)
  out.large = [];
  out.present = false;
  out.embed = false;
  return out as ViewsState;
}

export function viewDef(id: ViewId): ErasedView {
  return ALL.find((v) => v.id === id)!;
}

/** The views on screen: the large ones in presentation and embed mode (the others are not drawn), else the open ones. */
export function shownViews(views: Pick<ViewsState, 'open' | 'large' | 'present' | 'embed'>): ViewId[] {
  return views.present || views.embed ? shownLarge(views) : views.open;
}

/**
 * What the run's snapshots must carry for the views on screen (shownViews): a closed view costs no read-out; one
 * opened gets a snapshot at once (src/app/wiring.ts refreshes a resting run, a playing run's next one carries it).
 */
export function snapshotNeeds(views: ViewsState): SnapshotNeeds {
  const opts = views as unknown as Record<string, unknown>;
  const shown = shownViews(views);
  return mergeNeeds(
    ALL.filter((v) => shown.includes(v.id as ViewId)).map((v) => v.needs?.(opts[v.id] as never) ?? {}),
  );
}

/** Every view's data for a snapshot (`prev`: the last snapshot's of the same run, null for a new run). */
export function computeViewData(s: SnapshotData, views: ViewsState, prev: ViewData | null): ViewData {
  const opts = views as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const v of ALL) {
    if (!v.compute) continue;
    out[v.id] = v.compute(
      s,
      opts[v.id] as never,
      ((prev as Record<string, unknown> | null)?.[v.id] ?? null) as never,
    );
  }
  return out as ViewData;
}
