// The page: header (name, tagline, WebGPU chip, help, run bar), settings sidebar, and the open views in a
// responsive grid. Starts the WebGPU check and wires the experiment store to the run controller.
// Two other layouts (views.present, views.embed): presentation mode shows the large views only, with a slim bar
// of run buttons; embed mode (for an iframe) shows them with no chrome and a small play/reset overlay.
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { controller } from '../run/controller';
import { useExperiment } from '../state/experiment';
import { useGpuStore } from '../state/gpu';
import { usePresets } from '../state/presets';
import { useRun } from '../state/run';
import { ControlsPanel } from '../views/controls/ControlsPanel';
import { GpuNotice, GpuStatusChip } from '../views/GpuStatusPanel';
import { HelpOverlay } from '../views/help/HelpOverlay';
import { WelcomeCard } from '../views/help/WelcomeCard';
import { AutosaveNote } from '../views/io/AutosaveNote';
import { ExperimentFileButtons } from '../views/io/ExperimentFileButtons';
import { CopyLinkButton, EmbedButton, LinkNotice } from '../views/link/LinkControls';
import { PresetGallery, PresetInfo, PresetsButton } from '../views/presets/PresetGallery';
import { RunBar } from '../views/RunBar';
import { shownLarge, type ViewId } from '../views/registry';
import { resetRun, stepOnce, togglePlay } from '../views/run/actions';
import { runActions } from '../views/run/runbar';
import { Tour } from '../views/tour/Tour';
import { EmbedOverlay } from './EmbedOverlay';
import { ErrorBoundary } from './ErrorBoundary';
import { NoticeBanner } from './NoticeBanner';
import { PresentBar } from './PresentBar';
import { exitPresentation, togglePresentation, usePresentation } from './presentation';
import { useShortcuts } from './useShortcuts';
import { ViewsMenu } from './ViewsMenu';
import { VIEW_COMPONENTS } from './view-components';
import { startRunWiring } from './wiring';
import './present.css';

export function App() {
  const initGpu = useGpuStore((s) => s.initGpu);
  const open = useExperiment((s) => s.views.open);
  const large = useExperiment((s) => s.views.large);
  const embed = useExperiment((s) => s.views.embed);
  const present = useExperiment((s) => s.views.present) && !embed;
  const shown = useMemo(() => shownLarge({ open, large }), [open, large]);
  const [helpOpen, setHelpOpen] = useState(false);
  usePresentation(present, shown.length);

  useEffect(() => {
    void initGpu();
  }, [initGpu]);
  useEffect(() => startRunWiring(controller), []);

  useShortcuts(
    {
      toggle: togglePlay,
      step: () => void stepOnce(),
      reset: resetRun,
      help: () => setHelpOpen(true),
      present: togglePresentation,
      close: exitPresentation,
    },
    (s) => {
      // an open dialog handles its own keys (Escape closes it natively)
      if (helpOpen || usePresets.getState().galleryOpen) return false;
      const can = runActions(useRun.getState().machine);
      if (s === 'toggle') return can.play;
      if (s === 'step') return can.step;
      if (s === 'reset') return can.reset;
      // Escape leaves presentation mode (in fullscreen the browser takes it, and leaving fullscreen does)
      if (s === 'close') return present;
      if (s === 'present') return !embed;
      return s === 'help';
    },
  );

  const viewCell = (id: ViewId, className = '') => {
    const View = VIEW_COMPONENTS[id];
    return (
      <div key={id} className={`view view-${id} ${className}`} data-view={id}>
        <ErrorBoundary>
          <View />
        </ErrorBoundary>
      </div>
    );
  };
  const largeGrid = (children: ReactNode) => (
    <main className="present-grid" aria-label="Views" data-count={shown.length} data-testid="present-grid">
      {children}
    </main>
  );

  if (embed)
    return (
      <div className="app embedded" data-testid="app-embed">
        {largeGrid(shown.map((id) => viewCell(id)))}
        <EmbedOverlay />
      </div>
    );

  if (present)
    return (
      <div className="app presenting" data-testid="app-present">
        <PresentBar shown={shown} />
        <GpuNotice />
        {largeGrid(shown.map((id) => viewCell(id)))}
        <HelpOverlay open={helpOpen} onClose={() => setHelpOpen(false)} />
      </div>
    );

  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <h1>ODE Lens</h1>
          <p className="tagline">
            Train deep residual networks on your GPU and see whether they behave like discretized neural ODEs.
          </p>
        </div>
        <div className="header-tools">
          <PresetsButton />
          <CopyLinkButton />
          <EmbedButton />
          <ExperimentFileButtons />
          <GpuStatusChip />
          <button
            type="button"
            onClick={togglePresentation}
            aria-keyshortcuts="P"
            title="Presentation mode: the chosen views large, fullscreen, for a projector (P)"
            data-testid="present-button"
          >
            Present
          </button>
          <button
            type="button"
            className="help-button"
            onClick={() => setHelpOpen(true)}
            aria-keyshortcuts="?"
            title="Help and keyboard shortcuts (?)"
            data-testid="help-button"
          >
            ?
          </button>
        </div>
        <RunBar />
      </header>
      <div className="app-body">
        <ErrorBoundary>
          <ControlsPanel />
        </ErrorBoundary>
        <main className="views" aria-label="Views">
          <GpuNotice />
          <LinkNotice />
          <NoticeBanner />
          <AutosaveNote />
          <PresetInfo />
          <WelcomeCard />
          <ViewsMenu />
          <div className="view-grid">
            {open.map((id) => viewCell(id, large.includes(id) ? 'view-large' : ''))}
          </div>
          <footer className="app-footer">
            Runs locally in your browser · WebGPU (float32), WebAssembly SIMD (float32) or the CPU (float64) ·
            Sander, Ablin &amp; Peyré (2022), Marion et al. (2024)
          </footer>
        </main>
      </div>
      <HelpOverlay open={helpOpen} onClose={() => setHelpOpen(false)} />
      <PresetGallery />
      <Tour />
    </div>
  );
}
