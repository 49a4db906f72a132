// The run bar's and the keyboard's actions on the controller. A single step is awaited and the buttons wait
// for it, so a held → key does not queue steps faster than they publish (the controller's state machine keeps
// play, pause and steps consistent whatever their order).
import { create } from 'zustand';
import { controller } from '../../run/controller';
import { useExperiment } from '../../state/experiment';
import { useRun } from '../../state/run';

export const useStepping = create<{ stepping: boolean }>(() => ({ stepping: false }));

const busy = () => useStepping.getState().stepping;

export function togglePlay(): void {
  if (!busy()) controller.toggle();
}

export async function stepOnce(): Promise<void> {
  if (busy()) return;
  useStepping.setState({ stepping: true });
  try {
    await controller.stepOnce();
  } finally {
    useStepping.setState({ stepping: false });
  }
}

/** Start again from the initialisation; the drafts of rejected edits go (they are not part of the run). */
export function resetRun(): void {
  if (busy()) return;
  useExperiment.getState().clearDrafts();
  void controller.reset();
}

/**
 * After the GPU device was lost: go on with the same experiment on the CPU engine (in a worker), from the last
 * state the page read (weights, optimizer moments and step, read together; else the last snapshot's weights
 * with fresh moments), keeping the curves up to that step.
 */
export async function continueOnCpu(): Promise<boolean> {
  const { snapshot, losses, evals, gradErrors } = useRun.getState();
  const config = controller.currentConfig ?? useExperiment.getState().config;
  const held = controller.heldState;
  const residual = snapshot?.weights.residual;
  const from = held
    ? { weights: held.weights, step: held.step, opt: held.opt }
    : snapshot && residual
      ? { weights: { ...snapshot.weights, residual }, step: snapshot.step }
      : undefined;
  const step = from?.step ?? 0;
  const ok = await controller.load(config, from);
  if (!ok) return false;
  useRun.setState({
    losses: losses.filter((p) => p.step <= step),
    evals: evals.filter((p) => p.step <= step),
    gradErrors: gradErrors.filter((p) => p.step <= step),
    notice: null, // the WebGPU note says it (GpuNotice)
  });
  return true;
}
