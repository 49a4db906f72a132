// Descriptors of every engine kernel (see contract.ts): the one declaration of their structs, bindings and
// constants. shaders/<name>.wgsl holds only the body; its header is generated from here.
import { residualKind } from '../residuals';
import { scheme } from '../schemes';
import { type KernelDef, struct } from './contract';

/** Network-wide uniforms of a batch context. */
export const NET = struct('Net', [
  ['h', 'f32'], // residual scale
  ['c', 'f32'], // inner scale (MLP)
  ['batch', 'u32'], // samples in the batch (B)
  ['steps', 'u32'], // residual steps S
  ['depth', 'u32'], // depth N as configured: s_n = n/N (S = N − 1 with the 'code' convention)
]);

/** One chunk of layers of a sweep. */
export const CHUNK = struct('Chunk', [
  ['n0', 'u32'], // first step of the chunk
  ['n1', 'u32'], // one past the last step
  ['store', 'u32'], // forward: 1 = write every state
  ['first', 'u32'], // forward: start from the data; backward: the top chunk
  ['slots', 'u32'], // backward: slots per workgroup in the partial sums (plan.ts partialSlots: chunk + 1, or 2·chunk + 1 with blended sets)
  ['groups', 'u32'], // backward: workgroups that write partial sums
]);

/**
 * Constants shared by the residual-stack kernels of every kind and scheme (values from plan.ts netConsts); a
 * kind adds its own (ResidualKind.wgsl.consts, e.g. OFF_B, OFF_V).
 */
const NET_CONSTS = [
  ['D', 'u32'], // state dimension d
  ['M', 'u32'], // hidden width; 1 for kinds without one
  ['ACT', 'u32'], // 0 relu, 1 tanh, 2 gelu (tanh form), 3 identity
  ['NEXT', 'bool'], // a forward stage reads θ_{n+1} (Heun, RK4): step n also writes set n+1's gradient
  ['MID', 'bool'], // half-step stages read blended sets θ_{n+½} (midpoint, RK4): resnet.wgsl mid_set
  ['BIAS', 'bool'],
  ['SET', 'u32'], // floats per parameter set
] as const;

/**
 * Forward, reverse and backward sweeps with the per-workgroup weight-gradient sums (shaders/resnet.wgsl), as
 * shared by every kind and scheme: its bindings and generic constants. A pipeline compiles resnetKernel(spec),
 * which adds the kind's constants and the kind's and scheme's WGSL snippets.
 */
export const RESNET: KernelDef = {
  name: 'resnet',
  entries: ['forward', 'reverse_store', 'backward_exact', 'backward_adjoint'],
  consts: [
    ...NET_CONSTS,
    ['TB', 'u32'], // invocations per workgroup (4 samples each)
    ['DM', 'u32'], // max(D, M): width of the second reduction tile
    ['H', 'u32'], // invocations sharing 4 samples (hidden-split variants; else 1)
    ['MH', 'u32'], // hidden units per invocation: ⌈M / H⌉
    ['RED', 'u32'], // vec4s of the hidden parts' partial sums: H·TB·D when H > 1, else 1
  ],
  common: true,
  unroll: { D: 16, TB: 4 },
  bindings: [
    { name: 'net', access: 'uniform', type: NET },
    { name: 'chunk', access: 'uniform', type: CHUNK },
    { name: 'params', access: 'read', type: 'f32' },
    // embedded inputs of the whole data set [n][D] and the batch's row indices [B]
    { name: 'x0data', access: 'read', type: 'f32' },
    { name: 'batch_idx', access: 'read', type: 'u32' },
    // trajectory [S+1][B][D]
    { name: 'states', access: 'read_write', type: 'f32' },
    // current state of each sample [B][D]
    { name: 'xcur', access: 'read_write', type: 'f32' },
    // ∂L/∂x of each sample [B][D]
    { name: 'gvec', access: 'read_write', type: 'f32' },
    // per-workgroup weight-gradient sums of one chunk [G][SLOTS][SET]
    { name: 'partial', access: 'read_write', type: 'f32' },
  ],
};

const resnetKernels = new Map<string, KernelDef>();

/**
 * The residual-stack kernel of a kind and a scheme: RESNET plus the kind's constants and the snippets
 * src/residuals/<kind>.wgsl and src/schemes/<scheme>.wgsl (one object per pair, so caches see one identity).
 */
export function resnetKernel(spec: { residual: string; scheme: string }): KernelDef {
  const kind = residualKind(spec.residual);
  const sch = scheme(spec.scheme);
  if (!sch.wgsl) throw new RangeError(`the WebGPU engine has no kernel for the ${sch.name} scheme yet`);
  const key = `${kind.wgsl.id}+${sch.wgsl}`;
  let k = resnetKernels.get(key);
  if (!k) {
    k = {
      ...RESNET,
      consts: [...RESNET.consts, ...kind.wgsl.consts],
      parts: [`residuals/${kind.wgsl.id}`, `schemes/${sch.wgsl}`],
    };
    resnetKernels.set(key, k);
  }
  return k;
}

