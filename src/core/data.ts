// Datasets, generated in float64 from the config's seed. Rows are samples: x is [n][inputDim], y is
// [n][outputDim] (one-hot for classification, with the class index in `labels`).
import type { ImageSize } from '../data/fashion-mnist';
import { imageSplit } from '../data/image-split';
import { requireImages } from '../data/provision';
import { dataInputDim, dataOutputDim, type ExperimentConfig, isClassification, isImageData } from './config';
import { Rng } from './rng';

export interface Split {
  n: number;
  x: Float64Array;
  y: Float64Array;
  /** Class index per sample (classification only). */
  labels: Int32Array | null;
  /** Image data: the index of each sample in its part of the image set (to show the image itself). */
  source?: Int32Array;
}

/** What image data are (absent for generated data): enough to draw a sample from the held set. */
export interface ImageInfo {
  width: number;
  height: number;
  /** The image size the set was provisioned at (src/data/provision.ts). */
  size: ImageSize;
}

export interface Dataset {
  inputDim: number;
  outputDim: number;
  classification: boolean;
  train: Split;
  test: Split;
  image?: ImageInfo;
}

/** The config's data; image data must have been provisioned (src/data/provision.ts) before. */
export function makeDataset(c: ExperimentConfig): Dataset {
  const inputDim = dataInputDim(c);
  const outputDim = dataOutputDim(c);
  const classification = isClassification(c);
  if (isImageData(c)) {
    const size: ImageSize = c.data.resolution;
    const set = requireImages(size);
    // seeded, class-balanced choices of nTrain and nTest images; the same on every engine and in the runner
    const gen = (part: 'train' | 'test', n: number): Split => {
      if (n === 0) return { n: 0, x: new Float64Array(0), y: new Float64Array(0), labels: new Int32Array(0) };
      const s = imageSplit(set[part], inputDim, outputDim, n, new Rng(c.seed, `data/${c.data.kind}/${part}`));
      return { n, x: s.x, y: s.y, labels: s.labels, source: s.source };
    };
    return {
      inputDim,
      outputDim,
      classification,
      train: gen('train', c.data.nTrain),
      test: gen('test', c.data.nTest),
      image: { width: set.width, height: set.height, size },
    };
  }
  if (c.data.kind === 'matrix') {
    // Fig. 2: inputs are the identity basis, targets the columns of B = I + G; the test set is the same.
    const split = matrixSplit(c, new Rng(c.seed, 'data/matrix'));
    return { inputDim, outputDim, classification, train: split, test: split };
  }
  if (c.data.kind === 'custom' || c.data.kind === 'curve')
    return { inputDim, outputDim, classification, ...customSplits(c) };
  const gen = (n: number, stream: string) =>
    makeSplit(c, n, inputDim, outputDim, new Rng(c.seed, `data/${c.data.kind}/${stream}`));
  return {
    inputDim,
    outputDim,
    classification,
    train: gen(c.data.nTrain, 'train'),
    test: gen(c.data.nTest, 'test'),
  };
}

/**
 * The first `rows` samples of each split (the same split object stays shared when test is train), with `image`
 * kept: what a page needs of data held in a worker, far smaller than 10k images in float64.
 */
export function datasetHead(ds: Dataset, rows: number): Dataset {
  const head = (s: Split): Split => {
    if (s.n <= rows) return s;
    return {
      n: rows,
      x: s.x.slice(0, rows * ds.inputDim),
      y: s.y.slice(0, rows * ds.outputDim),
      labels: s.labels ? s.labels.slice(0, rows) : null,
      ...(s.source ? { source: s.source.slice(0, rows) } : {}),
    };
  };
  const train = head(ds.train);
  return { ...ds, train, test: ds.test === ds.train ? train : head(ds.test) };
}

function matrixSplit(c: ExperimentConfig, rng: Rng): Split {
  const d = c.model.d;
  const x = new Float64Array(d * d);
  const y = new Float64Array(d * d);
  const G = rng.fillNormal(new Float64Array(d * d), c.data.targetStd); // G[i][j] row-major
  for (let k = 0; k < d; k++) {
    x[k * d + k] = 1;
    // sample k: target B e_k, the k-th column of B = I + G
    for (let i = 0; i < d; i++) y[k * d + i] = (i === k ? 1 : 0) + G[i * d + k];
  }
  return { n: d, x, y, labels: null };
}

/**
 * The user's points, shuffled with the seed (so the split does not follow the order they were drawn or listed
 * in): the first nTrain train, the next nTest test. The config's rules guarantee nTrain + nTest ≤ the count.
 * No noise is added: they are the user's data as given.
 */
