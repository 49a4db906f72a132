import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PRESETS, presetConfig } from '../../presets/presets';
import { useExperiment } from '../../state/experiment';
import { usePins } from '../../state/pins';
import { usePresets } from '../../state/presets';
import { useRun } from '../../state/run';
import { pairPartner, pinAndOpenPartner } from './pair';

const g = globalThis as { localStorage?: unknown };
const byId = (id: string) => PRESETS.find((p) => p.id === id)!;

beforeEach(() => {
  const items = new Map<string, string>();
  g.localStorage = {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  };
  usePins.setState({ pins: [], message: null });
  usePresets.setState({ active: 'sander-fig1-square', galleryOpen: false });
  const left = presetConfig(byId('sander-fig1-square'));
  useExperiment.getState().load(left.config, left.views);
  useRun.setState({
    step: 30,
    loss: 0.01,
    losses: [{ step: 30, loss: 0.01, acc: Number.NaN }],
    evals: [{ step: 30, trainLoss: 0.01, testLoss: 0.02, trainAcc: Number.NaN, testAcc: Number.NaN }],
    gradErrors: [],
    snapshot: null,
    notice: null,
  });
});
afterEach(() => {
  delete g.localStorage;
});

describe('presets that open as a pair', () => {
  it('name existing presets, each other, and not themselves', () => {
    const paired = PRESETS.filter((p) => p.pairWith);
    expect(paired.map((p) => p.id).sort()).toEqual(['sander-fig1-neg-square', 'sander-fig1-square']);
    for (const p of paired) {
      const q = pairPartner(p);
      expect(q, p.id).not.toBeNull();
      expect(q!.id).not.toBe(p.id);
      expect(pairPartner(q!)?.id).toBe(p.id);
    }
  });

  it('pin the trained run under its title and open the partner with the Compare view', () => {
    expect(pinAndOpenPartner(byId('sander-fig1-square'))).toBeNull();
    const [pin] = usePins.getState().pins;
    expect(pin.label).toBe(byId('sander-fig1-square').title);
    expect(pin.config.data.kind).toBe('square');
    expect(pin.final.step).toBe(30);
    const { config, views } = useExperiment.getState();
    expect(config).toEqual(presetConfig(byId('sander-fig1-neg-square')).config);
    expect(views.open).toContain('compare');
    expect(views.open).toEqual(
      expect.arrayContaining(presetConfig(byId('sander-fig1-neg-square')).views.open),
    );
    expect(usePresets.getState().active).toBe('sander-fig1-neg-square');
  });

  it('change nothing and say why when the run has not trained', () => {
    useRun.setState({ step: 0, evals: [], losses: [] });
    const before = useExperiment.getState().config;
    const why = pinAndOpenPartner(byId('sander-fig1-square'));
    expect(why).toMatch(/Nothing to pin yet/);
    expect(usePins.getState().pins).toHaveLength(0);
    expect(useExperiment.getState().config).toBe(before);
    expect(usePresets.getState().active).toBe('sander-fig1-square');
    expect(useRun.getState().notice?.text).toMatch(/Could not pin this run: .*Nothing was changed\./);
  });

  it('refuse a preset without a partner', () => {
    const lone = PRESETS.find((p) => !p.pairWith)!;
    expect(pinAndOpenPartner(lone)).toMatch(/has no partner/);
    expect(usePins.getState().pins).toHaveLength(0);
  });
});
