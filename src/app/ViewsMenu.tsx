// Which views are shown: toggles in the registry's menu order, written to views.open (links carry it).
import { useExperiment } from '../state/experiment';
import { MENU_ORDER as ORDER, type ViewId, viewDef } from '../views/registry';
import './views-menu.css';

/** `open` with `id` switched on or off, keeping the order of the views already open. */
export function toggleView(open: ViewId[], id: ViewId, on: boolean): ViewId[] {
  if (!on) return open.filter((v) => v !== id);
  if (open.includes(id)) return open;
  // right after the last open view that comes before it in the display order
  const rank = (v: ViewId) => ORDER.indexOf(v);
  const at = open.findLastIndex((v) => rank(v) < rank(id)) + 1;
  return [...open.slice(0, at), id, ...open.slice(at)];
}

export function ViewsMenu() {
  const open = useExperiment((s) => s.views.open);
  const setOpenViews = useExperiment((s) => s.setOpenViews);
  return (
    <fieldset className="views-menu" data-testid="views-menu">
      <legend>Views</legend>
      {ORDER.map((id) => (
        <label key={id} className="toggle">
          <input
            type="checkbox"
            checked={open.includes(id)}
            onChange={(e) => setOpenViews(toggleView(open, id, e.target.checked))}
            data-testid={`view-toggle-${id}`}
          />
          {viewDef(id).title}
        </label>
      ))}
    </fieldset>
  );
}
