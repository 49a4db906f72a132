// What a scheme is: one module (src/schemes/<id>.ts, and for a hand-tuned GPU version its WGSL <id>.wgsl) holding
// an explicit Runge–Kutta tableau, its order and its texts. The float64 forward, reverse and backward steps are
// generic over the tableau (explicit-rk.ts); engines read the derived SchemeInfo through the registry in index.ts,
// by the id in the config and NetSpec (plain data).
// No runtime import of core/config or core/params here or in a scheme module: config.ts imports the registry.

/**
 * Explicit Runge–Kutta step of the ResNet: x_{n+1} = x_n + h Σ_i b_i k_i, k_i = f(Y_i, θ^(i), s^(i)),
 * Y_i = x_n + h Σ_{j<i} a_ij k_j.
 */
export interface Tableau {
  /** Strictly lower triangular: a[i][j] for j < i (a[0] = []). */
  a: readonly (readonly number[])[];
  b: readonly number[];
  /**
   * Stage weight positions in layer units from s_n: θ^(i) = (1−w_i)θ_n + w_iθ_{n+1} and s^(i) = (n + w_i)/N, the
   * weights of the interpolating ODE at the stage's depth (w = ½: (θ_n + θ_{n+1})/2).
   */
  w: readonly number[];
}

export interface Scheme<Id extends string = string> {
  /** Link value of model.scheme. */
  id: Id;
  /** Name in texts, e.g. 'Heun'. */
  name: string;
  /** Option label, e.g. 'Heun (eq. 8)'. */
  label: string;
  /** Name of the network the scheme makes: 'ResNet', 'HeunNet' (sweep series, texts). */
  netName: string;
  /** The control's help: the step and its paper reference. */
  help: string;
  /** One line for the paper-to-code map: forward, reverse and backward equations and where they are computed. */
  docs: string;
  /** Order p of the step as an ODE solver. */
  order: number;
  tableau: Tableau;
  /**
   * Positions of the reverse step's stages. The reverse step x̃_{n+1} → x̃_n runs the tableau with −h from
   * x̃_{n+1}; by default stage i sits at 1 − w_i (reverse Heun, eq. 9). Euler overrides with [0]: eq. 6 uses θ_n.
   */
  reverseW?: readonly number[];
  /** The WASM engine's scheme code (kernels.as), or null: that engine refuses the scheme with a reason. */
  wasm: { code: number } | null;
  /** The PyTorch bundle's scheme (experiment.py step, reverse_step), or null: the export says it cannot. */
  pytorch: 'euler' | 'heun' | null;
  /**
   * WebGPU: the snippet src/schemes/<wgsl>.wgsl (step_forward, step_reverse, step_backward; see resnet.wgsl),
   * or null: the GPU engine refuses the scheme with a reason.
   */
  wgsl: string | null;
}

/** A scheme with the facts engines derive from its tableau (schemes/index.ts). */
export interface SchemeInfo<Id extends string = string> extends Scheme<Id> {
  stages: number;
  reverseW: readonly number[];
  /** Some forward or reverse stage reads θ_{n+1}: the net uses S + 1 sets, the GPU sums the top slot (NEXT). */
  usesNext: boolean;
  /**
   * Some forward stage reads θ_{n+1} itself (Heun, RK4): backprop through step n adds to set n+1's gradient
   * directly (the GPU's NEXT). Midpoint reads θ_{n+1} only through θ_{n+½} (and in its reverse step).
   */
  nextGrad: boolean;
  /** Some stage sits strictly between θ_n and θ_{n+1}: blended weight sets (the GPU's MID). */
  mix: boolean;
  /** Expected slope in N of the reconstruction error and the adjoint-gradient error (smooth weights). */
  reconRate: number;
  /** Expected slope in N of the distance to the interpolating ODE. */
  odeRate: number;
}
