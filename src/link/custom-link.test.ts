// Custom data in links: carried compactly when small, left out with a clear message when too large, and bad
// points refused as a whole (the rest of the link still applies).
import { describe, expect, it } from 'vitest';
import { type CustomPoint, defaultConfig, type ExperimentConfig, parseConfig } from '../core/config';
import { defaultViews } from '../state/experiment';
import {
  decodeLink,
  encodeLink,
  LINK_VERSION,
  linkDataProblem,
  MAX_LINK_POINTS_CHARS,
  TOO_MANY_POINTS,
} from './codec';

function custom(points: CustomPoint[], over: Partial<ExperimentConfig['model']> = {}): ExperimentConfig {
  const c = defaultConfig();
  const nTest = Math.floor(points.length / 4);
  const r = parseConfig({
    ...c,
    data: { ...c.data, kind: 'custom', points, nTrain: points.length - nTest, nTest },
    model: { ...c.model, ...over },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.config;
}
const pts = (n: number): CustomPoint[] =>
  Array.from({ length: n }, (_, i) => [Math.sin(i) * 3.25, i === 0 ? 0 : -i / 1e3, (i % 2) as 0 | 1]);

describe('custom data in links', () => {
  it('round-trips exactly, compactly, and re-encodes to the same link', () => {
    const c = custom([...pts(40), [1e-7, -12.5, 1]], { depth: 48 });
    const link = encodeLink(c, defaultViews());
    expect(link).toContain('data.points=');
    expect(link).not.toMatch(/%2C|%3B/); // nothing escaped
    const d = decodeLink(`#${link}`);
    expect(d.rejected).toEqual([]);
    expect(d.config).toEqual(c);
    expect(encodeLink(d.config, d.views)).toBe(link);
  });

  it('leaves the points out beyond the size limit, says why, and the link then opens the defaults data', () => {
    const c = custom(pts(2000), { depth: 48 });
    expect(linkDataProblem(c)).toBe(`2000 ${TOO_MANY_POINTS}`);
    const link = encodeLink(c, defaultViews());
    expect(link).not.toContain('data.points');
    expect(link.length).toBeLessThan(MAX_LINK_POINTS_CHARS);
    const d = decodeLink(`#${link}`);
    expect(d.config.data.kind).toBe('moons');
    expect(d.config.model.depth).toBe(48); // the rest of the link still applies
    expect(d.rejected).toEqual([
      expect.objectContaining({ field: 'data.kind', reason: expect.stringContaining(TOO_MANY_POINTS) }),
    ]);
    expect(linkDataProblem(custom(pts(100)))).toBeNull();
  });

  it('refuses bad points as a whole, naming the row, and keeps the other fields', () => {
    const d = decodeLink(
      '#data.kind=custom&data.nTrain=2&data.nTest=1&model.depth=12&data.points=1_2_0*3_x_1*5_6_0',
    );
    expect(d.config.data.kind).toBe('moons');
    expect(d.config.data.points).toBeUndefined();
    expect(d.config.model.depth).toBe(12);
    expect(d.rejected).toEqual([
      expect.objectContaining({
        field: 'data.points',
        reason: expect.stringMatching(/^row 2 \(x2\): must be a number/),
      }),
    ]);
    const e = decodeLink(`#v=${LINK_VERSION}&data.points=1_2_0*3_4_1`);
    expect(e.config).toEqual(defaultConfig());
    expect(e.rejected[0].reason).toMatch(/only the custom and curve data sets use points/);
  });

  it('links of the generated data sets carry no points', () => {
    expect(encodeLink(defaultConfig(), defaultViews())).toBe(`v=${LINK_VERSION}`);
  });
});
