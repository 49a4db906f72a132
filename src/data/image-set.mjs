// The binary format of the app's image sets (public/data/*.bin): a 24-byte little-endian header, then the labels and
// pixels of the training images, then those of the test images, one byte each (uint8, row-major, 0 = background).
// One module for the writer (scripts/prepare-fashion-mnist.mjs) and every reader (page, worker, runner, tests).
//   0  magic "ODELIMG1"      8  u32 nTrain      12 u32 nTest
//   16 u16 width             18 u16 height      20 u16 classes     22 u16 reserved (0)
//   24 train labels [nTrain] · train pixels [nTrain·height·width] · test labels [nTest] · test pixels [nTest·height·width]

export const MAGIC = 'ODELIMG1';
export const HEADER_BYTES = 24;

/** Bytes of a set with these sizes. */
export function imageSetBytes(nTrain, nTest, width, height) {
  return HEADER_BYTES + (nTrain + nTest) * (1 + width * height);
}

/** The file of a set: { width, height, classes, train: { labels, pixels }, test: { labels, pixels } }. */
export function encodeImageSet(set) {
  const { width, height, classes, train, test } = set;
  const px = width * height;
  const nTrain = train.labels.length;
  const nTest = test.labels.length;
  if (train.pixels.length !== nTrain * px || test.pixels.length !== nTest * px)
    throw new Error('image set: pixel counts do not match labels × width × height');
  const out = new Uint8Array(imageSetBytes(nTrain, nTest, width, height));
  const view = new DataView(out.buffer);
  for (let i = 0; i < MAGIC.length; i++) out[i] = MAGIC.charCodeAt(i);
  view.setUint32(8, nTrain, true);
  view.setUint32(12, nTest, true);
  view.setUint16(16, width, true);
  view.setUint16(18, height, true);
  view.setUint16(20, classes, true);
  let o = HEADER_BYTES;
  for (const part of [train.labels, train.pixels, test.labels, test.pixels]) {
    out.set(part, o);
    o += part.length;
  }
  return out;
}

/** Read a set, checking everything a corrupt or foreign file could get wrong; throws an Error that says what. */
export function decodeImageSet(bytes) {
  if (!(bytes instanceof Uint8Array)) throw new Error('image set: expected bytes');
  if (bytes.length < HEADER_BYTES)
    throw new Error(`image set: ${bytes.length} bytes is shorter than its header`);
  const magic = String.fromCharCode(...bytes.subarray(0, MAGIC.length));
  if (magic !== MAGIC) throw new Error('image set: not an ODE Lens image file (wrong magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const nTrain = view.getUint32(8, true);
  const nTest = view.getUint32(12, true);
  const width = view.getUint16(16, true);
  const height = view.getUint16(18, true);
  const classes = view.getUint16(20, true);
  if (width === 0 || height === 0 || classes < 2 || classes > 255)
    throw new Error(`image set: bad header (width ${width}, height ${height}, classes ${classes})`);
  const want = imageSetBytes(nTrain, nTest, width, height);
  if (bytes.length !== want) throw new Error(`image set: ${bytes.length} bytes, the header says ${want}`);
  const px = width * height;
  let o = HEADER_BYTES;
  const take = (n) => {
    const a = bytes.subarray(o, o + n);
    o += n;
    return a;
  };
  const train = { labels: take(nTrain), pixels: take(nTrain * px) };
  const test = { labels: take(nTest), pixels: take(nTest * px) };
  for (const [name, labels] of [
    ['train', train.labels],
    ['test', test.labels],
  ])
    for (let i = 0; i < labels.length; i++)
      if (labels[i] >= classes)
        throw new Error(`image set: ${name} label ${labels[i]} at ${i} is not below ${classes}`);
  return { width, height, classes, train, test };
}
