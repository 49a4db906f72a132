// Placeholder until the view lands (owned by the view's author); App.tsx already places it.
import { Panel } from '../common/Panel';

export function HeatmapsView() {
  return (
    <Panel id="heatmap" title="Weights over depth">
      <p className="muted">This view is being built.</p>
    </Panel>
  );
}