function customSplits(c: ExperimentConfig): { train: Split; test: Split } {
  const pts = c.data.points ?? [];
  const order = Array.from(pts, (_, i) => i);
  const rng = new Rng(c.seed, 'data/custom/split');
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const take = (from: number, n: number): Split => {
    if (c.data.kind === 'curve') {
      // a drawn 1-D target: x ↦ y(x), regression
      const x = new Float64Array(n);
      const y = new Float64Array(n);
      for (let k = 0; k < n; k++) [x[k], y[k]] = pts[order[from + k]];
      return { n, x, y, labels: null };
    }
    const x = new Float64Array(2 * n);
    const y = new Float64Array(2 * n);
    const labels = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      const [a, b, cls] = pts[order[from + k]];
      x[2 * k] = a;
      x[2 * k + 1] = b;
      labels[k] = cls;
      y[2 * k + cls] = 1;
    }
    return { n, x, y, labels };
  };
  return { train: take(0, c.data.nTrain), test: take(c.data.nTrain, c.data.nTest) };
}

/** The target matrix B = I + G of the 'matrix' dataset, row-major [d][d]. */
export function matrixTarget(ds: Dataset): Float64Array {
  const d = ds.inputDim;
  const B = new Float64Array(d * d);
  for (let k = 0; k < d; k++) for (let i = 0; i < d; i++) B[i * d + k] = ds.train.y[k * d + i];
  return B;
}

function makeSplit(c: ExperimentConfig, n: number, din: number, dout: number, rng: Rng): Split {
  const x = new Float64Array(n * din);
  const y = new Float64Array(n * dout);
  const noise = c.data.noise;
  switch (c.data.kind) {
    case 'square':
    case 'neg-square': {
      const sign = c.data.kind === 'square' ? 1 : -1;
      for (let i = 0; i < n; i++) {
        const v = rng.range(c.data.lo, c.data.hi);
        x[i] = v;
        y[i] = (sign * v * v) / 2 + noise * rng.normal();
      }
      return { n, x, y, labels: null };
    }
    case 'gaussian': {
      rng.fillNormal(x);
      rng.fillNormal(y);
      return { n, x, y, labels: null };
    }
    default: {
      const labels = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const cls = i % 2; // balanced classes
        const [px, py] = point2d(c.data.kind, cls, rng);
        x[2 * i] = px + noise * rng.normal();
        x[2 * i + 1] = py + noise * rng.normal();
        labels[i] = cls;
        y[i * dout + cls] = 1;
      }
      return { n, x, y, labels };
    }
  }
}

/** One noiseless point of class `cls` of a 2-D classification set, coordinates roughly in [-1.5, 1.5]. */
function point2d(kind: string, cls: number, rng: Rng): [number, number] {
  switch (kind) {
    case 'circles': {
      // class 0: outer circle (r = 1), class 1: inner circle (r = 0.5)
      const t = rng.range(0, 2 * Math.PI);
      const r = cls === 0 ? 1 : 0.5;
      return [r * Math.cos(t), r * Math.sin(t)];
    }
    case 'moons': {
      // scikit-learn's two moons, centred and scaled to about [-1.5, 1.5] x [-0.75, 0.75]
      const t = rng.range(0, Math.PI);
      const [mx, my] = cls === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
      return [mx - 0.5, my - 0.25];
    }
    case 'spirals': {
      // two interleaved arms of an Archimedean spiral, 1.5 turns, radius up to 1.2
      const u = Math.sqrt(rng.uniform());
      const t = u * 3 * Math.PI;
      const r = 1.2 * u;
      const phase = cls === 0 ? 0 : Math.PI;
      return [r * Math.cos(t + phase), r * Math.sin(t + phase)];
    }
    case 'xor': {
      // uniform in [-1, 1]^2, label = whether the two signs agree; resample until the class matches
      for (;;) {
        const a = rng.range(-1, 1);
        const b = rng.range(-1, 1);
        if ((a * b > 0 ? 0 : 1) === cls) return [a, b];
      }
    }
    default:
      throw new Error(`not a 2-D classification dataset: ${kind}`);
  }
}

/** A fan of `k` evenly spaced inputs over the 1-D interval (for trajectory plots). */
export function fan1d(c: ExperimentConfig, k: number): Float64Array {
  const out = new Float64Array(k);
  for (let i = 0; i < k; i++) out[i] = c.data.lo + ((c.data.hi - c.data.lo) * i) / Math.max(1, k - 1);
  return out;
}
