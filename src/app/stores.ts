// The page's stores subscribe to the run code (which knows no store): the run store to the controller's events,
// the sweep store to the sweep runner's, and the run code reads the WebGPU state through a getter given here.
import { provideGpu } from '../run/gpu-source';
import { useExperiment } from '../state/experiment';
import { useGpuStore } from '../state/gpu';
import { connectRun } from '../state/run';
import { connectSweep } from '../state/sweep';

export function bindStores(
  controller: Parameters<typeof connectRun>[0],
  sweepRunner: Parameters<typeof connectSweep>[0],
): () => void {
  provideGpu(() => useGpuStore.getState());
  const stopRun = connectRun(controller, () => useExperiment.getState().views);
  const stopSweep = connectSweep(sweepRunner);
  return () => {
    stopRun();
    stopSweep();
  };
}
