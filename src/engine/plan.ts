// Memory plan of a GPU run, computed before anything is allocated: the kernel variant, how layers are chunked,
// the kernels' constants, every buffer with its size and what it holds, and a check against the device limits
// and a memory budget. The engine allocates exactly the buffers listed here. Pure: no GPU here.
import type { NetSpec } from '../core/params';
import { residualKind } from '../residuals';
import { scheme } from '../schemes';
import type { ConstValues } from './contract';
import { KERNELS } from './defs';

export const F32 = 4;
/** Layers per forward / reverse dispatch: keeps any single dispatch short (a long one can lose the device). */
export const FORWARD_CHUNK = 64;
/** Upper bound on layers per backward chunk. */
export const MAX_BACKWARD_CHUNK = 32;
/**
 * The backward's per-workgroup partial weight-gradient sums may take as much memory as this many layers of
 * states: the chunk length follows from it. It depends on B, d, M only, never on N, so the adjoint's memory is
 * the same at every depth while exact backprop's grows like N.
 */
export const SCRATCH_STATE_LAYERS = 16;
/** Default cap on everything a run allocates on the GPU. */
export const DEFAULT_MEMORY_BUDGET = 1024 * 1024 * 1024;
/** Samples of the fixed diagnostic batch (exact-vs-adjoint gradients, reconstruction error). */
export const DIAG_BATCH = 32;

/**
 * activations: what scales with N (stored states); scratch: the per-step working set, the same at every depth;
 * weights, gradients, optimizer: parameter-sized; data, diagnostics, io: everything else.
 */
export type BufferKind =
  | 'activations'
  | 'scratch'
  | 'weights'
  | 'gradients'
  | 'optimizer'
  | 'data'
  | 'diagnostics'
  | 'io';

export interface PlannedBuffer {
  name: string;
  bytes: number;
  kind: BufferKind;
  /** What it holds, for the memory report. */
  holds: string;
}

/** Limits the plan is checked against (a subset of GPUSupportedLimits). */
export interface PlanLimits {
  maxStorageBufferBindingSize: number;
  maxBufferSize: number;
  maxComputeWorkgroupStorageSize: number;
  maxComputeWorkgroupsPerDimension: number;
  maxStorageBuffersPerShaderStage: number;
}

/** The portable WebGPU defaults, for tests that must not pass only because SwiftShader is generous. */
export const PORTABLE_LIMITS: PlanLimits = {
  maxStorageBufferBindingSize: 128 * 1024 * 1024,
  maxBufferSize: 256 * 1024 * 1024,
  maxComputeWorkgroupStorageSize: 16 * 1024,
  maxComputeWorkgroupsPerDimension: 65535,
  maxStorageBuffersPerShaderStage: 8,
};

// ---------------------------------------------------------------------------------------------------------
// Kernel variants: how many samples a workgroup owns (4 per invocation, as vec4 register tiles), and whether the
// hidden units of a wide MLP are split over several invocations. Larger tiles read each layer's weights once for
// more samples and need fewer partial gradient sums; smaller ones make more workgroups (every core busy when the
// batch is small) and need less workgroup memory for the reduction tiles. Splitting the hidden units shrinks
// each invocation's private vectors (M of them per sample → HIDDEN_PER_INVOCATION) and multiplies the
// invocations of a small batch, at the price of two barriers per evaluation of f.

export interface Variant {
  name: string;
  /** Samples per workgroup: 4 per invocation. */
  tile: number;
  /** MLPs: split the hidden units over ⌈M / HIDDEN_PER_INVOCATION⌉ invocations per 4 samples. */
  split?: boolean;
}

/**
 * What runs the kernels: a GPU, or a CPU emulating one (SwiftShader, llvmpipe, WARP), where a few invocations
 * with large register tiles beat many invocations that meet at barriers.
 */
export type AdapterClass = 'gpu' | 'cpu';

/** CPU-backed adapters, by their reported info. */
export function adapterClass(info: {
  vendor?: string;
  architecture?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}): AdapterClass {
  const text = `${info.vendor ?? ''} ${info.architecture ?? ''} ${info.description ?? ''}`;
  return info.isFallbackAdapter || /swiftshader|llvmpipe|lavapipe|warp|software/i.test(text) ? 'cpu' : 'gpu';
}

