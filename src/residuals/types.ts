// What a residual kind is: one module (src/residuals/<id>.ts + its WGSL snippet <id>.wgsl) holding its float64
// code, its parameter layout, the config fields it reads, its texts and what each engine needs of it. Every
// consumer (config, params, the float64 reference, the engines, controls, heatmaps, exports) reads kinds through
// the registry in index.ts, by the id stored in the config and in NetSpec (plain data: NetSpec is structured-
// cloned to workers, so it never holds a kind object).
// No runtime import of core/config or core/params here or in a kind module: config.ts imports the registry.
import type { Activation } from '../core/activations';

/** Offsets of the named blocks in a parameter set; −1 when the kind has no such block. */
export interface Offsets {
  theta: number;
  W: number;
  b: number;
  V: number;
  /** Depth-input kinds (src/residuals/depth-input.ts): the column u that multiplies the depth s. */
  u: number;
}

/** What a kind's code needs of a network (NetSpec satisfies it). */
export interface KindShape {
  d: number;
  /** Hidden width; 0 for kinds without one. */
  M: number;
  bias: boolean;
  act: Activation;
  /** Inner scale c. */
  c: number;
  off: Offsets;
}

/** A block of one parameter set, in storage order. */
export interface ParamBlock {
  /** Key in weight JSON and the PyTorch bundle, heatmap column name. */
  name: keyof Offsets;
  offset: number;
  /** Row-major shape [rows][cols] (a vector has rows = its length, cols = 1 and `vector` set). */
  rows: number;
  cols: number;
  vector: boolean;
  /** Which init std draws it. */
  std: 'std' | 'stdV' | 'biasStd';
  /** Zeroed by the 'tied-w-zero-v' init (the identity network of Marion et al.). */
  identityZero: boolean;
}

/** Per-unit norms of a parameter set: the heatmap's readable summary of wide layers. */
export interface UnitNorms {
  /** Units per set (hidden neurons j, or state coordinates i). */
  count: number;
  letter: 'i' | 'j';
  /** Menu text of the summary, e.g. 'neuron norms'. */
  menu: string;
  /** Axis text, e.g. 'hidden neuron j = 0…15 in each block'. */
  axis: string;
  /** Column groups (count columns each), in order. */
  blocks: readonly { name: string; label: string }[];
  /** out[o + g·count + u] = norm of group g of unit u, for the set at p[base..]. */
  norms(p: ArrayLike<number>, base: number, out: Float64Array, o: number): void;
}

export interface ParamLayout {
  setSize: number;
  off: Offsets;
  /** In storage order; also the order of the init's random draws (the RNG stream). */
  blocks: readonly ParamBlock[];
  units: UnitNorms;
}

/** Float64 scratch of one sample (pre-activations and activations of a hidden layer, their cotangent). */
export interface Scratch {
  a: Float64Array;
  z: Float64Array;
  gz: Float64Array;
}

/** The kind's float64 code, one sample at a time. `s` is the depth of the evaluation (depth-input kinds). */
export interface Float64Residual {
  /** out[oo..oo+d) = f(x[xo..xo+d), s, θ) with θ = p[po..po+setSize); leaves what vjp needs in sc. */
  f(
    k: KindShape,
    p: ArrayLike<number>,
    po: number,
    x: ArrayLike<number>,
    xo: number,
    s: number,
    out: Float64Array,
    oo: number,
    sc: Scratch,
  ): void;
  /** gp[gpo..] += ∂θfᵀu; gx[gxo..] += ∂xfᵀu (skipped when gx is null); at the point of the last f. */
  vjp(
    k: KindShape,
    p: ArrayLike<number>,
    po: number,
    x: ArrayLike<number>,
    xo: number,
    s: number,
    u: Float64Array,
    uo: number,
    gp: Float64Array,
    gpo: number,
    gx: Float64Array | null,
    gxo: number,
    sc: Scratch,
  ): void;
  /** Operations of one evaluation for one state (multiply-adds counted as 2). */
  ops(k: Pick<KindShape, 'd' | 'M'>): number;
}

/** A config field's control (views/controls/fields.ts FieldSpec without `applies`, which the registry derives). */
export interface FieldControl {
  path: string;
  label: string;
  symbol?: string;
  help: string;
  kind: 'int' | 'number' | 'select' | 'checkbox';
  options?: readonly string[];
  optionLabels?: Record<string, string>;
  step?: number;
}

/** The model fields a kind's layout depends on. */
export interface LayoutInput {
  d: number;
  /** Hidden width (0 for kinds without one). */
  M: number;
  bias: boolean;
}

export interface ResidualKind<Id extends string = string> {
  /** Link value of model.residual. */
  id: Id;
  /** Option label, e.g. 'MLP  V σ(cWx + b)'. */
  label: string;
  /** One line for the control's help: formula and paper reference. */
  help: string;
  /** One line for the paper-to-code map: the formula, its paper reference and where each engine computes it. */
  docs: string;
  /** Config paths (beyond the shared ones) that this kind reads: the controls show them only for it. */
  fields: readonly string[];
  /** Has a hidden width M (M-scales, the N·M·d learning rate, width sweeps, hidden-split GPU variants). */
  hasWidth: boolean;
  /** f depends on the depth s (eq. 2's φ(x, s)): the kinds of src/residuals/depth-input.ts. */
  depthInput: boolean;
  layout(m: LayoutInput): ParamLayout;
  f64: Float64Residual;
  /** Scratch of one sample for f64. */
  scratch(k: Pick<KindShape, 'M'>): Scratch;
  /**
   * WebGPU: the snippet src/residuals/<wgsl>.wgsl (f_eval, f_vjp, grad_accum, DM_COLS; see resnet.wgsl) and the
   * constants it declares, with their values for a shape.
   */
  wgsl: {
    id: string;
    consts: readonly (readonly [string, 'u32' | 'bool'])[];
    values(k: KindShape, setSize: number): Record<string, number | boolean>;
  };
  /** The WASM engine's kind code (kernels.as KIND), or null: that engine refuses the kind with a reason. */
  wasm: { code: number } | null;
  /** The PyTorch bundle's residual (experiment.py f), or null: the export says it cannot. */
  pytorch: 'linear' | 'mlp' | null;
  /** Short architecture text, e.g. 'MLP d = 2, M = 16, tanh'. */
  describe(m: { d: number; width: number; activation: string }): string;
}
