// Turns Debian's Fashion-MNIST (package dataset-fashion-mnist, MIT/Expat, © 2017 Zalando SE) into the app's compact
// image sets, reproducibly: a fixed stratified subset (the first 1000 training and the first 200 test images of each
// of the 10 classes, in the original order) at 28×28 and, averaged over 2×2 blocks, at 14×14. Writes
// public/data/fashion-mnist-{28,14}.bin and src/data/fashion-mnist.json (sizes and SHA-256 checksums: the one
// source the app verifies downloads against).
//   node scripts/prepare-fashion-mnist.mjs            write the files
//   node scripts/prepare-fashion-mnist.mjs --check    rebuild in memory and compare with the committed files
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { encodeImageSet } from '../src/data/image-set.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SOURCE_DIR = '/usr/share/datasets/fashion-mnist';
export const MANIFEST = resolve(root, 'src/data/fashion-mnist.json');
export const PER_CLASS = { train: 1000, test: 200 };
export const CLASS_NAMES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];
export const fileOf = (size) => `data/fashion-mnist-${size}.bin`;

/** An IDX file (big-endian magic 0x0000080N, N dims, then uint8 data). */
function readIdx(path, dims) {
  const b = gunzipSync(readFileSync(path));
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (v.getUint32(0) !== 0x800 + dims) throw new Error(`${path}: not an IDX file with ${dims} dimensions`);
  const shape = Array.from({ length: dims }, (_, i) => v.getUint32(4 + 4 * i));
  return { shape, data: b.subarray(4 + 4 * dims) };
}

/** The first `perClass` images of each class, in their original order. */
function stratified(labels, pixels, px, perClass, classes) {
  const taken = new Array(classes).fill(0);
  const keep = [];
  for (let i = 0; i < labels.length && keep.length < perClass * classes; i++)
    if (taken[labels[i]] < perClass) {
      taken[labels[i]]++;
      keep.push(i);
    }
  if (taken.some((t) => t < perClass)) throw new Error(`fewer than ${perClass} images in some class`);
  const outLabels = Uint8Array.from(keep, (i) => labels[i]);
  const outPixels = new Uint8Array(keep.length * px);
  for (const [k, i] of keep.entries()) outPixels.set(pixels.subarray(i * px, (i + 1) * px), k * px);
  return { labels: outLabels, pixels: outPixels };
}

/** 2×2 block means, rounded half up: 28×28 → 14×14. */
function halve(part, w, h) {
  const n = part.labels.length;
  const w2 = w / 2;
  const h2 = h / 2;
  const out = new Uint8Array(n * w2 * h2);
  for (let k = 0; k < n; k++) {
    const src = part.pixels.subarray(k * w * h);
    for (let y = 0; y < h2; y++)
      for (let x = 0; x < w2; x++) {
        const a = src[2 * y * w + 2 * x] + src[2 * y * w + 2 * x + 1];
        const b = src[(2 * y + 1) * w + 2 * x] + src[(2 * y + 1) * w + 2 * x + 1];
        out[k * w2 * h2 + y * w2 + x] = (a + b + 2) >> 2;
      }
  }
  return { labels: part.labels, pixels: out };
}

/** Both sets and their manifest, built in memory from the Debian files. */
export function buildFashionMnist(dir = SOURCE_DIR) {
  if (!existsSync(`${dir}/train-images-idx3-ubyte.gz`))
    throw new Error(`Fashion-MNIST not found in ${dir} (Debian: apt-get install dataset-fashion-mnist)`);
  const classes = 10;
  const part = (prefix, perClass) => {
    const images = readIdx(`${dir}/${prefix}-images-idx3-ubyte.gz`, 3);
    const labels = readIdx(`${dir}/${prefix}-labels-idx1-ubyte.gz`, 1);
    const [n, h, w] = images.shape;
    if (h !== 28 || w !== 28 || labels.shape[0] !== n)
      throw new Error(`${prefix}: unexpected shape ${images.shape}`);
    return stratified(labels.data, images.data, h * w, perClass, classes);
  };
  const train = part('train', PER_CLASS.train);
  const test = part('t10k', PER_CLASS.test);
  const sets = {
    28: encodeImageSet({ width: 28, height: 28, classes, train, test }),
    14: encodeImageSet({
      width: 14,
      height: 14,
      classes,
      train: halve(train, 28, 28),
      test: halve(test, 28, 28),
    }),
  };
  const manifest = {
    name: 'Fashion-MNIST (stratified subset)',
    source: 'https://github.com/zalandoresearch/fashion-mnist via Debian package dataset-fashion-mnist',
    licence: 'MIT (Expat), © 2017 Zalando SE',
    selection: `the first ${PER_CLASS.train} training and ${PER_CLASS.test} test images of each class, original order; 14×14 = 2×2 block means (rounded half up)`,
    classes: CLASS_NAMES,
    train: PER_CLASS.train * classes,
    test: PER_CLASS.test * classes,
    files: Object.fromEntries(
      Object.entries(sets).map(([size, bytes]) => [
        size,
        { path: fileOf(size), bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') },
      ]),
    ),
  };
  return { sets, manifest };
}

function main() {
  const check = process.argv.includes('--check');
  const { sets, manifest } = buildFashionMnist();
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  if (check) {
    let ok = readFileSync(MANIFEST, 'utf8') === text;
    for (const [size, bytes] of Object.entries(sets)) {
      const file = resolve(root, 'public', fileOf(size));
      ok &&= existsSync(file) && Buffer.compare(readFileSync(file), Buffer.from(bytes)) === 0;
    }
    console.log(ok ? 'fashion-mnist: committed files reproduced' : 'fashion-mnist: committed files DIFFER');
    process.exit(ok ? 0 : 1);
  }
  mkdirSync(resolve(root, 'public/data'), { recursive: true });
  for (const [size, bytes] of Object.entries(sets))
    writeFileSync(resolve(root, 'public', fileOf(size)), bytes);
  writeFileSync(MANIFEST, text);
  for (const [size, f] of Object.entries(manifest.files))
    console.log(`${size}×${size}: public/${f.path}, ${(f.bytes / 1e6).toFixed(2)} MB, sha256 ${f.sha256}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
