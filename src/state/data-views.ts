// Views a data kind brings with it: choosing the kind opens them, once, at the change of kind (closing one
// afterwards keeps it closed; later edits of the same kind do not reopen it). Loading a link or a preset does not
// go through here, so their views are exactly the ones they carry.
import type { ExperimentConfig } from '../core/config';
import { toggleView, type ViewId, type ViewsState } from '../views/registry';

const OPENS_WITH: Partial<Record<ExperimentConfig['data']['kind'], ViewId[]>> = {
  // what the network gets wrong is the first question on real images
  'fashion-mnist': ['misclassified'],
};

/** `views` after the config went from `prev` to `next`: the new kind's views opened (same object if nothing changes). */
export function viewsForDataChange(
  prev: ExperimentConfig,
  next: ExperimentConfig,
  views: ViewsState,
): ViewsState {
  if (prev.data.kind === next.data.kind) return views;
  let open = views.open;
  for (const id of OPENS_WITH[next.data.kind] ?? []) open = toggleView(open, id, true);
  return open === views.open ? views : { ...views, open };
}
