// Experiment config: one typed, validated, versioned object. Everything that makes a run is in here, so a
// link, an exported JSON and a CLI call all describe the same experiment. Pure data, no DOM, no GPU.
import { z } from 'zod';
import fashionManifest from '../data/fashion-mnist.json' with { type: 'json' };
import { RESIDUAL_IDS, residualKind } from '../residuals';
import {
  HIDDEN_INIT_DEFAULTS,
  HIDDEN_INIT_SHAPE,
  HIDDEN_MODEL_DEFAULTS,
  HIDDEN_MODEL_SHAPE,
  INNER_SCALES,
  MAX_WIDTH,
} from '../residuals/fields';
import { SCHEME_IDS, type SchemeId, scheme } from '../schemes';
import { bool, intIn, numIn, oneOf, show } from './schema';

/** Bumped whenever the meaning or shape of a field changes; links carry it and migrate from older ones. */
export const SCHEMA_VERSION = 1;

// Leaf schemas (src/core/schema.ts) with messages that name the allowed range.
export { intIn, numIn, oneOf } from './schema';

// ---------------------------------------------------------------------------------------------------------
// Enumerations (exported so the UI and the link codec list the same choices).

export const DATASETS = [
  'square', // 1-D x -> x^2/2 on a one-signed interval (Sander et al., Fig. 1 left)
  'neg-square', // 1-D x -> -x^2/2 (Fig. 1 right: an ODE flow cannot learn it, a ResNet can by crossing)
  'matrix', // deep-linear target: inputs = identity basis, targets = B = I + G (Fig. 2)
  'gaussian', // X, Y i.i.d. N(0, 1) regression (Marion et al., mean-ODE experiments)
  'circles',
  'moons',
  'spirals',
  'xor',
  'fashion-mnist', // real images (src/data/fashion-mnist.ts): 10 classes, 14×14 or 28×28 pixels, loaded before a build
  'custom', // the user's own 2-D points with class labels 0/1, carried in data.points
  'curve', // the user's own 1-D target curve y(x), drawn; carried in data.points as [x, y, 0] rows
] as const;
export type DatasetKind = (typeof DATASETS)[number];
/** The data sets whose samples are the user's, carried in data.points. */
export const POINT_DATASETS: readonly DatasetKind[] = ['custom', 'curve'];
export const CLASSIFICATION_DATASETS: readonly DatasetKind[] = [
  'circles',
  'moons',
  'spirals',
  'xor',
  'fashion-mnist',
  'custom',
];
/** Datasets whose samples are images from a file (provisioned before a backend is built, src/data/provision.ts). */
export const IMAGE_DATASETS: readonly DatasetKind[] = ['fashion-mnist'];
/** Image sizes of the Fashion-MNIST files, their classes and images (the manifest is the one source). */
export const IMAGE_RESOLUTIONS = [14, 28] as const;
export const IMAGE_CLASSES = fashionManifest.classes.length;
export const IMAGE_TRAIN_MAX = fashionManifest.train;
export const IMAGE_TEST_MAX = fashionManifest.test;

/** Residual kinds and schemes are registries (src/residuals, src/schemes): these are their ids. */
export const RESIDUALS = RESIDUAL_IDS;
export { ACTIVATIONS, type Activation } from './activations';
export { INNER_SCALES, MAX_WIDTH };
export const SCHEMES = SCHEME_IDS;
export type Scheme = SchemeId;
/**
 * paper: N + 1 parameter sets θ_0..θ_N at s_n = n/N and N steps reaching s = 1. Heun's step n uses θ_n and
 *        θ_{n+1} (eq. 8); Euler's uses θ_n (eq. 1), so θ_N enters only the interpolating neural ODE.
 * code:  the authors' code: N parameter sets θ_0..θ_{N−1} and N − 1 steps (s reaches (N−1)/N).
 */
