// Every field of the experiment config as a control: label, paper symbol, help text, input kind, choices and
// when the field applies. Pure data (no React) so a unit test can check that every config field has a control.
import {
  CONVENTIONS,
  DATASETS,
  EMBEDDINGS,
  type ExperimentConfig,
  GRAD_MODES,
  IMAGE_TEST_MAX,
  IMAGE_TRAIN_MAX,
  INITS,
  isClassification,
  isImageData,
  LOSSES,
  LR_DEPTH_MULTS,
  OPTIMIZERS,
  READOUTS,
  RESIDUAL_SCALES,
} from '../../core/config';
import { hiddenWidth, kindReads, RESIDUAL_IDS, RESIDUAL_KINDS, residualKind } from '../../residuals';
import { HIDDEN_CONTROLS } from '../../residuals/fields';
import { SCHEME_IDS, SCHEMES_INFO } from '../../schemes';

export type FieldKind = 'int' | 'number' | 'select' | 'checkbox';

export interface FieldSpec {
  /** Dotted config path, e.g. 'model.depth'. */
  path: string;
  label: string;
  /** Paper notation shown next to the label, e.g. 'N'. */
  symbol?: string;
  /** One or two sentences: meaning, range, paper reference. */
  help: string;
  kind: FieldKind;
  options?: readonly string[];
  /** Display text per option (defaults to the option itself). */
  optionLabels?: Record<string, string>;
  /** Step of the number input's arrows. */
  step?: number;
  /** Whether the field matters for this config (hidden otherwise). */
  applies?: (c: ExperimentConfig) => boolean;
}

export type GroupId = 'data' | 'model' | 'init' | 'train' | 'grad';

export interface FieldGroup {
  id: GroupId;
  title: string;
  /** A sentence under the group title. */
  intro?: string;
  fields: FieldSpec[];
}

const oneD = (c: ExperimentConfig) =>
  c.data.kind === 'square' || c.data.kind === 'neg-square' || c.data.kind === 'curve';
/** A field that only some residual kinds read (their `fields`) applies when the config's kind reads it. */
const readBy = (path: string) => (c: ExperimentConfig) => kindReads(c.model.residual, path);
/** Whether the init draws some block of the kind's layout with this std (tied-w-zero-v zeroes some blocks). */
function drawn(c: ExperimentConfig, std: 'std' | 'stdV'): boolean {
  const m = c.model;
  const kind = residualKind(m.residual);
  return kind
    .layout({ d: m.d, M: hiddenWidth(m), bias: m.bias })
    .blocks.some((b) => b.std === std && !(c.init.kind === 'tied-w-zero-v' && b.identityZero));
}
/** Option labels and help of a registry's entries, in its order. */
const labels = (xs: readonly { id: string; label: string }[]) =>
  Object.fromEntries(xs.map((x) => [x.id, x.label]));
const helps = (xs: readonly { help: string }[]) => xs.map((x) => x.help).join(' ');
const randomInit = (c: ExperimentConfig) =>
  c.init.kind === 'tied' ||
  c.init.kind === 'tied-w-zero-v' ||
  c.init.kind === 'iid' ||
  c.init.kind === 'smooth';
const usesAlpha = (c: ExperimentConfig) =>
  c.model.scale === 'alpha/N' || c.model.scale === 'alpha/(N*M)' || c.train.lrDepthMult === '1/alpha^2';

