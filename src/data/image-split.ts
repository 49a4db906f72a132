// An image set as training data: a seeded, class-balanced choice of n images from one part of a set (the same n
// and seed give the same samples on every engine and in the runner), pixels standardised with Fashion-MNIST's
// mean and std so that x_0 has the scale the residual stack's initialisations assume, one-hot targets. Pure.
import type { Rng } from '../core/rng';
import type { ImagePart } from './image-set.mjs';

/** Fashion-MNIST's pixel mean and standard deviation on [0, 1] (its whole training set). */
export const PIXEL_MEAN = 0.286;
export const PIXEL_STD = 0.353;

export interface ImageSplit {
  n: number;
  /** [n][pixels], standardised. */
  x: Float64Array;
  /** [n][classes], one-hot. */
  y: Float64Array;
  labels: Int32Array;
  /** Index of each sample in the part it came from (to show the image itself). */
  source: Int32Array;
}

/**
 * n images of `part`, as balanced over the classes as n allows (classes take turns; within a class, a seeded
 * random order), listed class by class in turn so that any prefix is balanced too.
 */
export function imageSplit(
  part: ImagePart,
  pixels: number,
  classes: number,
  n: number,
  rng: Rng,
): ImageSplit {
  const total = part.labels.length;
  if (!(n >= 1 && n <= total)) throw new RangeError(`asked for ${n} images of a set of ${total}`);
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  const order = rng.permutation(total);
  for (const i of order) byClass[part.labels[i]].push(i);
  const source = new Int32Array(n);
  const next = new Array(classes).fill(0);
  for (let k = 0, c = 0; k < n; c = (c + 1) % classes) {
    if (next[c] >= byClass[c].length) continue;
    source[k++] = byClass[c][next[c]++];
  }
  const x = new Float64Array(n * pixels);
  const y = new Float64Array(n * classes);
  const labels = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const i = source[k];
    const px = part.pixels.subarray(i * pixels, (i + 1) * pixels);
    for (let p = 0; p < pixels; p++) x[k * pixels + p] = (px[p] / 255 - PIXEL_MEAN) / PIXEL_STD;
    labels[k] = part.labels[i];
    y[k * classes + labels[k]] = 1;
  }
  return { n, x, y, labels, source };
}
