// Embed mode's only controls, over the views: play/reset and a link to the same experiment as a full page.
import { fullPageUrl } from '../link/embed';
import { useExperiment } from '../state/experiment';
import { RunButtons } from '../views/run/RunButtons';

export function EmbedOverlay() {
  const config = useExperiment((s) => s.config);
  const views = useExperiment((s) => s.views);
  const base = `${window.location.origin}${window.location.pathname}`;
  return (
    <div className="embed-overlay" data-testid="embed-overlay">
      <RunButtons only={['play', 'reset']} testIdPrefix="embed" className="embed-buttons" />
      <a
        className="embed-open"
        href={fullPageUrl(base, config, views)}
        target="_blank"
        rel="noopener"
        data-testid="embed-open"
      >
        open in ODE Lens ↗
      </a>
    </div>
  );
}
