// Connects the experiment store to the run controller: the first run starts once the WebGPU check has settled
// (so the controller can pick WebGPU or the CPU), and every later config change rebuilds the run. When the
// controller rejects a config it puts the previous one back into the store; that restore is not a new
// experiment, so it must not restart the run; neither is a config the controller was given directly (an imported
// experiment, which starts from its own weights). The live run also pauses when it reaches the step budget.
import type { ExperimentConfig } from '../core/config';
import type { RunController } from '../run/controller';
import { useExperiment } from '../state/experiment';
import { useGpuStore } from '../state/gpu';
import { useRun } from '../state/run';

export function gpuSettled(state: string): boolean {
  return state !== 'idle' && state !== 'checking';
}

/** Start wiring; returns the function that undoes it. */
export function startRunWiring(
  controller: Pick<RunController, 'load' | 'pause' | 'isPlaying' | 'currentConfig'>,
): () => void {
  let started = false;
  /** The config the controller runs (after a successful load), and the last one asked for. */
  let running: ExperimentConfig | null = null;
  let requested: ExperimentConfig | null = null;

  const load = (config: ExperimentConfig) => {
    requested = config;
    void controller.load(config).then((ok) => {
      if (ok) running = config;
    });
  };

  const tryStart = () => {
    if (started || !gpuSettled(useGpuStore.getState().state)) return;
    started = true;
    load(useExperiment.getState().config);
  };

  const unsubGpu = useGpuStore.subscribe(tryStart);
  const unsubConfig = useExperiment.subscribe((s, prev) => {
    if (!started || s.config === prev.config) return;
    // the controller restored the config it runs (or nothing changed): no new run
    if (s.config === running || s.config === requested) return;
    // loaded straight into the controller (an imported experiment with its weights): already running
    if (s.config === controller.currentConfig) return;
    load(s.config);
  });
  const unsubBudget = useRun.subscribe((s, prev) => {
    const budget = useExperiment.getState().config.train.steps;
    if (budget > 0 && prev.step < budget && s.step >= budget && controller.isPlaying) controller.pause();
  });
  tryStart();

  return () => {
    unsubGpu();
    unsubConfig();
    unsubBudget();
  };
}
