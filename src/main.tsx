import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { ErrorBoundary } from './app/ErrorBoundary';
import { useGpuStore } from './state/gpu';
import './app/app.css';

declare global {
  interface Window {
    /** Debug/test handle: read the GPU store (e.g. `__odeLens.gpu().device?.destroy()` to test device loss). */
    __odeLens?: { gpu: () => ReturnType<typeof useGpuStore.getState> };
  }
}

window.__odeLens = { gpu: () => useGpuStore.getState() };

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <ErrorBoundary>
      <App />
    </ErrorBoundary>
  </StrictMode>,
);