export interface VariantRow {
  variant: Variant;
  /** The shapes this row is for; the first row whose condition holds and that fits is used. */
  when: (B: number, spec: NetSpec, adapter: AdapterClass) => boolean;
  why: string;
}

/** Width from which the hidden-split variants are used (private vectors of 3·M·16 bytes per invocation). */
export const WIDE_M = 128;
/** Hidden units per invocation in the split variants. */
export const HIDDEN_PER_INVOCATION = 16;
/** Invocations per workgroup the split variants stay within (WebGPU's guaranteed minimum of the limit). */
export const MAX_INVOCATIONS = 256;

const wide = (spec: NetSpec) => residualKind(spec.residual).hasWidth && spec.M >= WIDE_M;

export const VARIANT_TABLE: readonly VariantRow[] = [
  {
    variant: { name: 'split16', tile: 16, split: true },
    when: (B, spec, adapter) => adapter === 'gpu' && wide(spec) && B >= 32,
    why: `GPU, M ≥ ${WIDE_M}: hidden units split over invocations, 16 samples per workgroup`,
  },
  {
    variant: { name: 'split4', tile: 4, split: true },
    when: (_, spec, adapter) => adapter === 'gpu' && wide(spec),
    why: `GPU, M ≥ ${WIDE_M}: hidden units split over invocations, 4 samples per workgroup`,
  },
  {
    variant: { name: 'tile64', tile: 64 },
    when: (B) => B >= 256,
    why: 'B ≥ 256: weights read once per 64 samples',
  },
  { variant: { name: 'tile16', tile: 16 }, when: (B) => B >= 32, why: 'B ≥ 32: 16 samples per workgroup' },
  {
    variant: { name: 'tile4', tile: 4 },
    when: () => true,
    why: 'small batches or wide layers: one invocation',
  },
];

export const VARIANTS: readonly Variant[] = VARIANT_TABLE.map((r) => r.variant);

/** Invocations sharing 4 samples: 1, or for split variants of MLPs enough to give each ≤ HIDDEN_PER_INVOCATION units. */
export function hiddenParts(spec: NetSpec, v: Variant): number {
  if (!v.split || !residualKind(spec.residual).hasWidth) return 1;
  return Math.max(
    1,
    Math.min(Math.ceil(spec.M / HIDDEN_PER_INVOCATION), Math.floor(MAX_INVOCATIONS / (v.tile / 4))),
  );
}

/**
 * Workgroup memory of the residual kernels for a variant: the reduction tiles [tile][D] and [tile][max(D, M)],
 * and for split variants the partial sums of the hidden parts [H][tile][D].
 */
export function workgroupBytes(spec: NetSpec, v: Variant): number {
  const H = hiddenParts(spec, v);
  return v.tile * (spec.d + Math.max(spec.d, spec.M, 1) + (H > 1 ? H * spec.d : 0)) * F32;
}

/** The variant for this shape: the first row that applies and fits, or the one named by `force`. */
export function pickVariant(
  spec: NetSpec,
  B: number,
  limits: PlanLimits,
  force?: string,
  adapter: AdapterClass = 'gpu',
): Variant {
  const fits = (v: Variant) => workgroupBytes(spec, v) <= limits.maxComputeWorkgroupStorageSize;
  if (force) {
    const v = VARIANTS.find((x) => x.name === force);
    if (!v)
      throw new Error(`unknown kernel variant ${force} (known: ${VARIANTS.map((x) => x.name).join(', ')})`);
    if (!fits(v))
      throw new EngineLimitError(
        'maxComputeWorkgroupStorageSize',
        `variant ${v.name} needs ${workgroupBytes(spec, v)} bytes of workgroup memory, more than this GPU's maxComputeWorkgroupStorageSize (${limits.maxComputeWorkgroupStorageSize})`,
      );
    return v;
  }
  const row = VARIANT_TABLE.find((r) => r.when(B, spec, adapter) && fits(r.variant));
  if (!row)
    throw new EngineLimitError(
      'maxComputeWorkgroupStorageSize',
      `model.d = ${spec.d} and model.width = ${spec.M} need ${workgroupBytes(spec, { name: 'tile4', tile: 4 })} bytes of workgroup memory, ` +
        `more than this GPU's maxComputeWorkgroupStorageSize (${limits.maxComputeWorkgroupStorageSize}). Lower d or the width.`,
    );
  return row.variant;
}

