// Which views are shown: toggles in the registry's menu order, written to views.open (links carry it).
import { useExperiment } from '../state/experiment';
import { MENU_ORDER as ORDER, toggleView, viewDef } from '../views/registry';
import './views-menu.css';

export { toggleView };

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
