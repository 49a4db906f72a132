// Custom data in experiment files: the points travel in the file's config, also when too many for a link, and a
// file with a bad point is refused naming the row.
import { describe, expect, it } from 'vitest';
import { type CustomPoint, defaultConfig } from '../core/config';
import { initWeights, netSpec } from '../core/params';
import { defaultViews } from '../state/experiment';
import { withCustomPoints } from './csv';
import { exportExperiment, importExperiment } from './experiment-file';

const history = { losses: [], evals: [], gradErrors: [] };
const pts = (n: number): CustomPoint[] =>
  Array.from({ length: n }, (_, i) => [Math.cos(i) * 2, Math.sin(i) * 2, (i % 2) as 0 | 1]);

function file(n: number): string {
  const c = defaultConfig();
  c.model.depth = 4;
  const r = withCustomPoints(c, pts(n));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return exportExperiment(r.config, defaultViews(), 0, initWeights(r.config, netSpec(r.config)), history);
}

describe('custom data in experiment files', () => {
  it('carries all 2000 points, which a link cannot', () => {
    const text = file(2000);
    const r = importExperiment(text);
    if (!r.ok) throw new Error(r.message);
    expect(r.config.data.points).toEqual(pts(2000));
    expect(JSON.parse(text).link).not.toContain('data.points');
  });

  it('refuses a file with a bad point, naming the row', () => {
    const f = JSON.parse(file(8));
    f.config.data.points[6] = [1, 'x', 0];
    const r = importExperiment(JSON.stringify(f));
    expect(r.ok).toBe(false);
    expect(r.ok || r.message).toMatch(/data\.points: row 7 \(x2\): must be a number/);
  });
});