/** Workgroups of a sweep over B samples. */
export const groups = (B: number, v: Variant) => Math.ceil(B / v.tile);

/**
 * Slots of the partial sums per workgroup for a backward chunk: chunk + 1 sets, and with blended sets (MID) one
 * more per step for its θ_{n+½} (resnet.wgsl mid_slot).
 */
export function partialSlots(spec: Pick<NetSpec, 'scheme'>, chunk: number): number {
  return scheme(spec.scheme).mix ? 2 * chunk + 1 : chunk + 1;
}

/** Blended parameter sets θ_{n+½} stored after the P sets (schemes with half-step stages), else 0. */
export function midSets(spec: Pick<NetSpec, 'scheme' | 'steps'>): number {
  return scheme(spec.scheme).mix ? spec.steps : 0;
}

/** Layers per backward chunk: partial sums of G workgroups for its slots within SCRATCH_STATE_LAYERS. */
export function backwardChunk(spec: NetSpec, B: number, v: Variant): number {
  const budget = SCRATCH_STATE_LAYERS * B * spec.d;
  const slots = Math.floor(budget / (groups(B, v) * spec.setSize));
  const chunk = scheme(spec.scheme).mix ? Math.floor((slots - 1) / 2) : slots - 1;
  return Math.max(1, Math.min(MAX_BACKWARD_CHUNK, chunk));
}

/** Constants of the residual-stack kernels: the generic ones (defs.ts NET_CONSTS) and the kind's. */
export function netConsts(spec: NetSpec): ConstValues {
  return {
    D: spec.d,
    M: Math.max(1, spec.M),
    ACT: { relu: 0, tanh: 1, gelu: 2, identity: 3 }[spec.act],
    NEXT: scheme(spec.scheme).nextGrad,
    MID: scheme(spec.scheme).mix,
    BIAS: spec.bias,
    SET: spec.setSize,
    ...residualKind(spec.residual).wgsl.values(spec, spec.setSize),
  };
}

/** Constants of resnet.wgsl for a variant (chunk lengths and batch sizes are uniforms: one module per run). */
export function resnetConsts(spec: NetSpec, v: Variant): ConstValues {
  const H = hiddenParts(spec, v);
  const M = Math.max(1, spec.M);
  return {
    ...netConsts(spec),
    TB: v.tile / 4,
    DM: Math.max(spec.d, M),
    H,
    MH: Math.ceil(M / H),
    RED: H > 1 ? (H * v.tile * spec.d) / 4 : 1,
  };
}

/** Constants of wreduce.wgsl. */
export function wreduceConsts(spec: NetSpec): ConstValues {
  const s = scheme(spec.scheme);
  return { NEXT: s.nextGrad, MID: s.mix, SET: spec.setSize };
}

// ---------------------------------------------------------------------------------------------------------

export interface ContextPlan {
  B: number;
  variant: Variant;
  /** Store the whole trajectory [S+1][B][d]. */
  storeStates: boolean;
  /** Run backward passes (allocates partial sums, gradients). */
  backward: boolean;
  /** Diagnostics: a second trajectory buffer for reconstructions and a second gradient buffer. */
  diagnostics: boolean;
  /** Layers per backward chunk. */
  chunk: number;
}

export function contextPlan(
  spec: NetSpec,
  B: number,
  limits: PlanLimits,
  o: { storeStates: boolean; backward: boolean; diagnostics: boolean; variant?: string },
): ContextPlan {
  const variant = pickVariant(spec, B, limits, o.variant);
  const { storeStates, backward, diagnostics } = o;
  return {
    B,
    variant,
    storeStates,
    backward,
    diagnostics,
    chunk: backward ? backwardChunk(spec, B, variant) : 1,
  };
}

/** Bytes of the per-workgroup partial weight-gradient sums of one backward chunk. */
export function partialBytes(spec: NetSpec, ctx: ContextPlan): number {
  return groups(ctx.B, ctx.variant) * partialSlots(spec, ctx.chunk) * spec.setSize * F32;
}

