// The page's stores subscribe to the run code (which knows no store): the run store to the controller's events,
// the sweep store to the sweep runner's, and the run code reads the WebGPU state through a getter given here.
import { PIN_NEEDS } from '../compare/pin';
import type { RunController } from '../run/controller';
import { provideGpu } from '../run/gpu-source';
import { useExperiment } from '../state/experiment';
import { useGpuStore } from '../state/gpu';
import { setPinReader } from '../state/pins';
import { connectRun } from '../state/run';
import { connectSweep } from '../state/sweep';
import { gridValues } from '../views/trajectories/grid';

export function bindStores(
  controller: Parameters<typeof connectRun>[0] & Pick<RunController, 'readSnapshot'>,
  sweepRunner: Parameters<typeof connectSweep>[0],
): () => void {
  provideGpu(() => useGpuStore.getState());
  const stopRun = connectRun(controller, () => useExperiment.getState().views);
  const stopSweep = connectSweep(sweepRunner);
  // a pin taken while the views that read its parts were closed reads them (src/state/pins.ts)
  setPinReader(async () => {
    const s = await controller.readSnapshot({ ...PIN_NEEDS });
    return s && { ...s, views: { trajectories: s.grid ? gridValues(s.grid, s) : null } };
  });
  return () => {
    stopRun();
    stopSweep();
    setPinReader(null);
  };
}
