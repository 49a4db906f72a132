// Network structure and float64 weight generation. The GPU engine uploads exactly these numbers (as float32),
// so CPU and GPU runs of one config start from the same weights.
//
// Parameter-set layout: one flat Float64Array of P sets, `setSize` floats each, set n at n*setSize; inside a set,
// the blocks of the residual kind's layout (src/residuals/<kind>.ts).

import { type ResidualId, residualKind } from '../residuals';
import type { Offsets, ParamBlock } from '../residuals/types';
import {
  type Activation,
  dataInputDim,
  dataOutputDim,
  depthLayout,
  type ExperimentConfig,
  innerScale,
  residualScale,
  type Scheme,
} from './config';
import { Rng } from './rng';

export interface NetSpec {
  /** Residual kind id (src/residuals): plain data, NetSpec is structured-cloned to workers. */
  residual: ResidualId;
  d: number;
  /** Hidden width (kinds with a hidden layer); 0 for the others. */
  M: number;
  bias: boolean;
  act: Activation;
  /** Inner scale c (MLP). */
  c: number;
  /** Residual scale h. */
  h: number;
  /** Scheme id (src/schemes). */
  scheme: Scheme;
  /** Number of residual steps S. */
  steps: number;
  /** Number of parameter sets P = S + 1. */
  P: number;
  /** Parameter sets the network uses: P when the scheme reads θ_{n+1} (Heun), else S (θ_S only shapes the ODE). */
  used: number;
  setSize: number;
  /** Depth N as configured (s_n = n / N). */
  N: number;
  inputDim: number;
  outputDim: number;
  readout: 'project' | 'fixed' | 'trained';
  /** Offsets of the kind's named blocks inside a parameter set (−1: absent). */
  off: Offsets;
}

export function netSpec(c: ExperimentConfig): NetSpec {
  const m = c.model;
  const { steps, paramSets, usedSets } = depthLayout(m);
  const d = m.d;
  const kind = residualKind(m.residual);
  const M = kind.hasWidth ? m.width : 0;
  const { off, setSize } = kind.layout({ d, M, bias: m.bias });
  return {
    residual: m.residual,
    d,
    M,
    bias: m.bias,
    act: m.activation,
    c: innerScale(m),
    h: residualScale(m),
    scheme: m.scheme,
    steps,
    P: paramSets,
    used: usedSets,
    setSize,
    N: m.depth,
    inputDim: c.data.kind === 'matrix' ? d : dataInputDim(c),
    outputDim: dataOutputDim(c),
    readout: m.readout,
    off,
  };
}

/** Everything that is learned or fixed besides the architecture. */
export interface Weights {
  /** Residual parameter sets, [P][setSize]. */
  residual: Float64Array;
  /** Fixed input embedding E, [d][inputDim]: x_0 = E x. */
  embed: Float64Array;
  /** Read-out R, [outputDim][d] and its bias [outputDim]: ŷ = R x_S + r. */
  readoutW: Float64Array;
  readoutB: Float64Array;
}

/** The weights besides the residual sets: small (the read-out, the fixed embedding), cheap to read every snapshot. */
export type ReadoutWeights = Omit<Weights, 'residual'>;

export function cloneWeights(w: Weights): Weights {
  return {
    residual: w.residual.slice(),
    embed: w.embed.slice(),
    readoutW: w.readoutW.slice(),
    readoutB: w.readoutB.slice(),
  };
}

// ---------------------------------------------------------------------------------------------------------

export function initWeights(c: ExperimentConfig, spec: NetSpec = netSpec(c)): Weights {
  return {
    residual: initResidual(c, spec),
    embed: initEmbedding(c, spec),
    readoutW: initReadout(c, spec),
    readoutB: new Float64Array(spec.outputDim),
  };
}

function initEmbedding(c: ExperimentConfig, s: NetSpec): Float64Array {
  const { d, inputDim: din } = s;
  const E = new Float64Array(d * din);
  if (c.data.kind === 'matrix' || c.model.embedding === 'pad') {
    // zero padding (augmented neural ODEs): x_0 = [x; 0]
    for (let i = 0; i < Math.min(d, din); i++) E[i * din + i] = 1;
  } else {
    new Rng(c.seed, 'init/embed').fillNormal(E, 1 / Math.sqrt(din));
  }
  return E;
}

function initReadout(c: ExperimentConfig, s: NetSpec): Float64Array {
  const { d, outputDim: dout } = s;
  const R = new Float64Array(dout * d);
  if (s.readout === 'project') {
    for (let i = 0; i < dout; i++) R[i * d + i] = 1;
  } else {
    // fixed, and the starting point of a trained read-out: a Gaussian map with variance 1/d per entry
    new Rng(c.seed, 'init/readout').fillNormal(R, 1 / Math.sqrt(d));
  }
  return R;
}

/** The blocks of one parameter set in draw order, with the std of their Gaussian init. */
function blocks(c: ExperimentConfig, s: NetSpec): (ParamBlock & { size: number; sd: number })[] {
  const layout = residualKind(s.residual).layout({ d: s.d, M: s.M, bias: s.bias });
  return layout.blocks.map((b) => ({ ...b, size: b.rows * b.cols, sd: c.init[b.std] }));
}

/** Continuous depth of parameter set n: s_n = n / N. */
export function depthOf(n: number, spec: Pick<NetSpec, 'N'>): number {
  return n / spec.N;
}