/** Dispatches of a context's sweeps (forward, backward, reverse): one 256-byte uniform slot each. */
export function chunkUniformSlots(S: number, ctx: ContextPlan): number {
  const fwd = Math.ceil(S / FORWARD_CHUNK);
  const bwd = ctx.backward ? Math.ceil(S / ctx.chunk) : 0;
  const rev = ctx.diagnostics ? fwd : 0;
  return Math.max(1, fwd + bwd + rev);
}

export function contextBuffers(spec: NetSpec, ctx: ContextPlan, label: string): PlannedBuffer[] {
  const { d, steps: S, P, setSize, outputDim: K } = spec;
  const { B } = ctx;
  const train = label === 'train';
  const work: BufferKind = train ? 'scratch' : 'diagnostics';
  const out: PlannedBuffer[] = [
    { name: `${label}.xcur`, bytes: B * d * F32, kind: work, holds: 'the current state of each sample' },
    {
      name: `${label}.gvec`,
      bytes: B * d * F32,
      kind: ctx.backward ? work : 'io',
      holds: 'the adjoint vector ∂L/∂x of each sample',
    },
    {
      name: `${label}.dpred`,
      bytes: B * (K + 3) * F32,
      kind: ctx.backward ? work : 'io',
      holds: '∂L/∂ŷ, the loss term, hit and largest |x_S| of each sample',
    },
    {
      // one 256-byte uniform slot (n0, n1, …) per dispatch of a sweep: grows with N / chunk, like a
      // command list, not with the batch (uniform offsets must be 256-byte aligned)
      name: `${label}.chunks`,
      bytes: chunkUniformSlots(spec.steps, ctx) * 256,
      kind: 'io',
      holds: 'the chunk bounds of every dispatch',
    },
    {
      name: `${label}.rgrad`,
      bytes: (K * d + K) * F32,
      kind: train ? 'gradients' : 'io',
      holds: 'read-out gradient',
    },
  ];
  if (ctx.storeStates)
    out.push({
      name: `${label}.states`,
      bytes: (S + 1) * B * d * F32,
      kind: train ? 'activations' : 'diagnostics',
      holds: `every state x₀ … x_${S} of each sample`,
    });
  if (ctx.backward) {
    out.push(
      {
        name: `${label}.partial`,
        bytes: partialBytes(spec, ctx),
        kind: work,
        holds: `per-workgroup weight-gradient sums of ${ctx.chunk} layer${ctx.chunk > 1 ? 's' : ''}`,
      },
      {
        name: `${label}.grad`,
        bytes: P * setSize * F32,
        kind: train ? 'gradients' : 'diagnostics',
        holds: 'residual weight gradients',
      },
    );
  }
  if (ctx.diagnostics) {
    out.push(
      {
        name: `${label}.recon`,
        bytes: (S + 1) * B * d * F32,
        kind: 'diagnostics',
        holds: 'reconstructed states',
      },
      { name: `${label}.grad2`, bytes: P * setSize * F32, kind: 'diagnostics', holds: 'adjoint gradients' },
    );
  }
  return out;
}

export interface ModeMemory {
  /** States kept for the backward pass: grows like N. */
  activationBytes: number;
  /** The step's working set, independent of N. */
  scratchBytes: number;
  /** Activation + scratch buffers with what each holds. */
  parts: { name: string; bytes: number; holds: string }[];
}

export interface MemoryReport {
  /** Activation + scratch bytes of the training step as allocated (what the memory meter compares). */
  activationBytes: number;
  /** The same for the other gradient mode, for comparison. */
  activationBytesOtherMode: number;
  /** Weights, gradients and optimizer state (and its checkpoint): the same in both modes. */
  parameterBytes: number;
  exact: ModeMemory;
  adjoint: ModeMemory;
  /** Everything this run allocates. */
  totalBytes: number;
  byKind: Record<BufferKind, number>;
  buffers: PlannedBuffer[];
  /** Layers per backward chunk of the training step. */
  chunk: number;
  variant: Variant;
}