/** Sums the workgroups' partial weight gradients of a chunk in a fixed order (shaders/wreduce.wgsl). */
export const WREDUCE: KernelDef = {
  name: 'wreduce',
  entries: ['wreduce'],
  consts: [
    ['NEXT', 'bool'],
    ['MID', 'bool'],
    ['SET', 'u32'],
  ],
  bindings: [
    { name: 'chunk', access: 'uniform', type: CHUNK },
    { name: 'partial', access: 'read', type: 'f32' },
    { name: 'grad', access: 'read_write', type: 'f32' },
  ],
};

/**
 * The blended parameter sets θ_{n+½} of schemes with half-step stages, refreshed after every change of the
 * weights (shaders/midsets.wgsl; why blended sets: resnet.wgsl above mid_set).
 */
export const MIDSETS: KernelDef = {
  name: 'midsets',
  entries: ['midsets'],
  consts: [['SET', 'u32']],
  bindings: [
    { name: 'net', access: 'uniform', type: NET },
    { name: 'params', access: 'read_write', type: 'f32' },
  ],
};

export const DEST = struct('Dest', [['slot', 'u32']]);

/**
 * Floats a loss writes at its output slot: the loss, the hits, the largest |x_S| of the batch, and (training)
 * 1 when the optimizer put a weight beyond the bound. The last two are the divergence reports of
 * src/core/divergence.ts, read back with the losses.
 */
export const LOSS_RECORD = 4;

/** Read-out, loss and their gradients (shaders/loss.wgsl). */
export const LOSS: KernelDef = {
  name: 'loss',
  entries: ['loss_fwd', 'loss_reduce'],
  consts: [
    ['D', 'u32'],
    ['K', 'u32'], // outputs
    ['XENT', 'bool'],
  ],
  bindings: [
    { name: 'net', access: 'uniform', type: NET },
    { name: 'dest', access: 'uniform', type: DEST },
    { name: 'xcur', access: 'read', type: 'f32' },
    { name: 'readout', access: 'read', type: 'f32' },
    { name: 'targets', access: 'read', type: 'f32' },
    { name: 'batch_idx', access: 'read', type: 'u32' },
    // ∂L/∂ŷ [B][K], then per sample [B][3]: loss term, hit, max |x_S| (one buffer: at most 8 storage bindings)
    { name: 'dpred', access: 'read_write', type: 'f32' },
    { name: 'gvec', access: 'read_write', type: 'f32' },
    { name: 'rgrad', access: 'read_write', type: 'f32' },
    { name: 'out', access: 'read_write', type: 'f32' },
  ],
};

export const OPT = struct('Opt', [
  ['lr', 'f32'],
  ['c1', 'f32'], // Adam bias corrections 1 − β1^t and 1 − β2^t (float64 on the CPU)
  ['c2', 'f32'],
  ['mu', 'f32'],
  ['b1', 'f32'],
  ['b2', 'f32'],
  ['eps', 'f32'],
  ['wd', 'f32'],
  ['count', 'u32'],
  ['row', 'u32'], // invocations per row of the 2-D dispatch
]);

/** Optimizer updates (shaders/optim.wgsl). */
export const OPTIM: KernelDef = {
  name: 'optim',
  entries: ['step'],
  consts: [
    ['OPT', 'u32'], // 0 gd, 1 sgd, 2 adam
    ['WMAX', 'f32'], // divergence.ts WEIGHT_BOUND
  ],
  bindings: [
    { name: 'opt', access: 'uniform', type: OPT },
    { name: 'params', access: 'read_write', type: 'f32' },
    { name: 'grad', access: 'read', type: 'f32' },
    { name: 'm', access: 'read_write', type: 'f32' },
    { name: 'v', access: 'read_write', type: 'f32' },
    // the step's loss record (defs LOSS_RECORD): its last float flags a weight beyond WMAX
    { name: 'dest', access: 'uniform', type: DEST },
    { name: 'out', access: 'read_write', type: 'f32' },
  ],
};

export const ROWS = struct('Rows', [
  ['len', 'u32'],
  ['rows', 'u32'],
  ['offA', 'u32'],
  ['offB', 'u32'],
  ['outOff', 'u32'],
]);

/** Row-wise sums of squares for diagnostics (shaders/metrics.wgsl). */
export const METRICS: KernelDef = {
  name: 'metrics',
  entries: ['rowdiff'],
  consts: [],
  bindings: [
    { name: 'rows', access: 'uniform', type: ROWS },
    { name: 'a', access: 'read', type: 'f32' },
    { name: 'b', access: 'read', type: 'f32' },
    { name: 'out', access: 'read_write', type: 'f32' },
  ],
};

export const KERNELS = [RESNET, WREDUCE, MIDSETS, LOSS, OPTIM, METRICS] as const;

/** Threads per workgroup of the element-wise kernels (loss, optimizer, reduction, metrics). */
export const WG = 64;
