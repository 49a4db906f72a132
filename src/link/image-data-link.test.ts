// Links of image-data experiments: the resolution travels as one more key (only when it is not the default), a
// bad one is rejected with the field's message and falls back, and links without it are read as before.
import { describe, expect, it } from 'vitest';
import { makeConfig } from '../core/testing';
import { defaultViews } from '../state/experiment';
import { decodeLink, encodeLink } from './codec';

describe('image-data links', () => {
  const c = makeConfig({
    data: { kind: 'fashion-mnist', resolution: 28, nTrain: 5000, nTest: 1000 },
    model: { d: 32, embedding: 'random' },
  });

  it('round-trip with the resolution', () => {
    const link = encodeLink(c, defaultViews());
    expect(link).toContain('data.kind=fashion-mnist');
    expect(link).toContain('data.resolution=28');
    const d = decodeLink(`#${link}`);
    expect(d.rejected).toEqual([]);
    expect(d.config).toEqual(c);
    expect(encodeLink({ ...c, data: { ...c.data, resolution: 14 } }, defaultViews())).not.toContain(
      'resolution',
    );
  });

  it('reject a resolution the files do not have, and a subset too big, keeping the rest', () => {
    const d = decodeLink('#v=2&data.kind=fashion-mnist&model.d=32&model.embedding=random&data.resolution=20');
    expect(d.config.data.kind).toBe('fashion-mnist');
    expect(d.config.data.resolution).toBe(14);
    expect(d.rejected.map((r) => [r.field, r.reason])).toEqual([
      ['data.resolution', expect.stringMatching(/must be 14 or 28/)],
    ]);
    const big = decodeLink(
      '#v=2&data.kind=fashion-mnist&model.d=32&model.embedding=random&data.nTrain=20000',
    );
    expect(big.config.data.nTrain).toBe(256);
    expect(big.rejected[0].reason).toMatch(/10,000 training images/);
  });
});