function initResidual(c: ExperimentConfig, s: NetSpec): Float64Array {
  const { P, setSize } = s;
  const out = new Float64Array(P * setSize);
  const kind = c.init.kind;
  if (kind === 'zero') return out;
  const rng = new Rng(c.seed, `init/residual/${kind}`);
  for (const blk of blocks(c, s)) {
    switch (kind) {
      case 'tied':
      case 'tied-w-zero-v': {
        // one draw shared by every layer; Marion et al.'s default also sets V = 0 so the net starts as the identity
        const zeroed = kind === 'tied-w-zero-v' && blk.identityZero;
        const draw = new Float64Array(blk.size);
        if (!zeroed) rng.fillNormal(draw, blk.sd);
        for (let n = 0; n < P; n++) out.set(draw, n * setSize + blk.offset);
        break;
      }
      case 'iid':
        for (let n = 0; n < P; n++) rng.fillNormal(out, blk.sd, n * setSize + blk.offset, blk.size);
        break;
      case 'smooth': {
        const sampler = new SmoothSampler(c.init.lengthScale, P, s.N);
        const values = new Float64Array(P);
        for (let e = 0; e < blk.size; e++) {
          sampler.sample(rng, blk.sd, values);
          for (let n = 0; n < P; n++) out[n * setSize + blk.offset + e] = values[n];
        }
        break;
      }
      case 'ramp':
      case 'alternating': {
        // §3.1 counter-examples: W = θ = 0; the bias carries n or (−1)^n; V = 1/M (ramp) or (−1)^n/M
        // (alternating), so that with M = 1 and σ = identity f(·, θ_n) = n, resp. θ_n² with θ_n = (−1)^n.
        for (let n = 0; n < P; n++) {
          const v = kind === 'ramp' ? n : n % 2 === 0 ? 1 : -1;
          const base = n * setSize + blk.offset;
          if (blk.name === 'b') out.fill(v, base, base + blk.size);
          if (blk.name === 'V') out.fill(kind === 'ramp' ? 1 / s.M : v / s.M, base, base + blk.size);
        }
        break;
      }
    }
  }
  return out;
}

/**
 * Samples of a Gaussian process on [0, 1] with covariance σ² exp(−(s−s')²/(2ℓ²)), by its spectral
 * representation on a fixed frequency grid: g(s) = σ Σ_j √w_j (a_j cos ω_j s + b_j sin ω_j s), a, b ~ N(0,1).
 * Every sample is exactly Gaussian; its covariance is σ² Σ_j w_j cos(ω_j (s−s')), a trapezoid rule for
 * the Fourier integral of the SE kernel, accurate to ~1e-9 on [0, 1]. The function does not depend on N,
 * so θ^N_n = g(n/N) for every depth from one seed (the ψ_init of Sander et al., Th. 1).
 */
export class SmoothSampler {
  readonly omegas: Float64Array;
  readonly weights: Float64Array;
  /** cos(ω_j s_n) and sin(ω_j s_n), [J][P]: shared by every entry. */
  private readonly cosT: Float64Array;
  private readonly sinT: Float64Array;

  constructor(
    readonly lengthScale: number,
    readonly P: number,
    readonly N: number,
  ) {
    const l = lengthScale;
    // period 2π/Δω must exceed the width 2 of s−s' ∈ [−1, 1] plus the kernel's reach (aliasing)
    const dw = (2 * Math.PI) / (2 + 12 * l);
    const wmax = 9 / l; // the spectral density N(0, 1/ℓ²) is below e^-40 beyond 9σ
    const J = Math.ceil(wmax / dw) + 1;
    this.omegas = new Float64Array(J);
    this.weights = new Float64Array(J);
    this.cosT = new Float64Array(J * P);
    this.sinT = new Float64Array(J * P);
    for (let j = 0; j < J; j++) {
      const w = j * dw;
      // one-sided density 2·N(w; 0, 1/ℓ²), trapezoid weight ½ at w = 0
      const dens = (2 * l * Math.exp(-0.5 * w * w * l * l)) / Math.sqrt(2 * Math.PI);
      this.omegas[j] = w;
      this.weights[j] = dens * dw * (j === 0 ? 0.5 : 1);
      for (let n = 0; n < P; n++) {
        const s = depthOf(n, { N });
        this.cosT[j * P + n] = Math.cos(w * s);
        this.sinT[j * P + n] = Math.sin(w * s);
      }
    }
  }

  /** Fill values[n] = g(n / N), n < P, with a fresh draw of g. */
  sample(rng: Rng, std: number, values: Float64Array): void {
    const { P } = this;
    values.fill(0);
    for (let j = 0; j < this.omegas.length; j++) {
      const sw = std * Math.sqrt(this.weights[j]);
      const a = sw * rng.normal();
      const b = sw * rng.normal();
      const base = j * P;
      for (let n = 0; n < P; n++) values[n] += a * this.cosT[base + n] + b * this.sinT[base + n];
    }
  }

  /** The covariance the samples actually have, for tests: σ² Σ_j w_j cos(ω_j τ). */
  covariance(tau: number, std = 1): number {
    let k = 0;
    for (let j = 0; j < this.omegas.length; j++) k += this.weights[j] * Math.cos(this.omegas[j] * tau);
    return std * std * k;
  }
}