export function modeMemory(
  spec: NetSpec,
  B: number,
  mode: 'exact' | 'adjoint',
  limits: PlanLimits,
  variant?: string,
): ModeMemory {
  const ctx = contextPlan(spec, B, limits, {
    storeStates: mode === 'exact',
    backward: true,
    diagnostics: false,
    variant,
  });
  const parts = contextBuffers(spec, ctx, 'train').filter(
    (b) => b.kind === 'activations' || b.kind === 'scratch',
  );
  const sum = (k: BufferKind) => parts.filter((b) => b.kind === k).reduce((s, b) => s + b.bytes, 0);
  return {
    activationBytes: sum('activations'),
    scratchBytes: sum('scratch'),
    parts: parts.map(({ name, bytes, holds }) => ({ name, bytes, holds })),
  };
}

export function memoryReport(
  buffers: PlannedBuffer[],
  spec: NetSpec,
  train: ContextPlan,
  mode: 'exact' | 'adjoint',
  limits: PlanLimits,
): MemoryReport {
  const byKind: Record<BufferKind, number> = {
    activations: 0,
    scratch: 0,
    weights: 0,
    gradients: 0,
    optimizer: 0,
    data: 0,
    diagnostics: 0,
    io: 0,
  };
  for (const b of buffers) byKind[b.kind] += b.bytes;
  const exact = modeMemory(spec, train.B, 'exact', limits, train.variant.name);
  const adjoint = modeMemory(spec, train.B, 'adjoint', limits, train.variant.name);
  const total = (m: ModeMemory) => m.activationBytes + m.scratchBytes;
  return {
    activationBytes: total(mode === 'exact' ? exact : adjoint),
    activationBytesOtherMode: total(mode === 'exact' ? adjoint : exact),
    parameterBytes: byKind.weights + byKind.gradients + byKind.optimizer,
    exact,
    adjoint,
    totalBytes: buffers.reduce((s, b) => s + b.bytes, 0),
    byKind,
    buffers,
    chunk: train.chunk,
    variant: train.variant,
  };
}

/** Thrown before any allocation when a config does not fit the device; names the limit. */
export class EngineLimitError extends Error {
  override readonly name = 'EngineLimitError';
  constructor(
    readonly limit: string,
    message: string,
  ) {
    super(message);
  }
}

const mib = (b: number) => `${(b / (1024 * 1024)).toFixed(1)} MiB`;

/** Storage buffers the engine's kernels bind at most (the WGSL side of the contract, defs.ts). */
export const MAX_STORAGE_BINDINGS = Math.max(
  ...KERNELS.map((k) => k.bindings.filter((b) => b.access !== 'uniform').length),
);

/** Throws EngineLimitError naming the first limit the plan exceeds. */
export function checkPlan(
  buffers: PlannedBuffer[],
  maxGroups: number,
  limits: PlanLimits,
  budget: number,
): void {
  if (MAX_STORAGE_BINDINGS > limits.maxStorageBuffersPerShaderStage)
    throw new EngineLimitError(
      'maxStorageBuffersPerShaderStage',
      `the kernels bind ${MAX_STORAGE_BINDINGS} storage buffers, more than this GPU's maxStorageBuffersPerShaderStage (${limits.maxStorageBuffersPerShaderStage})`,
    );
  if (maxGroups > limits.maxComputeWorkgroupsPerDimension)
    throw new EngineLimitError(
      'maxComputeWorkgroupsPerDimension',
      `${maxGroups} workgroups in one pass exceed maxComputeWorkgroupsPerDimension (${limits.maxComputeWorkgroupsPerDimension}). Use fewer samples.`,
    );
  const maxBinding = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  for (const b of buffers)
    if (b.bytes > maxBinding)
      throw new EngineLimitError(
        b.bytes > limits.maxBufferSize ? 'maxBufferSize' : 'maxStorageBufferBindingSize',
        `buffer ${b.name} needs ${mib(b.bytes)}, more than this GPU allows in one binding (${mib(maxBinding)}). ` +
          (b.name.endsWith('states') || b.name.endsWith('recon')
            ? 'Storing all activations is what the memory-free adjoint avoids: use train.gradMode = adjoint, or lower the depth or batch.'
            : 'Lower the depth, width or batch size.'),
      );
  const total = buffers.reduce((s, b) => s + b.bytes, 0);
  if (total > budget)
    throw new EngineLimitError(
      'memoryBudget',
      `this run needs ${mib(total)} of GPU memory, more than the budget of ${mib(budget)}. ` +
        'Lower the depth, width or batch size, or use train.gradMode = adjoint.',
    );
}
