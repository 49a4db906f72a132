// Choosing training images: balanced over classes for any n, the same for the same seed, different for another,
// never repeating an image, standardised pixels and one-hot targets that match the labels.
import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng';
import { imageSplit, PIXEL_MEAN, PIXEL_STD } from './image-split';

// 30 images of 2 pixels in 3 classes: 5 of class 0, 10 of class 1, 15 of class 2; pixel 0 = the image index
const labels = Uint8Array.from({ length: 30 }, (_, i) => (i < 5 ? 0 : i < 15 ? 1 : 2));
const pixels = Uint8Array.from({ length: 60 }, (_, k) => (k % 2 === 0 ? k / 2 : 255));
const part = { labels, pixels };

describe('imageSplit', () => {
  it('takes the classes in turn, so any prefix is balanced, and runs out of a small class gracefully', () => {
    const s = imageSplit(part, 2, 3, 21, new Rng(1, 'x'));
    expect(Array.from(s.labels.subarray(0, 9))).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2]);
    const counts = [0, 0, 0];
    for (const l of s.labels) counts[l]++;
    expect(counts).toEqual([5, 8, 8]); // class 0 has only 5
    expect(new Set(s.source).size).toBe(21); // no image twice
    for (let k = 0; k < s.n; k++) expect(labels[s.source[k]]).toBe(s.labels[k]);
  });

  it('is reproducible by seed and differs across seeds', () => {
    const a = imageSplit(part, 2, 3, 12, new Rng(7, 'data/fashion-mnist/train'));
    const b = imageSplit(part, 2, 3, 12, new Rng(7, 'data/fashion-mnist/train'));
    const c = imageSplit(part, 2, 3, 12, new Rng(8, 'data/fashion-mnist/train'));
    expect(Array.from(a.source)).toEqual(Array.from(b.source));
    expect(Array.from(a.source)).not.toEqual(Array.from(c.source));
  });

  it('standardises pixels and one-hot encodes the labels', () => {
    const s = imageSplit(part, 2, 3, 6, new Rng(3));
    for (let k = 0; k < s.n; k++) {
      expect(s.x[2 * k]).toBeCloseTo((s.source[k] / 255 - PIXEL_MEAN) / PIXEL_STD, 12);
      expect(s.x[2 * k + 1]).toBeCloseTo((1 - PIXEL_MEAN) / PIXEL_STD, 12);
      expect(Array.from(s.y.subarray(3 * k, 3 * k + 3))).toEqual(
        [0, 1, 2].map((c) => (c === s.labels[k] ? 1 : 0)),
      );
    }
  });

  it('refuses sizes the set cannot give', () => {
    expect(() => imageSplit(part, 2, 3, 31, new Rng(1))).toThrow(/asked for 31 images of a set of 30/);
    expect(() => imageSplit(part, 2, 3, 0, new Rng(1))).toThrow(RangeError);
  });
});