export const CONVENTIONS = ['paper', 'code'] as const;
/** Residual scale h in x_{n+1} = x_n + h f(x_n, θ_n). */
export const RESIDUAL_SCALES = ['1/N', '1', '1/sqrt(N)', 'alpha/N', 'alpha/(N*M)', 'sqrt(d)/(N*M)'] as const;
export type ResidualScale = (typeof RESIDUAL_SCALES)[number];
export const EMBEDDINGS = ['pad', 'random'] as const;
/** project: first outputs coordinates of x_N; fixed: a fixed random linear map; trained: a trained linear map. */
export const READOUTS = ['project', 'fixed', 'trained'] as const;
export const INITS = [
  'zero',
  'tied', // one Gaussian draw shared by every layer
  'tied-w-zero-v', // Marion et al.: W tied Gaussian, V = 0 (the initial network is the identity)
  'iid', // independent Gaussian per layer
  'smooth', // Gaussian process in s = n/N with squared-exponential covariance (length scale ℓ)
  'ramp', // §3.1 counter-example: f(·, θ_n) = n (bias only)
  'alternating', // §3.1 counter-example: θ_n = (−1)^n with f = θ² (MLP, M = 1, identity)
] as const;
export type InitKind = (typeof INITS)[number];
export const LOSSES = ['mse', 'xent'] as const;
export const OPTIMIZERS = ['gd', 'sgd', 'adam'] as const;
/** Learning-rate multiplier for residual weights: ×1, ×N (rescaled gradient flow), ×N·M·d (mean ODE), ÷α² (lazy). */
export const LR_DEPTH_MULTS = ['1', 'N', 'N*M*d', '1/alpha^2'] as const;
export const GRAD_MODES = ['exact', 'adjoint'] as const;
export type GradMode = (typeof GRAD_MODES)[number];

// ---------------------------------------------------------------------------------------------------------
// The schema. Ranges are generous for the CPU/offline runner; the GPU engine checks device limits separately.

export const MAX_DEPTH = 8192;
export const MAX_DIM = 256;
export const MAX_SAMPLES = 65536;
/** Custom data: at most this many points (they travel in links and files), coordinates within ±MAX_COORD. */
export const MAX_CUSTOM_POINTS = 2000;
export const MAX_COORD = 100;

/** One custom point: [x1, x2, class], class 0 or 1. */
const customPoint = z.tuple([
  numIn(-MAX_COORD, MAX_COORD),
  numIn(-MAX_COORD, MAX_COORD),
  z.union([z.literal(0), z.literal(1)], {
    error: (iss: { input?: unknown }) => `the class must be 0 or 1 (got ${show(iss.input)})`,
  }),
]);
export type CustomPoint = z.infer<typeof customPoint>;

export const dataSchema = z.object({
  kind: oneOf(DATASETS),
  /** 1-D datasets: input interval [lo, hi], must not contain 0 in its interior (one-signed). */
  lo: numIn(-100, 100),
  hi: numIn(-100, 100),
  /** gaussian: input and target dimensions. */
  inputDim: intIn(1, MAX_DIM),
  outputDim: intIn(1, MAX_DIM),
  /** matrix: std of the entries of G in B = I + G. */
  targetStd: numIn(0, 10),
  nTrain: intIn(1, MAX_SAMPLES),
  nTest: intIn(0, MAX_SAMPLES),
  /** classification: std of Gaussian jitter on the points; regression: std of noise on the targets. */
  noise: numIn(0, 10),
  /** fashion-mnist: image side in pixels (14 or 28); the input dimension is its square. Absent in older files. */
  resolution: intIn(14, 28)
    .refine((v) => v === 14 || v === 28, {
      error: (iss: { input?: unknown }) =>
        `must be 14 or 28 (images of 14×14 or 28×28 pixels; got ${show(iss.input)})`,
    })
    .default(14),
  /** custom: the points, [x1, x2, class] each; curve: [x, y(x), 0] each. Absent for the generated sets (so old links and files are unchanged). */
  points: z
    .array(customPoint, {
      error: (iss: { input?: unknown }) => `must be a list of [x1, x2, class] rows (got ${show(iss.input)})`,
    })
    .max(MAX_CUSTOM_POINTS, {
      error: (iss: { input?: unknown }) =>
        `at most ${MAX_CUSTOM_POINTS} points (got ${Array.isArray(iss.input) ? iss.input.length : '?'})`,
    })
    .optional(),
});

export const modelSchema = z.object({
  /** State dimension d. */
  d: intIn(1, MAX_DIM),
  residual: oneOf(RESIDUALS),
  bias: bool(),
  // width, activation, innerScale: the fields of kinds with a hidden layer (src/residuals/fields.ts)
  ...HIDDEN_MODEL_SHAPE,
  /** Depth N. */
  depth: intIn(1, MAX_DEPTH),
  scheme: oneOf(SCHEMES),
  convention: oneOf(CONVENTIONS),
  scale: oneOf(RESIDUAL_SCALES),
  alpha: numIn(0, 1e6, true),
  embedding: oneOf(EMBEDDINGS),
  readout: oneOf(READOUTS),
});

