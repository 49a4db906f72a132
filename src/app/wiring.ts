// Connects the experiment store to the run controller: the first run starts once the WebGPU check has settled
// (so the controller can pick WebGPU or the CPU), and every later change of the config's value goes to the
// controller, which decides: a config equal to the running one keeps the run (Back to it, an imported
// experiment already loaded with its weights), another is built; one that cannot be built is reported (the run
// store) and stays in the experiment store, as asked. A new object with the same value (a link of the same
// experiment) is not a change. The views on screen and their options say what the run's snapshots carry (a
// change reads a new snapshot at once when the run rests; a playing run's next one carries it) and how fast it
// trains. A
// lost GPU device is passed on at once, so the run bar does not offer Play on a run that cannot train.
import { same } from '../core/same';
import type { RunController } from '../run/controller';
import type { SnapshotNeeds } from '../run/snapshot';
import { useExperiment } from '../state/experiment';
import { useGpuStore } from '../state/gpu';
import { snapshotNeeds } from '../views/registry';

export function gpuSettled(state: string): boolean {
  return state !== 'idle' && state !== 'checking';
}

/** Start wiring; returns the function that undoes it. */
export function startRunWiring(
  controller: Pick<RunController, 'load' | 'engineLost'> &
    Partial<Pick<RunController, 'setNeeds' | 'setSpeed' | 'refresh' | 'phase'>>,
): () => void {
  let started = false;
  let needs: SnapshotNeeds | null = null;

  const tryStart = () => {
    if (started || !gpuSettled(useGpuStore.getState().state)) return;
    started = true;
    void controller.load(useExperiment.getState().config);
  };

  const passViews = () => {
    const views = useExperiment.getState().views;
    const next = snapshotNeeds(views);
    const changed = needs !== null && !same(next, needs);
    needs = next;
    controller.setNeeds?.(next);
    controller.setSpeed?.(views.speed);
    // a view opened (or an option that changes what it reads) on a resting run: its data now, not at the next step
    const p = controller.phase;
    if (changed && (p === 'paused' || p === 'finished' || p === 'diverged')) void controller.refresh?.();
  };
  passViews();

  const unsubGpu = useGpuStore.subscribe((s, prev) => {
    if (s.state === 'lost' && prev.state !== 'lost') controller.engineLost();
    tryStart();
  });
  const unsubConfig = useExperiment.subscribe((s, prev) => {
    if (s.views !== prev.views) passViews();
    if (!started || same(s.config, prev.config)) return;
    void controller.load(s.config);
  });
  tryStart();

  return () => {
    unsubGpu();
    unsubConfig();
  };
}
