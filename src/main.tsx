import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { ErrorBoundary } from './app/ErrorBoundary';
import { bindStores } from './app/stores';
import { startAutosave } from './autosave/autosave';
import { startUrlSync } from './link/url-sync';
import { controller } from './run/controller';
import { sweepRunner } from './run/sweep-runner';
import { useExperiment } from './state/experiment';
import { useGpuStore } from './state/gpu';
import { useRun } from './state/run';
import { startTheme } from './state/theme';
import './app/theme.css';
import './app/app.css';

declare global {
  interface Window {
    /**
     * Debug/test handle: the stores and the run controller (e.g. `__odeLens.gpu().device?.destroy()` to test
     * device loss, `__odeLens.experiment.getState().load(config)` to load a config).
     */
    __odeLens?: {
      gpu: () => ReturnType<typeof useGpuStore.getState>;
      experiment: typeof useExperiment;
      run: typeof useRun;
      controller: typeof controller;
    };
  }
}

window.__odeLens = { gpu: () => useGpuStore.getState(), experiment: useExperiment, run: useRun, controller };

// the theme before the first render (the system's setting or the stored choice), so nothing flashes light
startTheme();
// the stores follow the run code's events (it knows no store)
bindStores(controller, sweepRunner);
// the link decides the experiment before the first run starts (the run waits for the WebGPU check anyway)
startUrlSync();
// weights, curves and sweep points survive a reload of the same link
startAutosave();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <ErrorBoundary>
      <App />
    </ErrorBoundary>
  </StrictMode>,
);
