import { describe, expect, it } from 'vitest';
import { toggleView } from './ViewsMenu';

describe('toggleView', () => {
  it('inserts a view at its place in the display order and removes it again', () => {
    const open = ['trajectories', 'curves', 'heatmap', 'memory'] as const;
    expect(toggleView([...open], 'sweep', true)).toEqual([...open, 'sweep']);
    expect(toggleView(['trajectories', 'memory'], 'curves', true)).toEqual([
      'trajectories',
      'curves',
      'memory',
    ]);
    expect(toggleView(['curves'], 'trajectories', true)).toEqual(['trajectories', 'curves']);
    expect(toggleView([...open], 'curves', false)).toEqual(['trajectories', 'heatmap', 'memory']);
    expect(toggleView([...open], 'curves', true)).toEqual([...open]);
  });

  it('keeps a custom order of the views already open', () => {
    expect(toggleView(['memory', 'trajectories'], 'curves', true)).toEqual([
      'memory',
      'trajectories',
      'curves',
    ]);
  });
});
