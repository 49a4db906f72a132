import { useEffect } from 'react';
import { useGpuStore } from '../state/gpu';
import { GpuStatusPanel } from '../views/GpuStatusPanel';
import { ErrorBoundary } from './ErrorBoundary';

export function App() {
  const initGpu = useGpuStore((s) => s.initGpu);
  useEffect(() => {
    void initGpu();
  }, [initGpu]);

  return (
    <div className="app">
      <header className="app-header">
        <h1>ODE Lens</h1>
        <p className="tagline">
          Train deep residual networks on your GPU and see whether they behave like discretized neural ODEs.
        </p>
      </header>
      <main>
        <ErrorBoundary>
          <GpuStatusPanel />
        </ErrorBoundary>
      </main>
      <footer className="app-footer">WebGPU · runs locally in your browser</footer>
    </div>
  );
}
