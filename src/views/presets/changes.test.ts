// "Changed from the preset": which fields differ, labelled and valued as the settings panel shows them.
import { describe, expect, it } from 'vitest';
import { PRESETS, presetConfig } from '../../presets/presets';
import { setPath } from '../../state/experiment';
import { presetChanges } from './changes';

const fig1 = presetConfig(PRESETS.find((p) => p.id === 'sander-fig1-square')!).config;

describe('presetChanges', () => {
  it('an unchanged preset (or an equal copy) has no changes', () => {
    expect(presetChanges(fig1, fig1)).toEqual([]);
    expect(presetChanges(fig1, structuredClone(fig1))).toEqual([]);
  });

  it('lists a changed depth with its label and both values', () => {
    expect(presetChanges(fig1, setPath(fig1, 'model.depth', 24))).toEqual([
      { path: 'model.depth', label: 'Depth N', from: '300', to: '24' },
    ]);
  });

  it('shows choices by their labels, in the order of the settings panel, the seed last', () => {
    let c = setPath(fig1, 'seed', 7);
    c = setPath(c, 'train.gradMode', 'adjoint');
    c = setPath(c, 'train.lr', 0.02);
    c = setPath(c, 'data.kind', 'neg-square');
    const changes = presetChanges(fig1, c);
    expect(changes.map((x) => x.path)).toEqual(['data.kind', 'train.lr', 'train.gradMode', 'seed']);
    expect(changes.find((x) => x.path === 'train.gradMode')).toMatchObject({
      label: 'Gradient',
      from: 'exact backprop',
      to: 'memory-free adjoint',
    });
    expect(changes.find((x) => x.path === 'train.lr')).toMatchObject({ from: '0.05', to: '0.02' });
    expect(changes.find((x) => x.path === 'seed')).toMatchObject({ label: 'Seed', from: '1', to: '7' });
    expect(changes[0].label).toBe('Dataset');
    expect(changes[0].to).not.toBe('neg-square'); // the option's label, not its id
  });

  it('your own data points count as one change', () => {
    const points: [number, number, 0 | 1][] = [
      [0, 0, 0],
      [1, 1, 1],
      [0.5, 0.2, 0],
    ];
    const c = { ...fig1, data: { ...fig1.data, kind: 'custom' as const, points } };
    const changes = presetChanges(fig1, c);
    expect(changes.find((x) => x.path === 'data.points')).toEqual({
      path: 'data.points',
      label: 'Your data points',
      from: '—',
      to: '3 points',
    });
  });
});
