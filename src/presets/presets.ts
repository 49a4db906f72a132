// Paper presets: each is a link (config + views) with a short explanation and what to look for. Settings follow
// the papers where they give them; where they do not (the papers' figures come from PyTorch code we do not have),
// the values are chosen so the figure's qualitative result shows up within a few hundred to a few thousand steps
// on a laptop GPU, and the choice is said in `notes`. Text uses $…$ for KaTeX math.
import { type ExperimentConfig, parseConfig } from '../core/config';
import { defaultConfigV2 } from '../core/defaults-history';
import type { DeepPartial } from '../core/testing';
import { defaultViews, type ViewsState } from '../state/experiment';

export interface Preset {
  id: string;
  title: string;
  /** Paper and figure. */
  source: string;
  /** Two or three sentences: the claim and the setting. */
  summary: string;
  /** What to look for, as short bullet points. */
  lookFor: string[];
  /** How this setting departs from (or fills in) the paper's. */
  notes?: string;
  /** Training steps that show the effect (the runner's default for this preset). */
  steps: number;
  /**
   * A second stage the preset offers after training: copy the weights into a network this many times deeper
   * (each layer repeated, src/core/untie.ts) and fine-tune it with the adjoint. The runner: --weights --untie K.
   */
  untie?: number;
  /**
   * The preset this one is shown beside (a pair, e.g. Fig. 1 left and right): after training, the page offers to
   * pin this run and open the other with the Compare view (src/views/presets/pair.ts). Pairs name each other.
   */
  pairWith?: string;
  config: DeepPartial<ExperimentConfig>;
  views?: DeepPartial<ViewsState>;
}

const fig1 = (kind: 'square' | 'neg-square'): DeepPartial<ExperimentConfig> => ({
  seed: 1,
  data: { kind, lo: 0.2, hi: 2, nTrain: 128, nTest: 64, noise: 0 },
  model: {
    d: 1,
    residual: 'mlp',
    width: 32,
    activation: 'relu',
    depth: 300,
    readout: 'project',
    embedding: 'pad',
  },
  init: { kind: 'tied-w-zero-v', std: 1, stdV: 1, biasStd: 1 },
  train: { loss: 'mse', optimizer: 'adam', lr: 0.05, batchSize: 128, steps: 3000, gradMode: 'exact' },
});

const marion = (over: DeepPartial<ExperimentConfig> = {}): DeepPartial<ExperimentConfig> => ({
  seed: 3,
  data: { kind: 'gaussian', inputDim: 16, outputDim: 16, nTrain: 64, nTest: 64, ...over.data },
  model: {
    d: 16,
    residual: 'mlp',
    width: 32,
    activation: 'gelu',
    innerScale: '1/sqrt(d)',
    depth: 64,
    readout: 'project',
    embedding: 'pad',
    ...over.model,
  },
  init: { kind: 'tied-w-zero-v', std: 1, stdV: 1, biasStd: 0, ...over.init },
  train: { loss: 'mse', optimizer: 'gd', lr: 0.05, lrDepthMult: 'N', steps: 2000, ...over.train },
});

// Fashion-MNIST (issue 11): 14×14 images, the committed subset's first 2000 training and 500 test images, a fixed
// random embedding 196 → d, a trained read-out d → 10; small enough to measure on a CPU (float64 runner).
const fmnist = (over: DeepPartial<ExperimentConfig> = {}): DeepPartial<ExperimentConfig> => ({
  seed: 1,
  data: { kind: 'fashion-mnist', resolution: 14, nTrain: 2000, nTest: 500, ...over.data },
  model: {
    d: 16,
    residual: 'mlp',
    width: 16,
    activation: 'gelu',
    innerScale: '1/sqrt(d)',
    depth: 64,
    scale: '1/N',
    embedding: 'random',
    readout: 'trained',
    ...over.model,
  },
  init: { kind: 'tied', std: 1, stdV: 0.3, biasStd: 0, ...over.init },
  train: {
    loss: 'xent',
    optimizer: 'adam',
    lr: 0.01,
    batchSize: 32,
    steps: 300,
    gradMode: 'exact',
    ...over.train,
  },
});

