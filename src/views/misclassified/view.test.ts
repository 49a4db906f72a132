// The misclassified view's compute: argmax of the read-out scores against the labels, the wrong ones in test
// order (at most SHOWN), with the predicted class's softmax probability; nothing without image data.
import { describe, expect, it } from 'vitest';
import type { SnapshotData, TestScores } from '../../run/snapshot';
import { misclassified, SHOWN } from './view';

const snap = (tests: TestScores | null) => ({ tests }) as unknown as SnapshotData;

describe('misclassified', () => {
  it('lists the wrong predictions with their classes and confidence', () => {
    // 3 classes; sample 0 right (class 2), sample 1 wrong (label 0, predicted 1), sample 2 right (class 0)
    const scores = Float64Array.of(0, 0, 5, 0, Math.log(3), 0, 1, 0, 0);
    const r = misclassified(
      snap({
        n: 3,
        size: 14,
        source: Int32Array.of(7, 8, 9),
        labels: Int32Array.of(2, 0, 0),
        scores,
        K: 3,
      }),
    );
    expect(r).toEqual({
      size: 14,
      n: 3,
      correct: 2,
      wrong: [{ source: 8, label: 0, pred: 1, confidence: expect.closeTo(3 / 5, 12) }],
    });
  });

  it('shows at most SHOWN, but counts all', () => {
    const n = SHOWN + 10;
    const labels = new Int32Array(n); // all class 0, all predicted 1
    const scores = new Float64Array(2 * n);
    for (let b = 0; b < n; b++) scores[2 * b + 1] = 1;
    const r = misclassified(
      snap({ n, size: 28, source: Int32Array.from(labels.keys()), labels, scores, K: 2 }),
    );
    expect(r?.correct).toBe(0);
    expect(r?.wrong.length).toBe(SHOWN);
    expect(r?.wrong[0].source).toBe(0);
  });

  it('is null without image data', () => {
    expect(misclassified(snap(null))).toBeNull();
  });
});
