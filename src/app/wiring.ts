// Connects the experiment store to the run controller: the first run starts once the WebGPU check has settled
// (so the controller can pick WebGPU or the CPU), and every later change of the config's value goes to the
// controller, which decides: a config equal to the running one keeps the run (Back to it, the running config
// put back after a rejected one, an imported experiment already loaded with its weights), another is built.
// A new object with the same value (a link of the same experiment) is not a change. A lost GPU device is
// passed on at once, so the run bar does not offer Play on a run that cannot train.
import type { RunController } from '../run/controller';
import { useExperiment } from '../state/experiment';
import { useGpuStore } from '../state/gpu';
import { same } from '../state/same';

export function gpuSettled(state: string): boolean {
  return state !== 'idle' && state !== 'checking';
}

/** Start wiring; returns the function that undoes it. */
export function startRunWiring(controller: Pick<RunController, 'load' | 'engineLost'>): () => void {
  let started = false;

  const tryStart = () => {
    if (started || !gpuSettled(useGpuStore.getState().state)) return;
    started = true;
    void controller.load(useExperiment.getState().config);
  };

  const unsubGpu = useGpuStore.subscribe((s, prev) => {
    if (s.state === 'lost' && prev.state !== 'lost') controller.engineLost();
    tryStart();
  });
  const unsubConfig = useExperiment.subscribe((s, prev) => {
    if (!started || s.config === prev.config || same(s.config, prev.config)) return;
    void controller.load(s.config);
  });
  tryStart();

  return () => {
    unsubGpu();
    unsubConfig();
  };
}