export const initSchema = z.object({
  kind: oneOf(INITS),
  /** Std of θ (linear) or W (MLP) entries. */
  std: numIn(0, 100),
  // stdV (src/residuals/fields.ts)
  ...HIDDEN_INIT_SHAPE,
  /** Std of bias entries. */
  biasStd: numIn(0, 100),
  /** Length scale ℓ of the squared-exponential covariance in s (smooth init). */
  lengthScale: numIn(0.01, 100),
});

export const trainSchema = z.object({
  loss: oneOf(LOSSES),
  optimizer: oneOf(OPTIMIZERS),
  lr: numIn(0, 1e6, true),
  lrDepthMult: oneOf(LR_DEPTH_MULTS),
  momentum: numIn(0, 0.999),
  beta1: numIn(0, 0.999),
  beta2: numIn(0, 0.99999),
  eps: numIn(0, 1, true),
  weightDecay: numIn(0, 10),
  /** Mini-batch size (SGD and Adam); GD always uses the whole training set. */
  batchSize: intIn(1, MAX_SAMPLES),
  steps: intIn(0, 10_000_000),
  gradMode: oneOf(GRAD_MODES),
});

const shape = {
  version: z.literal(SCHEMA_VERSION, {
    error: (iss: { input?: unknown }) => `must be ${SCHEMA_VERSION} (got ${show(iss.input)})`,
  }),
  seed: intIn(0, 2 ** 32 - 1),
  data: dataSchema,
  model: modelSchema,
  init: initSchema,
  train: trainSchema,
};

export const configObjectSchema = z.object(shape);
export type ExperimentConfig = z.infer<typeof configObjectSchema>;
export type DataConfig = ExperimentConfig['data'];
export type ModelConfig = ExperimentConfig['model'];
export type InitConfig = ExperimentConfig['init'];
export type TrainConfig = ExperimentConfig['train'];

/**
 * Defaults: an interactive 2-D classification that trains in seconds even on a software GPU and behaves like an
 * ODE: Adam 0.01 with weight decay 10⁻³ (measured with the float64 engine, seed 1: train/test loss 0.012/0.017 at
 * step 250, 0.009/0.010 at 1000, the test loss flat, the adjoint's gradient error 0.16 → 0.08; without the decay,
 * at Adam 0.02, the logits grow without bound: test loss rising, gradient error above 2). Fields whose default
 * changed are frozen in src/core/defaults-history.ts so that old links keep their meaning.
 */