export const PRESETS: Preset[] = [
  {
    id: 'sander-fig1-square',
    title: 'Smooth trajectories: learning x ↦ x²/2',
    source: 'Sander, Ablin & Peyré 2022, Fig. 1 (left)',
    summary:
      'A 1-D ResNet with $N = 300$ layers, $x_{n+1} = x_n + \\tfrac1N f(x_n, \\theta_n)$, learns $x \\mapsto x^2/2$ on $[0.2, 2]$. The map is increasing, so a neural ODE $\\dot x = \\varphi(x, s)$ can represent it, and the trained ResNet behaves like one.',
    lookFor: [
      'Trajectories over depth $s = n/N$ fan out smoothly and never cross.',
      'The ODE overlay (dashed) follows the ResNet closely: after training, the badge $\\max_n \\|x_n - x(s_n)\\|$ is well under 1% of the states’ spread.',
      'The crossing badge says “no crossings”: the trajectories never meet, as an ODE flow’s cannot.',
    ],
    notes:
      'Width 32 ReLU blocks started as the identity ($V = 0$, $W$ tied across layers) and Adam 0.05 are our choices; the paper does not give them. Float64 runner, 3000 steps: loss $2\\cdot 10^{-8}$, no crossing, the ODE within 0.2% of the states’ spread.',
    steps: 3000,
    pairWith: 'sander-fig1-neg-square',
    config: fig1('square'),
    views: { open: ['trajectories', 'curves', 'heatmap', 'memory'] },
  },
  {
    id: 'sander-fig1-neg-square',
    title: 'Crossing trajectories: learning x ↦ −x²/2',
    source: 'Sander, Ablin & Peyré 2022, Fig. 1 (right)',
    summary:
      'Same network, target $x \\mapsto -x^2/2$. This map reverses the order of the inputs, which no ODE flow can do (trajectories of an ODE cannot cross). A ResNet can, by leaving the ODE regime: some residuals grow large and trajectories cross.',
    lookFor: [
      'Trajectories cross: the crossing badge turns red and says “not an ODE flow”.',
      'The ODE overlay of the interpolated weights departs from the ResNet.',
      'Weights become rough in depth (heatmap), unlike the $x^2/2$ case.',
    ],
    notes:
      'Same settings as the $x^2/2$ preset; only the target changes. ReLU blocks matter here: with tanh blocks Adam stalled at a loss of about 0.36 without crossing, while ReLU units switch on abruptly and let a few layers fold the line. Float64 runner, 3000 steps: loss $3\\cdot 10^{-7}$, all 276 pairs of the 24-input fan cross, and the interpolated ODE ends far away (93% of the states’ spread).',
    steps: 3000,
    pairWith: 'sander-fig1-square',
    config: fig1('neg-square'),
    views: { open: ['trajectories', 'heatmap', 'curves', 'memory'] },
  },
  {
    id: 'sander-fig2-linear',
    title: 'Deep linear ResNet: weights converge to a Lipschitz limit',
    source: 'Sander, Ablin & Peyré 2022, Fig. 2 (Prop. 2, Th. 1)',
    summary:
      'Linear residuals $f(x, \\theta) = \\theta x$, $d = 2$, zero initialisation, target $B = I + G$: the network computes $\\Pi^N = \\prod_n (I + \\theta_n/N)$ and minimises $\\mathrm{mean}((\\Pi^N - B)^2)$ by the rescaled gradient flow (learning rate $\\times N$). Weights stay smooth in depth and converge, as $N \\to \\infty$, to a Lipschitz function of $s$ at rate $1/N$.',
    lookFor: [
      'The weight heatmap shows smooth bands across depth, at every training step.',
      '$N\\max_n\\|\\theta_{n+1} - \\theta_n\\|$ stays bounded while the loss falls by orders of magnitude.',
      'Sweeps (measure: distance to a 4× deeper network) over $N$: fitted slope $\\approx -1$.',
    ],
    notes:
      'The paper uses gradient flow; we use gradient descent with step 0.02 × N on the rescaled gradient. Float64 runner: loss 6e-4 after 1500 steps, $N\\max_n\\|\\theta_{n+1} - \\theta_n\\| = 1.07$; sweep slope −1.10.',
    steps: 1500,
    config: {
      seed: 2,
      data: { kind: 'matrix', targetStd: 0.5 },
      model: { d: 2, residual: 'linear', bias: false, depth: 64, readout: 'project', embedding: 'pad' },
      init: { kind: 'zero' },
      train: { loss: 'mse', optimizer: 'gd', lr: 0.02, lrDepthMult: 'N', steps: 1500, gradMode: 'exact' },
    },
    views: {
      open: ['heatmap', 'curves', 'sweep', 'trajectories', 'memory'],
      heatmap: { timeMetric: 'increment' },
      sweep: { metric: 'deepReference', depths: [8, 16, 32, 64, 128], trainSteps: 300 },
    },
  },
  {
    id: 'sander-fig3c-gradient-error',
    title: 'Memory-free adjoint: gradient error vs depth, ResNet vs HeunNet',
    source: 'Sander, Ablin & Peyré 2022, Fig. 3(c) (Props. 4 and 6)',
    summary:
      'Gradients computed with activations rebuilt by running the network backwards (reverse Euler, eq. 6, or reverse Heun, eq. 9) instead of storing them. The relative error $\\|\\tilde g - g\\|/\\|g\\|$ shrinks like $1/N$ for the ResNet and like $1/N^2$ or faster for the HeunNet when the weights are smooth in depth.',
    lookFor: [
      'Sweeps (measure: adjoint gradient error): two lines on log-log axes; fitted slopes near $-1$ (ResNet) and $-2$ or steeper (HeunNet).',
      'Memory: the adjoint keeps $O(B\\,d)$ activations, exact backprop $O(N\\,B\\,d)$.',
      'On the GPU the HeunNet line flattens near float32 round-off ($\\sim 10^{-6}$): set the sweep’s precision to CPU · float64 for precise slopes.',
    ],
    notes:
      'The paper measures a CIFAR ResNet; we use smooth-in-depth MLP blocks on a small regression task. Float64 sweep over $N$ = 16…512: slopes −0.96 (ResNet) and −2.96 (HeunNet); WebGPU (float32): −0.96 and −2.94.',
    steps: 0,
    config: {
      seed: 4,
      data: { kind: 'gaussian', inputDim: 4, outputDim: 4, nTrain: 64, nTest: 32 },
      model: {
        d: 4,
        residual: 'mlp',
        width: 16,
        activation: 'tanh',
        depth: 64,
        readout: 'trained',
        embedding: 'pad',
      },
      init: { kind: 'smooth', std: 1, stdV: 1, biasStd: 0.5, lengthScale: 0.3 },
      train: { loss: 'mse', optimizer: 'adam', lr: 0.005, steps: 500, gradMode: 'adjoint' },
    },
    views: {
      open: ['sweep', 'memory', 'curves', 'trajectories', 'heatmap'],
      // from N = 16: below that the relative error saturates near 1 and bends the fit
      sweep: { metric: 'gradError', depths: [16, 32, 64, 128, 256, 512], trainSteps: 0, precision: 'gpu' },
    },
  },
  {
    id: 'order-equals-slope',
    title: 'The order of the scheme is the slope of the error',
    source: 'Sander, Ablin & Peyré 2022, Props. 4 and 6, extended to midpoint and RK4',
    summary:
      'Run the network forward, then backwards with the same scheme and step $-h$, and measure how far the rebuilt states $\\tilde x_n$ are from $x_n$. A step of order $p$ errs by $C h^{p+1}$ per layer. Reversing it is the same scheme applied to $-f$, whose leading error term has $p+1$ factors of $f$, so it errs by $(-1)^{p+1} C h^{p+1}$: for odd $p$ (Euler) the two add up, for even $p$ (midpoint, Heun, RK4) they cancel and one order more is left, when the weights are smooth in depth. Over $N$ layers the error is therefore $\\propto N^{-1}$ for Euler, $N^{-3}$ for midpoint and $N^{-5}$ for RK4: on log-log axes the slope is $-p$ or $-(p+1)$.',
    lookFor: [
      'Sweeps (measure: reconstruction error): three lines on log-log axes with fitted slopes near $-1$ (Euler), $-3$ (midpoint) and $-5$ (RK4).',
      'The RK4 line reaches float64 round-off ($\\sim 10^{-15}$) at a few hundred layers: the points near the floor are left out of the fit.',
      'Set the sweep’s precision to GPU · float32: every line flattens near $10^{-6}$, which is why the preset measures in float64.',
    ],
    notes:
      'Smooth-in-depth MLP blocks (tanh, length scale 0.3) on a small regression task, no training: the rates are properties of the scheme and the smoothness of the weights. Float64 sweep over $N$ = 8…512 (weight stds 0.5: at std 1 the Euler error is still pre-asymptotic below $N \\approx 64$): slopes −1.00 (Euler), −2.99 (midpoint), −4.97 (RK4, its $N = 512$ point at the round-off floor left out).',
    steps: 0,
    config: {
      seed: 4,
      data: { kind: 'gaussian', inputDim: 4, outputDim: 4, nTrain: 64, nTest: 32 },
      model: {
        d: 4,
        residual: 'mlp',
        width: 16,
        activation: 'tanh',
        depth: 64,
        readout: 'trained',
        embedding: 'pad',
        scheme: 'rk4',
      },
      init: { kind: 'smooth', std: 0.5, stdV: 0.5, biasStd: 0.5, lengthScale: 0.3 },
      train: { loss: 'mse', optimizer: 'adam', lr: 0.005, steps: 500, gradMode: 'adjoint' },
    },
    views: {
      open: ['sweep', 'trajectories', 'heatmap', 'curves'],
      sweep: {
        metric: 'reconError',
        schemes: ['euler', 'midpoint', 'rk4'],
        depths: [8, 16, 32, 64, 128, 256, 512],
        trainSteps: 0,
        precision: 'cpu',
      },
    },
  },
  {
    id: 'sander-fig4-mini',
    title: 'Training with the adjoint at several depths (Fig. 4 in miniature)',
    source: 'Sander, Ablin & Peyré 2022, Fig. 4',
    summary:
      'Train the same classifier with exact backpropagation or with the memory-free adjoint, at several depths. At small depth the adjoint gradient is too wrong and training suffers; at large depth it matches exact training, and the HeunNet needs fewer layers than the ResNet.',
    lookFor: [
      'Sweeps (measure: training loss after 300 steps of adjoint training): the ResNet stays near its initial loss at small $N$ and trains well from $N \\approx 32$; the HeunNet already from $N \\approx 8$.',
      'Set Gradient (under Gradients in the settings) to exact backprop and run the sweep again: every depth trains, so the failures were the adjoint’s gradient error.',
      'Training curves at $N = 16$: the adjoint gradient error (purple) stays near 1 for the ResNet.',
    ],
    notes:
      'The paper trains CIFAR-10 ResNets; two spirals with small MLP blocks keep it interactive. Float64 runner, training loss after 300 adjoint steps: ResNet 0.65, 0.67, 0.49 at $N$ = 4, 8, 16, then $8\\cdot 10^{-5}$ at 32 and 64; HeunNet 0.68 at $N = 4$, $\\le 10^{-4}$ from $N = 8$. With exact gradients every depth reaches $\\le 2.4\\cdot 10^{-4}$.',
    steps: 1500,
    config: {
      seed: 5,
      data: { kind: 'spirals', nTrain: 256, nTest: 256, noise: 0.05 },
      model: {
        d: 3,
        residual: 'mlp',
        width: 16,
        activation: 'tanh',
        depth: 16,
        readout: 'trained',
        embedding: 'pad',
      },
      init: { kind: 'tied', std: 1, stdV: 0.3, biasStd: 0.3 },
      train: { loss: 'xent', optimizer: 'adam', lr: 0.02, batchSize: 64, steps: 1500, gradMode: 'adjoint' },
    },
    views: {
      open: ['curves', 'trajectories', 'sweep', 'memory', 'heatmap'],
      sweep: { metric: 'trainedLoss', depths: [4, 8, 16, 32, 64], trainSteps: 300 },
    },
  },
  {
    id: 'sander-counterexample-ramp',
    title: 'Non-smooth in depth (1): f(x, θ_n) = n, a gap of 1/2',
    source: 'Sander, Ablin & Peyré 2022, §3.1',
    summary:
      'Residuals $f(x, \\theta_n) = n$ grow with depth: the ResNet outputs $x_0 + (N-1)/2$, the interpolating ODE $x_0 + N/2$. Their distance stays $1/2$ for every $N$: Prop. 1 gives no convergence without smoothness in depth.',
    lookFor: [
      'Trajectories: the ResNet and the dashed ODE end $1/2$ apart.',
      'Sweeps (measure: distance to the neural ODE) over $N$: a flat line, slope $\\approx 0$.',
    ],
    steps: 0,
    config: {
      seed: 1,
      data: { kind: 'square', lo: 0.2, hi: 2, nTrain: 16, nTest: 0, noise: 0 },
      model: { d: 1, residual: 'linear', bias: true, depth: 16, readout: 'project', embedding: 'pad' },
      init: { kind: 'ramp' },
      train: { loss: 'mse', optimizer: 'gd', lr: 0.001, steps: 0 },
    },
    views: {
      open: ['trajectories', 'sweep', 'heatmap', 'curves', 'memory'],
      trajectories: { showOde: true },
      sweep: { metric: 'odeDistance', depths: [4, 8, 16, 32, 64, 128], trainSteps: 0 },
    },
  },
  {
    id: 'sander-counterexample-alternating',
    title: 'Non-smooth in depth (2): θ_n = (−1)ⁿ, f = θ², a gap of 2/3',
    source: 'Sander, Ablin & Peyré 2022, §3.1',
    summary:
      'Bounded but oscillating weights $\\theta_n = (-1)^n$ with $f(x, \\theta) = \\theta^2$ (here an MLP block with one identity unit: $V\\sigma(b) = \\theta^2$): the ResNet adds 1, the weight-interpolated ODE only $\\int_0^1 (2Ns - (2n+1))^2 ds = 1/3$. The gap $2/3$ does not shrink with $N$.',
    lookFor: [
      'Trajectories: ResNet and ODE end $2/3$ apart at every depth.',
      'The weight heatmap alternates sign from layer to layer.',
      'Sweeps (measure: distance to the neural ODE) over $N$: flat, slope $\\approx 0$.',
    ],
    steps: 0,
    config: {
      seed: 1,
      data: { kind: 'square', lo: 0.2, hi: 2, nTrain: 16, nTest: 0, noise: 0 },
      model: {
        d: 1,
        residual: 'mlp',
        width: 1,
        activation: 'identity',
        bias: true,
        depth: 16,
        readout: 'project',
        embedding: 'pad',
      },
      init: { kind: 'alternating' },
      train: { loss: 'mse', optimizer: 'gd', lr: 0.001, steps: 0 },
    },
    views: {
      open: ['trajectories', 'heatmap', 'sweep', 'curves', 'memory'],
      trajectories: { showOde: true },
      sweep: { metric: 'odeDistance', depths: [4, 8, 16, 32, 64, 128], trainSteps: 0 },
    },
  },
  {
    id: 'marion-smooth-limit',
    title: 'Implicit regularisation: tied init stays smooth as N grows',
    source: 'Marion, Wu, Sander & Biau 2024',
    summary:
      'MLP blocks $f(h) = V\\,\\mathrm{GELU}(W h/\\sqrt d)$, $d = 16$, $m = 32$, initialised as the identity ($V = 0$, $W$ tied across layers) and trained by gradient descent with the depth-scaled learning rate. Training keeps the weights a discretisation of a smooth function of $s$: $N\\max_k\\|\\theta_{k+1} - \\theta_k\\|$ stays constant as $N$ grows.',
    lookFor: [
      'Weight heatmaps, over training: increments $N\\|\\Delta\\theta\\|$ stay small and uniform across depth during training.',
      'Sweeps (measure: smoothness, 300 training steps) over $N$: a flat line.',
      'Sweeps (measure: distance to a 4× deeper network): halves when $N$ doubles (slope $-1$).',
    ],
    notes:
      'Gaussian regression data as in the paper’s synthetic experiments; sizes reduced for the browser. Float64 runner: $N\\max_k\\|\\theta_{k+1} - \\theta_k\\|$ after 300 steps 2.68 → 2.72 and after 2000 steps 22.7 → 24.2 for $N$ = 16 → 128 (slopes 0.006 and 0.03).',
    steps: 2000,
    config: marion(),
    views: {
      open: ['heatmap', 'curves', 'sweep', 'trajectories', 'memory'],
      heatmap: { timeMetric: 'increment' },
      sweep: { metric: 'smoothness', depths: [16, 32, 64, 128], trainSteps: 300 },
    },
  },
  {
    id: 'marion-long-training',
    title: 'Long training: loss falls by orders of magnitude, weights stay smooth',
    source: 'Marion, Wu, Sander & Biau 2024 (PL condition, double limit)',
    summary:
      'With enough width the training loss satisfies a Polyak–Łojasiewicz condition and gradient flow converges to a global minimum, while the weights stay smooth in depth: depth and training time together give an interpolating neural ODE.',
    lookFor: [
      'Training curves (log scale): the training loss keeps falling, by about two orders of magnitude in 5000 steps (32 samples: the test loss does not follow, the net interpolates).',
      'Weight heatmaps (left, weights over depth): smooth bands across depth at every step; $N\\max_k\\|\\theta_{k+1} - \\theta_k\\|$ grows with training time but not with $N$.',
      'Sweeps (measure: smoothness, 1000 training steps) over $N$: flat.',
    ],
    notes:
      'Float64 runner, 5000 steps at $N = 64$: training loss 2.25 → 0.039, and $N\\max_k\\|\\theta_{k+1} - \\theta_k\\|$ rises from 0 to about 160 (at 2000 steps it is 22.7, 23.4, 23.8, 24.2 for $N$ = 16, 32, 64, 128).',
    steps: 5000,
    config: marion({ data: { nTrain: 32 }, train: { steps: 5000 } }),
    views: {
      open: ['curves', 'heatmap', 'trajectories', 'memory', 'sweep'],
      curves: { logScale: true },
      heatmap: { timeMetric: 'increment' },
      sweep: { metric: 'smoothness', depths: [16, 32, 64], trainSteps: 1000 },
    },
  },
  {
    id: 'marion-tied-vs-iid',
    title: 'Tied vs i.i.d. initialisation',
    source: 'Marion, Wu, Sander & Biau 2024; Sander et al. 2022 §3.2',
    summary:
      'The same network started from i.i.d. Gaussian weights per layer. Nothing makes the layers close to each other, so training does not produce a smooth function of depth: there is no neural-ODE limit.',
    lookFor: [
      'Weight heatmaps: noise across depth instead of smooth bands (compare with the tied preset).',
      'Sweeps (measure: smoothness) over $N$: grows like $N$ (slope $\\approx 1$) instead of staying flat.',
    ],
    notes:
      'Float64 runner, after 300 steps: $N\\max_k\\|\\theta_{k+1} - \\theta_k\\|$ = 558, 1114, 2306, 4602 for $N$ = 16, 32, 64, 128 (slope 1.02), against about 2.7 at every $N$ for the tied preset.',
    steps: 2000,
    config: marion({ init: { kind: 'iid', std: 1, stdV: 0.1 } }),
    views: {
      open: ['heatmap', 'sweep', 'curves', 'trajectories', 'memory'],
      heatmap: { timeMetric: 'increment' },
      sweep: { metric: 'smoothness', depths: [16, 32, 64, 128], trainSteps: 300 },
    },
  },
  {
    id: 'marion-relu',
    title: 'The ReLU counter-example: smoothness is lost',
    source: 'Marion, Wu, Sander & Biau 2024 (discussion of the assumptions)',
    summary:
      'The theory needs a smooth activation. With ReLU the gradient of a block jumps where units switch on or off, neighbouring layers receive different updates, and smoothness in depth degrades during training even from a tied initialisation.',
    lookFor: [
      'Weight heatmaps, over training: increments $N\\|\\Delta\\theta\\|$ grow during training, unlike the GELU preset.',
      'Sweeps (measure: smoothness, 300 training steps) over $N$: no longer flat (slope about $0.5$).',
    ],
    notes:
      'Float64 runner, after 300 steps: $N\\max_k\\|\\theta_{k+1} - \\theta_k\\|$ = 9.0, 10.5, 17.2, 24.7 for $N$ = 16, 32, 64, 128 (slope 0.51), where GELU stays flat.',
    steps: 2000,
    config: marion({
      model: { activation: 'relu' },
      init: { kind: 'tied', std: 1, stdV: 0.3, biasStd: 0.3 },
    }),
    views: {
      open: ['heatmap', 'curves', 'sweep', 'trajectories', 'memory'],
      heatmap: { timeMetric: 'increment' },
      sweep: { metric: 'smoothness', depths: [16, 32, 64, 128], trainSteps: 300 },
    },
  },
  {
    id: 'mean-ode-limit',
    title: 'Mean-ODE limit: error ~ 1/√(LM) however L·M is split',
    source: 'Neural mean ODE (hidden width) summary; Chizat-style scaling',
    summary:
      'Two-layer tanh blocks with residual scale $\\sqrt d/(LM)$ and i.i.d. $N(0,1)$ weights, trained with the learning rate scaled by $L M d$. As depth $L$ and width $M$ grow the network converges to a mean ODE; the error against a large reference behaves like $1/L + \\sqrt d/\\sqrt{LM}$.',
    lookFor: [
      'Sweeps over depth $L$ × width $M$ (measure: distance to a large reference): points for different splits of $L\\cdot M$ fall on one line of slope $-1/2$.',
      'The points follow the dashed $1/\\sqrt{LM}$ reference line; the fit of all widths pooled reads about $-1/2$.',
    ],
    notes:
      'Sizes reduced for the browser; the reference network is the largest $L$ and $M$ of the grid times four. Float64 runner: slope −0.49 through all 12 points (r² 0.96), −0.42, −0.51, −0.64 for $M$ = 4, 16, 64.',
    steps: 100,
    config: {
      seed: 6,
      data: { kind: 'gaussian', inputDim: 4, outputDim: 4, nTrain: 32, nTest: 32 },
      model: {
        d: 4,
        residual: 'mlp',
        width: 16,
        activation: 'tanh',
        depth: 16,
        scale: 'sqrt(d)/(N*M)',
        readout: 'project',
        embedding: 'pad',
      },
      init: { kind: 'iid', std: 1, stdV: 1, biasStd: 0 },
      train: { loss: 'mse', optimizer: 'gd', lr: 0.01, lrDepthMult: 'N*M*d', steps: 100 },
    },
    views: {
      open: ['sweep', 'curves', 'trajectories', 'heatmap', 'memory'],
      sweep: {
        kind: 'widthDepth',
        metric: 'meanOde',
        depths: [4, 8, 16, 32],
        widths: [4, 16, 64],
        trainSteps: 50,
      },
    },
  },
  {
    id: 'mean-ode-lazy',
    title: 'Lazy regime: large α, weights barely move',
    source: 'Neural mean ODE (hidden width) summary',
    summary:
      'Residual scale $\\alpha/(LM)$ with a large $\\alpha$ and the learning rate divided by $\\alpha^2$: the network output still changes and the loss falls, but each weight moves by $O(1/\\alpha)$ — the limit is linearly parameterised (no feature learning).',
    lookFor: [
      'Training curves: the loss halves in 500 steps.',
      'Weight heatmaps, over training: norms $\\|\\theta_n\\|$ hardly change from their initial values.',
      'Set the scale factor $\\alpha$ back to 1 and compare how far the weights move.',
    ],
    notes:
      'Float64 runner, 500 steps: loss 16.1 → 8.0 while $\\|\\theta - \\theta_{\\text{init}}\\| / \\|\\theta_{\\text{init}}\\| = 0.6\\%$.',
    steps: 500,
    config: {
      seed: 6,
      data: { kind: 'gaussian', inputDim: 4, outputDim: 4, nTrain: 32, nTest: 32 },
      model: {
        d: 4,
        residual: 'mlp',
        width: 32,
        activation: 'tanh',
        depth: 16,
        scale: 'alpha/(N*M)',
        alpha: 100,
        readout: 'project',
        embedding: 'pad',
      },
      init: { kind: 'iid', std: 1, stdV: 1, biasStd: 0 },
      train: { loss: 'mse', optimizer: 'gd', lr: 0.5, lrDepthMult: '1/alpha^2', steps: 500 },
    },
    views: {
      open: ['curves', 'heatmap', 'trajectories', 'sweep', 'memory'],
      heatmap: { timeMetric: 'norm' },
    },
  },
  {
    id: 'fmnist-implicit-regularisation',
    title: 'Real images: tied vs i.i.d. init, GELU vs ReLU (Table 1 in miniature)',
    source: 'Marion, Wu, Sander & Biau 2024, Table 1 (Fashion-MNIST instead of CIFAR-10)',
    summary:
      'A 64-layer ResNet of MLP blocks $f(h) = V\\sigma(W h/\\sqrt d)$, $d = 16$, $M = 16$, classifies 14×14 Fashion-MNIST images (a fixed random embedding $196 \\to 16$, a trained read-out). Started tied (every layer equal) with a smooth activation (GELU), training keeps the weights a smooth function of depth; from i.i.d. layers, or with ReLU, it does not, while the accuracy barely differs: the smoothness is an implicit regularisation, not what fits the data.',
    lookFor: [
      'Weight heatmaps, over training: increments $N\\|\\Delta\\theta\\|$ small and even across depth; set Weights at start to i.i.d. per layer and they are large and noisy from the start.',
      'Training curves: test accuracy near 70–75% after 300 steps in all four settings (see the notes).',
      'Set Activation to relu (weights still tied): the increments grow during training instead of staying flat.',
    ],
    notes:
      'Float64 runner, 300 steps of Adam (lr 0.01, batches of 32) on 2000 training and 500 test images of the subset, $N = 64$. Test accuracy: 70.0% (tied, GELU), 72.8% (i.i.d., GELU), 70.6% (tied, ReLU), 72.2% (i.i.d., ReLU). Smoothness, the mean over depth of $\\|\\theta_{k+1} - \\theta_k\\|_F$: 0.30, 27.8, 0.60, 27.5 ($N\\max_k$: 27.8, 1967, 73.6, 1922). At $N = 128$: 70.0%, 73.6%, 70.6%, 73.6%; smoothness 0.15, 27.6, 0.43, 27.3 ($N\\max_k$: 30.4, 3917, 122, 3831): tied starts stay smooth as $N$ doubles (the mean increment halves, $N\\max_k$ stays near 30 with GELU), i.i.d. ones do not ($N\\max_k$ doubles). The accuracies agree within 4 points while the smoothness differs 90–180-fold; ReLU makes a tied start 2–3 times rougher within 300 steps. About 25 s per run at $N = 64$ and 50–135 s at $N = 128$ on a shared, heavily loaded 2-core CPU. The paper trains CIFAR-10 and ImageNet ResNets for far longer; $d = 16$, $M = 16$, the fixed random embedding and Adam are our choices to keep it interactive.',
    steps: 300,
    config: fmnist(),
    views: {
      open: ['heatmap', 'curves', 'misclassified', 'sweep', 'memory'],
      heatmap: { timeMetric: 'increment' },
      sweep: { metric: 'smoothness', depths: [16, 32, 64], trainSteps: 100 },
    },
  },
  {
    id: 'fmnist-adjoint-depth',
    title: 'Real images: the memory-free adjoint against depth (Fig. 4 in miniature)',
    source: 'Sander, Ablin & Peyré 2022, Fig. 4 (Fashion-MNIST instead of CIFAR-10)',
    summary:
      'The same image classifier trained with exact backpropagation or with the memory-free adjoint (activations rebuilt backwards, $O(1)$ memory in depth), as a ResNet (Euler) or a HeunNet. The adjoint gradient is wrong by $O(1/N)$ (ResNet) or $O(1/N^2)$ (HeunNet): at small depth training suffers, at large depth it matches exact training.',
    lookFor: [
      'Training curves at $N = 8$: the adjoint trains about as well as exact backprop; set Depth $N$ to 2 and it falls behind (the notes: 58% against 68% test accuracy for the ResNet).',
      'Sweep (adjoint gradient error over $N$): slopes near $-1$ (ResNet) and $-2$ or steeper (HeunNet): why the HeunNet catches up at smaller depth.',
      'Memory meter: the adjoint’s activations do not grow with $N$; exact backprop’s do.',
    ],
    notes:
      'Float64 runner, 200 steps of Adam (lr 0.01, batches of 32) on 2000 training and 500 test images of the subset, tied start ($W$ and $V$ std 1). Test error at $N$ = 2, 4, 8, 16, 32: ResNet exact 32.4, 32.2, 35.4, 35.4, 34.0%; ResNet adjoint 41.6, 36.8, 36.2, 34.0, 32.8%; HeunNet exact 34.6, 35.4, 34.6, 34.8, 35.0%; HeunNet adjoint 40.4, 34.4, 34.6, 34.8, 35.0%. The adjoint costs 9 points at $N = 2$ and 5 at $N = 4$ for the ResNet and is even from $N \\approx 16$; the HeunNet only pays at $N = 2$ (one seed: differences under 2 points are noise). The adjoint gradient’s relative error after training: ResNet 13, 1.9, 0.60, 0.27, 0.14 (slope ≈ −1 from $N = 4$), HeunNet 1.9, 0.28, 0.037, 0.0045, 0.00057 (slope ≈ −3). 200 steps took 3–56 s per run on a shared 2-core CPU (longest: HeunNet, $N = 32$). The sweep shows the gradient error rather than the trained loss: cross-entropy on images never falls below a tenth of its initial value in a few hundred steps, so that read-out would say nothing.',
    steps: 300,
    config: fmnist({
      model: { depth: 8 },
      init: { kind: 'tied', std: 1, stdV: 1, biasStd: 0 },
      train: { gradMode: 'adjoint' },
    }),
    views: {
      open: ['curves', 'sweep', 'memory', 'misclassified', 'heatmap'],
      sweep: { metric: 'gradError', depths: [2, 4, 8, 16, 32], trainSteps: 0 },
    },
  },
  {
    id: 'fmnist-untie-finetune',
    title: 'Real images: fine-tuning by untying (Table 2 in miniature)',
    source: 'Sander, Ablin & Peyré 2022, Table 2 (Fashion-MNIST instead of ImageNet)',
    summary:
      'Train a shallow network whose 8 layers start tied, by exact backpropagation. Then copy its weights into a network 4 times deeper, each layer repeated 4 times with the residual scale $1/N$ shrinking to $1/(4N)$: it computes nearly the same function (the same ODE, discretised more finely), every layer now free to move on its own (untied), and deep enough for the memory-free adjoint to give accurate gradients. Fine-tune it with the adjoint.',
    lookFor: [
      'Train about 300 steps, then press “Untie ×4 and fine-tune”: the depth becomes 32 and the gradient mode adjoint.',
      'Right after untying the test accuracy is about what it was (the function barely changed); fine-tuning then raises it.',
      'Memory meter: the fine-tuning stores $O(1)$ activations in depth.',
    ],
    notes:
      'Float64 runner: the 8-layer network reaches 70.2% test accuracy after 300 exact steps; untied ×4 (32 layers, before any fine-tuning) it scores 70.8%, the function kept; 300 adjoint steps then reach 72.0% (train 76.2%), with the adjoint gradient within 6% of the exact one. For comparison, 300 more exact steps of the 8-layer network reach 73.2% (between 69.6% and 73.2% along the way): on this small problem untying keeps what was learned and lets the memory-free adjoint go on, rather than beating the shallow network. The app cannot constrain training to shared weights, so the first stage starts tied and trains freely; the paper fine-tunes an ImageNet ResNet. About 9 s for the first stage and 40 s for the fine-tuning on a shared 2-core CPU.',
    steps: 300,
    untie: 4,
    config: fmnist({ model: { depth: 8 } }),
    views: { open: ['curves', 'memory', 'misclassified', 'heatmap'] },
  },
];

function merge<T>(base: T, over: DeepPartial<T> | undefined): T {
  if (!over) return base;
  const out = { ...base } as Record<string, unknown>;
  for (const [k, v] of Object.entries(over)) {
    const b = (base as Record<string, unknown>)[k];
    out[k] =
      v !== null && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object'
        ? merge(b, v)
        : v;
  }
  return out as T;
}

/** The preset's validated config and views (throws if a preset is invalid: a test keeps them valid). */
export function presetConfig(p: Preset): { config: ExperimentConfig; views: ViewsState } {
  // on link version 2's defaults, which the presets were written and measured against (a preset's figure must
  // not move when the app's default experiment does; src/presets/frozen-configs.test.ts)
  const r = parseConfig(merge(defaultConfigV2(), p.config));
  if (!r.ok)
    throw new Error(
      `preset ${p.id} is invalid: ${r.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
    );
  return { config: r.config, views: merge(defaultViews(), p.views) };
}
