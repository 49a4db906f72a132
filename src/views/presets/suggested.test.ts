import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../presets/presets';
import { suggestedTraining } from './suggested';

describe("the preset card's training hint", () => {
  it('says the step count when there is training to do', () => {
    expect(suggestedTraining(1500)).toBe('Suggested training: about 1,500 steps (press play).');
    expect(suggestedTraining(1)).toBe('Suggested training: about 1 step (press play).');
  });
  it('never says "about 0 steps" (Fig. 3(c) and the other sweep-at-initialisation presets)', () => {
    expect(suggestedTraining(0)).toMatch(/^No training needed/);
    for (const p of PRESETS) expect(suggestedTraining(p.steps), p.id).not.toMatch(/about 0 steps/);
    expect(PRESETS.find((p) => p.id === 'sander-fig3c-gradient-error')?.steps).toBe(0);
  });
});