export const GROUPS: FieldGroup[] = [
  {
    id: 'data',
    title: 'Data',
    fields: [
      {
        path: 'data.kind',
        label: 'Dataset',
        kind: 'select',
        options: DATASETS,
        optionLabels: {
          square: 'square  x → x²/2',
          'neg-square': 'neg-square  x → −x²/2',
          matrix: 'matrix  B = I + G',
          gaussian: 'gaussian regression',
          circles: 'circles (2 classes)',
          moons: 'moons (2 classes)',
          spirals: 'spirals (2 classes)',
          xor: 'xor (2 classes)',
          'fashion-mnist': 'Fashion-MNIST images (10 classes)',
          custom: 'custom: your points (2 classes)',
          curve: 'curve: your drawn 1-D target',
        },
        help: 'What the network learns. square / neg-square are Sander et al. Fig. 1 (an ODE flow can learn x²/2 but not −x²/2 on a one-signed interval); matrix is the deep linear target of Fig. 2; gaussian is the mean-ODE regression of Marion et al.; circles … xor are 2-D classification sets; custom is your own 2-D points (upload a CSV); curve is a 1-D target you draw (trajectories view, 1-D data); Fashion-MNIST is real images (Zalando, MIT licence; a stratified subset of 10,000 training and 2,000 test images, downloaded when first used).',
      },
      {
        path: 'data.resolution',
        label: 'Image size',
        symbol: 'px',
        kind: 'int',
        applies: (c) => isImageData(c),
        help: 'Side of the images in pixels: 14 (2×2 means, 196 inputs, 2.4 MB) or 28 (the originals, 784 inputs, 9.4 MB). A fixed random embedding maps them to the state dimension d.',
      },
      {
        path: 'data.lo',
        label: 'Interval start',
        symbol: 'lo',
        kind: 'number',
        step: 0.1,
        applies: oneD,
        help: 'Inputs are spread over [lo, hi], in [−100, 100]. The interval must be one-signed (lo ≥ 0 or hi ≤ 0), as in Fig. 1.',
      },
      {
        path: 'data.hi',
        label: 'Interval end',
        symbol: 'hi',
        kind: 'number',
        step: 0.1,
        applies: oneD,
        help: 'End of the input interval [lo, hi]; must be greater than lo, in [−100, 100].',
      },
      {
        path: 'data.inputDim',
        label: 'Input dimension',
        kind: 'int',
        applies: (c) => c.data.kind === 'gaussian',
        help: 'Dimension of the Gaussian inputs X ~ N(0, I), 1–256. With the pad embedding it must not exceed d.',
      },
      {
        path: 'data.outputDim',
        label: 'Output dimension',
        kind: 'int',
        applies: (c) => c.data.kind === 'gaussian',
        help: 'Dimension of the Gaussian targets Y ~ N(0, I), 1–256.',
      },
      {
        path: 'data.targetStd',
        label: 'Target spread',
        symbol: 'std(G)',
        kind: 'number',
        step: 0.1,
        applies: (c) => c.data.kind === 'matrix',
        help: 'Std of the entries of G in the target matrix B = I + G (Sander et al. §5, Fig. 2), 0–10.',
      },
      {
        path: 'data.nTrain',
        label: 'Training samples',
        kind: 'int',
        step: 32,
        applies: (c) => c.data.kind !== 'matrix',
        help: 'Size of the training set, 1–65536. (matrix always uses the d basis vectors.)',
      },
      {
        path: 'data.nTest',
        label: 'Test samples',
        kind: 'int',
        step: 32,
        applies: (c) => c.data.kind !== 'matrix',
        help: 'Size of the held-out test set, 0–65536 (0: no test loss).',
      },
      {
        path: 'data.noise',
        label: 'Noise',
        kind: 'number',
        step: 0.05,
        applies: (c) => c.data.kind !== 'matrix' && c.data.kind !== 'custom' && c.data.kind !== 'curve',
        help: 'Classification: std of the Gaussian jitter on the points; regression: std of the noise on the targets. 0–10.',
      },
    ],
  },
  {
    id: 'model',
    title: 'Model',
    intro: 'xₙ₊₁ = xₙ + h·f(xₙ, θₙ),  n = 0 … N − 1',
    fields: [
      {
        path: 'model.depth',
        label: 'Depth',
        symbol: 'N',
        kind: 'int',
        step: 1,
        help: 'Number of residual layers N, 1–8192. With h = 1/N the ResNet is an Euler discretisation of a neural ODE on s ∈ [0, 1] with step 1/N (Sander et al. eq. 1).',
      },
      {
        path: 'model.d',
        label: 'State dimension',
        symbol: 'd',
        kind: 'int',
        help: 'Dimension of the hidden state xₙ, 1–256. Inputs are embedded into ℝ^d (pad or random).',
      },
      {
        path: 'model.residual',
        label: 'Residual function',
        symbol: 'f',
        kind: 'select',
        options: RESIDUAL_IDS,
        optionLabels: labels(RESIDUAL_KINDS),
        help: helps(RESIDUAL_KINDS),
      },
      ...HIDDEN_CONTROLS.map((f) => ({ ...f, applies: readBy(f.path) })),
      {
        path: 'model.bias',
        label: 'Bias',
        symbol: 'b',
        kind: 'checkbox',
        help: 'Add a bias b to each residual function. The ramp and alternating inits need it.',
      },
      {
        path: 'model.scheme',
        label: 'Scheme',
        kind: 'select',
        options: SCHEME_IDS,
        optionLabels: labels(SCHEMES_INFO),
        help: helps(SCHEMES_INFO),
      },
      {
        path: 'model.convention',
        label: 'Depth convention',
        kind: 'select',
        options: CONVENTIONS,
        optionLabels: { paper: 'paper (N steps)', code: 'code (N − 1 steps)' },
        help: "paper: N + 1 parameter sets θ₀…θ_N at sₙ = n/N and N steps (s reaches 1). code: the authors' code, N sets θ₀…θ_{N−1} and N − 1 steps.",
      },
      {
        path: 'model.scale',
        label: 'Residual scale',
        symbol: 'h',
        kind: 'select',
        options: RESIDUAL_SCALES,
        help: 'h in xₙ₊₁ = xₙ + h f(xₙ, θₙ). 1/N: Euler step of the neural ODE (Sander et al. eq. 1); 1: a standard ResNet; 1/√N: the intermediate scaling; α/(N·M), √d/(N·M): mean-ODE scalings (Marion et al.).',
      },
      {
        path: 'model.alpha',
        label: 'Scale factor',
        symbol: 'α',
        kind: 'number',
        step: 0.1,
        applies: usesAlpha,
        help: 'α in h = α/N or α/(N·M), and in the 1/α² learning-rate multiplier (lazy regime for large α). Must be > 0, up to 1e6.',
      },
      {
        path: 'model.embedding',
        label: 'Input embedding',
        kind: 'select',
        options: EMBEDDINGS,
        optionLabels: { pad: 'pad with zeros', random: 'fixed random map' },
        applies: (c) => c.data.kind !== 'matrix',
        help: 'How inputs enter ℝ^d: pad copies them into the first coordinates (needs d ≥ input dimension), random applies a fixed random linear map.',
      },
      {
        path: 'model.readout',
        label: 'Read-out',
        kind: 'select',
        options: READOUTS,
        optionLabels: {
          project: 'first coordinates',
          fixed: 'fixed random map',
          trained: 'trained linear',
        },
        help: 'How the output is read from the final state x_N: the first coordinates (needs d ≥ outputs), a fixed random linear map, or a trained linear layer.',
      },
    ],
  },
  {
    id: 'init',
    title: 'Initialisation',
    fields: [
      {
        path: 'init.kind',
        label: 'Weights at start',
        kind: 'select',
        options: INITS,
        optionLabels: {
          zero: 'zero',
          tied: 'tied (all layers equal)',
          'tied-w-zero-v': 'tied W, V = 0',
          iid: 'i.i.d. per layer',
          smooth: 'smooth in depth',
          ramp: 'ramp f = n (§3.1)',
          alternating: 'alternating (−1)ⁿ (§3.1)',
        },
        help: 'smooth: θₙ = g(n/N) for a Gaussian process g, so the weights converge to a function of depth (Sander et al. Th. 1). iid: independent layers, no ODE limit. tied / tied W, V = 0: every layer equal (Marion et al.). ramp and alternating are the §3.1 counter-examples.',
      },
      {
        path: 'init.std',
        label: 'Weight std',
        symbol: 'σ_W',
        kind: 'number',
        step: 0.1,
        applies: (c) => randomInit(c) && drawn(c, 'std'),
        help: 'Std of the entries of θ (linear) or W (MLP), 0–100.',
      },
      {
        path: 'init.stdV',
        label: 'Output-weight std',
        symbol: 'σ_V',
        kind: 'number',
        step: 0.1,
        applies: (c) => randomInit(c) && drawn(c, 'stdV'),
        help: 'Std of the entries of V (MLP output weights), 0–100.',
      },
      {
        path: 'init.biasStd',
        label: 'Bias std',
        symbol: 'σ_b',
        kind: 'number',
        step: 0.1,
        applies: (c) => randomInit(c) && c.model.bias,
        help: 'Std of the bias entries, 0–100.',
      },
      {
        path: 'init.lengthScale',
        label: 'Length scale',
        symbol: 'ℓ',
        kind: 'number',
        step: 0.05,
        applies: (c) => c.init.kind === 'smooth',
        help: 'Correlation length ℓ in continuous depth s of the smooth init, covariance exp(−(s−s′)²/(2ℓ²)); 0.01–100. Small ℓ: rough weights; large ℓ: nearly tied.',
      },
    ],
  },
  {
    id: 'train',
    title: 'Training',
    fields: [
      {
        path: 'train.loss',
        label: 'Loss',
        kind: 'select',
        options: LOSSES,
        optionLabels: { mse: 'mean squared error', xent: 'cross-entropy' },
        help: 'mse for regression targets; cross-entropy needs a classification dataset.',
      },
      {
        path: 'train.optimizer',
        label: 'Optimizer',
        kind: 'select',
        options: OPTIMIZERS,
        optionLabels: { gd: 'GD (full batch)', sgd: 'SGD (mini-batch)', adam: 'Adam' },
        help: 'gd: full-batch gradient descent, the setting of Sander et al. Th. 1. sgd and adam use mini-batches.',
      },
      {
        path: 'train.lr',
        label: 'Learning rate',
        symbol: 'η',
        kind: 'number',
        step: 0.005,
        help: 'Step size η, > 0 (up to 1e6). Residual weights get it times the depth multiplier below.',
      },
      {
        path: 'train.lrDepthMult',
        label: 'Residual LR multiplier',
        kind: 'select',
        options: LR_DEPTH_MULTS,
        optionLabels: {
          '1': '× 1',
          N: '× N (rescaled gradient flow)',
          'N*M*d': '× N·M·d (mean ODE)',
          '1/alpha^2': '÷ α² (lazy)',
        },
        help: 'Multiplies η for the residual weights: × N keeps the gradient flow of h = 1/N networks depth-independent (Sander et al. Th. 1); × N·M·d is the mean-ODE scaling; ÷ α² the lazy scaling.',
      },
      {
        path: 'train.momentum',
        label: 'Momentum',
        kind: 'number',
        step: 0.05,
        applies: (c) => c.train.optimizer === 'sgd',
        help: 'Heavy-ball momentum of SGD, 0–0.999 (0: plain SGD).',
      },
      {
        path: 'train.beta1',
        label: 'Adam β₁',
        kind: 'number',
        step: 0.01,
        applies: (c) => c.train.optimizer === 'adam',
        help: 'Decay of Adam’s first-moment average, 0–0.999.',
      },
      {
        path: 'train.beta2',
        label: 'Adam β₂',
        kind: 'number',
        step: 0.001,
        applies: (c) => c.train.optimizer === 'adam',
        help: 'Decay of Adam’s second-moment average, 0–0.99999.',
      },
      {
        path: 'train.eps',
        label: 'Adam ε',
        kind: 'number',
        applies: (c) => c.train.optimizer === 'adam',
        help: 'Adam’s denominator offset ε, in (0, 1].',
      },
      {
        path: 'train.weightDecay',
        label: 'Weight decay',
        kind: 'number',
        step: 0.001,
        help: 'L2 penalty on the weights, 0–10.',
      },
      {
        path: 'train.batchSize',
        label: 'Batch size',
        symbol: 'B',
        kind: 'int',
        step: 16,
        applies: (c) => c.train.optimizer !== 'gd' && c.data.kind !== 'matrix',
        help: 'Mini-batch size B for SGD and Adam, 1–65536 (capped at the training-set size). Full-batch GD and the matrix target use every sample.',
      },
      {
        path: 'train.steps',
        label: 'Step budget',
        kind: 'int',
        step: 100,
        help: 'Training steps of the experiment, 0–10,000,000. The live run pauses when it reaches the budget; press play to go on.',
      },
    ],
  },
  {
    id: 'grad',
    title: 'Gradients',
    intro:
      'Exact backprop stores every state x₀ … x_N. The memory-free adjoint stores none: it rebuilds them by running the network backwards, xₙ ≈ xₙ₊₁ − h f(xₙ₊₁, θₙ), which is accurate when the network is close to an ODE (Sander et al. §4).',
    fields: [
      {
        path: 'train.gradMode',
        label: 'Gradient',
        kind: 'select',
        options: GRAD_MODES,
        optionLabels: { exact: 'exact backprop', adjoint: 'memory-free adjoint' },
        help: 'Which gradient trains the network. The curves view shows the adjoint’s relative error ‖g̃ − g‖/‖g‖ either way, and the memory meter what each mode needs.',
      },
    ],
  },
];

