// The caption's facts at the moment of an export: the step the plot shows (the last snapshot's, which the
// state views draw; the run's counter before the first one), the config and the page's link. Read from the
// stores when a file is made, so the Panel does not re-render on every step.
import { currentLink } from '../../link/url-sync';
import { useExperiment } from '../../state/experiment';
import { useRun } from '../../state/run';
import type { CaptionInfo } from './caption';

export function shownStep(): number {
  const run = useRun.getState();
  return run.snapshot?.step ?? run.step;
}

export function captionInfoNow(
  name: string,
  title: string,
  step: CaptionInfo['step'] = shownStep(),
  note?: string | null,
): CaptionInfo {
  return { name, title, step, config: useExperiment.getState().config, link: currentLink(), note };
}
