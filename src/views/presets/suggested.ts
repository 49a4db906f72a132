// The preset card's line on how long to train (a preset's `steps` is the runner's default; 0: its figure is
// measured at the initial weights, by the sweep, so there is nothing to train).
export function suggestedTraining(steps: number): string {
  if (!(steps > 0))
    return 'No training needed: this figure is measured at the initial weights (run the sweep).';
  return `Suggested training: about ${steps.toLocaleString('en-US')} step${steps === 1 ? '' : 's'} (press play).`;
}