export function defaultConfig(): ExperimentConfig {
  return {
    version: SCHEMA_VERSION,
    seed: 1,
    data: {
      kind: 'moons',
      lo: 0.5,
      hi: 2,
      inputDim: 2,
      outputDim: 1,
      targetStd: 0.5,
      nTrain: 256,
      nTest: 256,
      noise: 0.1,
      resolution: 14,
    },
    model: {
      d: 2,
      residual: 'mlp',
      bias: true,
      ...HIDDEN_MODEL_DEFAULTS,
      depth: 32,
      scheme: 'euler',
      convention: 'paper',
      scale: '1/N',
      alpha: 1,
      embedding: 'pad',
      readout: 'trained',
    },
    init: { kind: 'smooth', std: 1, ...HIDDEN_INIT_DEFAULTS, biasStd: 0.5, lengthScale: 0.5 },
    train: {
      loss: 'xent',
      optimizer: 'adam',
      lr: 0.01,
      lrDepthMult: '1',
      momentum: 0.9,
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
      weightDecay: 0.001,
      batchSize: 64,
      steps: 1000,
      gradMode: 'exact',
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Derived quantities shared by every engine.

/** Dimension of one input sample. */
export function dataInputDim(c: ExperimentConfig): number {
  switch (c.data.kind) {
    case 'square':
    case 'neg-square':
    case 'curve':
      return 1;
    case 'matrix':
      return c.model.d;
    case 'gaussian':
      return c.data.inputDim;
    case 'fashion-mnist':
      return c.data.resolution * c.data.resolution;
    default:
      return 2;
  }
}

/** Whether the config's samples come from an image file (which must be provisioned before a build). */
export function isImageData(c: Pick<ExperimentConfig, 'data'>): boolean {
  return IMAGE_DATASETS.includes(c.data.kind);
}

export function isClassification(c: ExperimentConfig): boolean {
  return CLASSIFICATION_DATASETS.includes(c.data.kind);
}

/** Number of model outputs (classes for classification). */
export function dataOutputDim(c: ExperimentConfig): number {
  switch (c.data.kind) {
    case 'square':
    case 'neg-square':
    case 'curve':
      return 1;
    case 'matrix':
      return c.model.d;
    case 'gaussian':
      return c.data.outputDim;
    case 'fashion-mnist':
      return IMAGE_CLASSES;
    default:
      return 2;
  }
}

/**
 * Number of residual steps S and of parameter sets P = S + 1 (see CONVENTIONS), and how many of those sets
 * the network itself uses: all for Heun, the first S for Euler (θ_S only shapes the interpolating ODE).
 */
export function depthLayout(m: Pick<ModelConfig, 'depth' | 'scheme' | 'convention'>): {
  steps: number;
  paramSets: number;
  usedSets: number;
} {
  const steps = m.convention === 'paper' ? m.depth : m.depth - 1;
  return { steps, paramSets: steps + 1, usedSets: scheme(m.scheme).usesNext ? steps + 1 : steps };
}

/** Residual scale h. */
export function residualScale(m: Pick<ModelConfig, 'depth' | 'scale' | 'alpha' | 'width' | 'd'>): number {
  const N = m.depth;
  switch (m.scale) {
    case '1/N':
      return 1 / N;
    case '1':
      return 1;
    case '1/sqrt(N)':
      return 1 / Math.sqrt(N);
    case 'alpha/N':
      return m.alpha / N;
    case 'alpha/(N*M)':
      return m.alpha / (N * m.width);
    case 'sqrt(d)/(N*M)':
      return Math.sqrt(m.d) / (N * m.width);
  }
}

/** Inner scale c of MLP residuals. */
export function innerScale(m: Pick<ModelConfig, 'innerScale' | 'd'>): number {
  switch (m.innerScale) {
    case '1':
      return 1;
    case '1/sqrt(d)':
      return 1 / Math.sqrt(m.d);
    case '1/d':
      return 1 / m.d;
  }
}

/** Learning-rate multiplier applied to residual weights (not to the read-out). */
export function residualLrMultiplier(c: ExperimentConfig): number {
  const { depth: N, width: M, d, alpha } = c.model;
  switch (c.train.lrDepthMult) {
    case '1':
      return 1;
    case 'N':
      return N;
    case 'N*M*d':
      return N * M * d;
    case '1/alpha^2':
      return 1 / (alpha * alpha);
  }
}

/** Number of training samples ('matrix' has one per basis vector). */
export function trainSize(c: ExperimentConfig): number {
  return c.data.kind === 'matrix' ? c.model.d : c.data.nTrain;
}

/** Effective mini-batch size: GD, and the 'matrix' target, use the full training set. */
export function effectiveBatch(c: ExperimentConfig): number {
  const n = trainSize(c);
  return c.train.optimizer === 'gd' || c.data.kind === 'matrix' ? n : Math.min(c.train.batchSize, n);
}

/** Floats in one residual parameter set θ_n (layout in src/core/params.ts). */
export function paramSetSize(m: Pick<ModelConfig, 'residual' | 'd' | 'width' | 'bias'>): number {
  const kind = residualKind(m.residual);
  return kind.layout({ d: m.d, M: kind.hasWidth ? m.width : 0, bias: m.bias }).setSize;
}

/** Upper bound on residual parameters, to keep a config from asking for gigabytes. */
export const MAX_RESIDUAL_PARAMS = 32 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------------------
// Cross-field rules: each names the field to change and why.

type Issue = { path: (string | number)[]; message: string };

function crossFieldIssues(c: ExperimentConfig): Issue[] {
  const out: Issue[] = [];
  const m = c.model;
  const add = (path: string, message: string) => out.push({ path: path.split('.'), message });
  if (c.data.kind === 'square' || c.data.kind === 'neg-square') {
    if (!(c.data.lo < c.data.hi)) add('data.hi', `must be greater than data.lo (${c.data.lo})`);
    else if (c.data.lo < 0 && c.data.hi > 0)
      add('data.lo', 'the interval [lo, hi] must be one-signed (lo ≥ 0 or hi ≤ 0)');
  }
  if (POINT_DATASETS.includes(c.data.kind)) {
    const n = c.data.points?.length ?? 0;
    if (n < 2)
      add(
        'data.points',
        c.data.kind === 'curve'
          ? `a drawn curve needs at least 2 points (has ${n}): draw it across the plot`
          : `custom data needs at least 2 points (has ${n}): upload a CSV or draw some`,
      );
    else if (c.data.nTrain + c.data.nTest > n)
      add(
        'data.nTrain',
        `training + test samples (${c.data.nTrain} + ${c.data.nTest}) exceed the ${n} custom points`,
      );
  }
  const widthKinds = RESIDUAL_IDS.filter((id) => residualKind(id).hasWidth)
    .map((id) => `'${id}'`)
    .join(' or ');
  if (!residualKind(m.residual).hasWidth && (m.scale === 'alpha/(N*M)' || m.scale === 'sqrt(d)/(N*M)'))
    add('model.scale', `'${m.scale}' uses the hidden width M: choose model.residual = ${widthKinds}`);
  if (!residualKind(m.residual).hasWidth && c.train.lrDepthMult === 'N*M*d')
    add('train.lrDepthMult', `'N*M*d' uses the hidden width M: choose model.residual = ${widthKinds}`);
  if (m.convention === 'code' && m.depth < 2)
    add('model.depth', "must be at least 2 with the 'code' convention (N parameter sets, N − 1 steps)");
  if (isImageData(c)) {
    if (c.data.nTrain > IMAGE_TRAIN_MAX)
      add(
        'data.nTrain',
        `Fashion-MNIST has ${IMAGE_TRAIN_MAX.toLocaleString('en-US')} training images here (${IMAGE_TRAIN_MAX / IMAGE_CLASSES} per class): use at most that many (got ${c.data.nTrain})`,
      );
    if (c.data.nTest > IMAGE_TEST_MAX)
      add(
        'data.nTest',
        `Fashion-MNIST has ${IMAGE_TEST_MAX.toLocaleString('en-US')} test images here (${IMAGE_TEST_MAX / IMAGE_CLASSES} per class): use at most that many (got ${c.data.nTest})`,
      );
  }
  const din = dataInputDim(c);
  if (c.data.kind !== 'matrix' && m.embedding === 'pad' && din > m.d)
    add(
      'model.embedding',
      `'pad' needs model.d ≥ the data dimension ${din}; use 'random' (a fixed projection to d) or raise d`,
    );
  const dout = dataOutputDim(c);
  if (m.readout === 'project' && dout > m.d)
    add('model.readout', `'project' needs model.d ≥ the output dimension ${dout}; use 'fixed' or 'trained'`);
  if (c.train.loss === 'xent' && !isClassification(c))
    add('train.loss', `'xent' needs a classification dataset (${CLASSIFICATION_DATASETS.join(', ')})`);
  if ((c.init.kind === 'ramp' || c.init.kind === 'alternating') && !m.bias)
    add('init.kind', `'${c.init.kind}' sets biases: turn model.bias on`);
  const P = depthLayout(m).paramSets * paramSetSize(m);
  if (P > MAX_RESIDUAL_PARAMS)
    add(
      'model.depth',
      `this depth and size need ${P.toLocaleString('en-US')} residual weights (max ${MAX_RESIDUAL_PARAMS.toLocaleString('en-US')}): lower model.depth, model.width or model.d`,
    );
  return out;
}

export const configSchema = configObjectSchema.superRefine((c, ctx) => {
  for (const i of crossFieldIssues(c)) ctx.addIssue({ code: 'custom', path: i.path, message: i.message });
});

export interface FieldError {
  /** Dotted path, e.g. 'model.depth'. */
  field: string;
  message: string;
}

export type ParseResult = { ok: true; config: ExperimentConfig } | { ok: false; errors: FieldError[] };

/** Validate unknown input as a complete config. Never throws. */
export function parseConfig(input: unknown): ParseResult {
  const r = configSchema.safeParse(input);
  if (r.success) return { ok: true, config: r.data };
  return { ok: false, errors: r.error.issues.map(toFieldError) };
}

function toFieldError(i: { path: PropertyKey[]; message: string; code?: string }): FieldError {
  // a bad custom point: name its row (1-based, as in a CSV) rather than the tuple index
  if (i.path[0] === 'data' && i.path[1] === 'points' && typeof i.path[2] === 'number') {
    const col = typeof i.path[3] === 'number' ? ['x1', 'x2', 'class'][i.path[3]] : undefined;
    return { field: 'data.points', message: `row ${i.path[2] + 1}${col ? ` (${col})` : ''}: ${i.message}` };
  }
  const field = i.path.map(String).join('.') || '(config)';
  // zod reports an unrecognised or missing object as "expected object": say so in our words.
  const message = i.message.startsWith('Invalid input')
    ? `is missing or malformed (${i.message})`
    : i.message;
  return { field, message };
}

/** Human-readable one-line-per-field summary. */
export function formatErrors(errors: FieldError[]): string {
  return errors.map((e) => `${e.field}: ${e.message}`).join('\n');
}
