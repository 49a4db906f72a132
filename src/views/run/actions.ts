// The run bar's and the keyboard's actions on the controller. A single step is awaited and the buttons wait
// for it: a play or reset pressed while the step is still publishing would race with it (the step ends by
// marking the run paused, even if play was pressed meanwhile).
import { create } from 'zustand';
import { controller } from '../../run/controller';

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

export function resetRun(): void {
  if (!busy()) void controller.reset();
}