/** Every control, flat. */
export const ALL_FIELDS: FieldSpec[] = GROUPS.flatMap((g) => g.fields);

/** Whether the field is shown for this config. */
export function fieldApplies(f: FieldSpec, c: ExperimentConfig): boolean {
  return f.applies ? f.applies(c) : true;
}

/**
 * Edits that should accompany `path := value` so the change makes sense on its own: switching between a
 * classification and a regression dataset switches the loss too.
 */
export function companionEdits(c: ExperimentConfig, path: string, value: unknown): Record<string, unknown> {
  if (path !== 'data.kind' || typeof value !== 'string') return {};
  const next = { ...c, data: { ...c.data, kind: value as ExperimentConfig['data']['kind'] } };
  const loss = isClassification(next) ? 'xent' : 'mse';
  const out: Record<string, unknown> = loss === c.train.loss ? {} : { 'train.loss': loss };
  if (isImageData(next)) {
    // images: a fixed random embedding of the pixels into d (d ≥ 32 so that 10 classes fit), a trained
    // read-out to the 10 classes, and no more samples than the file holds
    if (c.model.d < 32) out['model.d'] = 32;
    if (c.model.embedding === 'pad') out['model.embedding'] = 'random';
    if (c.model.readout === 'project') out['model.readout'] = 'trained';
    if (c.data.nTrain > IMAGE_TRAIN_MAX) out['data.nTrain'] = IMAGE_TRAIN_MAX;
    if (c.data.nTest > IMAGE_TEST_MAX) out['data.nTest'] = IMAGE_TEST_MAX;
  }
  return out;
}

/** Parse the text of a number input: a number when it reads as one, else the raw text (so the message quotes it). */
export function parseNumberText(text: string): number | string {
  const t = text.trim();
  if (t === '') return t;
  const v = Number(t);
  return Number.isNaN(v) ? text : v;
}
