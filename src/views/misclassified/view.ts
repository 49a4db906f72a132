// Misclassified test images (image data): the first test images the network gets wrong at this snapshot, with
// their true and predicted classes, and the accuracy over the images looked at. No options; the snapshot carries
// the read-out scores of the first TESTS test images (src/run/snapshot.ts testScores).
import type { SnapshotData } from '../../run/snapshot';
import { defineView } from '../types';

/** Test images scored per snapshot (their final states: one forward pass of this many samples). */
export const TESTS = 200;
/** Images shown at most. */
export const SHOWN = 40;

export interface Mistake {
  /** Index in the test part of the held image set. */
  source: number;
  label: number;
  pred: number;
  /** Softmax probability of the predicted class. */
  confidence: number;
}

export interface Misclassified {
  size: 14 | 28;
  /** Test images scored, and how many of them were right. */
  n: number;
  correct: number;
  /** The first SHOWN wrong ones, in test order. */
  wrong: Mistake[];
}

/** Pure: the wrong predictions among the snapshot's scored test images (null without image data). */
export function misclassified(s: SnapshotData): Misclassified | null {
  const t = s.tests;
  if (!t) return null;
  const wrong: Mistake[] = [];
  let correct = 0;
  for (let b = 0; b < t.n; b++) {
    let pred = 0;
    for (let k = 1; k < t.K; k++) if (t.scores[b * t.K + k] > t.scores[b * t.K + pred]) pred = k;
    if (pred === t.labels[b]) {
      correct++;
      continue;
    }
    if (wrong.length >= SHOWN) continue;
    let z = 0;
    for (let k = 0; k < t.K; k++) z += Math.exp(t.scores[b * t.K + k] - t.scores[b * t.K + pred]);
    wrong.push({ source: t.source[b], label: t.labels[b], pred, confidence: 1 / z });
  }
  return { size: t.size, n: t.n, correct, wrong };
}

export const misclassifiedView = defineView({
  id: 'misclassified',
  title: 'Misclassified images',
  menuOrder: 5,
  openByDefault: false,
  options: null,
  defaults: null,
  needs: () => ({ tests: TESTS }),
  compute: (s: SnapshotData): Misclassified | null => misclassified(s),
});
