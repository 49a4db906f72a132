// Memory plan of a GPU run, computed before anything is allocated: every buffer's size, how layers are chunked,
// the WGSL override constants, and a check against the device limits and a memory budget. Pure: no GPU here.
import type { NetSpec } from '../core/params';

export const F32 = 4;
/** Layers per forward / reverse dispatch: keeps any single dispatch short (a long one can lose the device). */
export const FORWARD_CHUNK = 64;
/** Upper bound on layers per backward chunk. */
export const MAX_BACKWARD_CHUNK = 64;
/** Target size of the backward tape (the per-chunk records the weight-gradient kernel reduces). */
export const TAPE_TARGET_BYTES = 8 * 1024 * 1024;
/** Default cap on everything a run allocates on the GPU. */
export const DEFAULT_MEMORY_BUDGET = 1024 * 1024 * 1024;
/** Samples of the fixed diagnostic batch (exact-vs-adjoint gradients, reconstruction error). */
export const DIAG_BATCH = 32;

export type BufferKind = 'activations' | 'weights' | 'optimizer' | 'data' | 'diagnostics' | 'io';

export interface PlannedBuffer {
  name: string;
  bytes: number;
  kind: BufferKind;
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

/** Threads per sample workgroup: enough to cover the widest vector, at most 64. */
export function sampleWorkgroupSize(spec: NetSpec): number {
  const widest = Math.max(spec.d, spec.M);
  let wg = 1;
  while (wg < widest && wg < 64) wg *= 2;
  return wg;
}

/** Floats of one tape record (per step, per evaluation of f, per sample). */
export function tapeRecordFloats(spec: NetSpec): number {
  return spec.residual === 'mlp' ? 2 * spec.d + 2 * spec.M : 2 * spec.d;
}

export function tapeKinds(spec: NetSpec): number {
  return spec.scheme === 'heun' ? 2 : 1;
}

/** Layers per backward chunk for a batch of B: as many as fit the tape target, independent of N beyond it. */
export function backwardChunk(spec: NetSpec, B: number): number {
  const perStep = tapeKinds(spec) * B * tapeRecordFloats(spec) * F32;
  return Math.max(1, Math.min(spec.steps, MAX_BACKWARD_CHUNK, Math.floor(TAPE_TARGET_BYTES / perStep)));
}

/** WGSL override constants shared by the per-sample and weight-gradient kernels. */
export function netOverrides(spec: NetSpec): Record<string, number> {
  const mlp = spec.residual === 'mlp';
  const M = Math.max(1, spec.M);
  const offB = mlp ? spec.M * spec.d : spec.d * spec.d;
  return {
    D: spec.d,
    M,
    MLP: mlp ? 1 : 0,
    ACT: { relu: 0, tanh: 1, gelu: 2, identity: 3 }[spec.act],
    HEUN: spec.scheme === 'heun' ? 1 : 0,
    BIAS: spec.bias ? 1 : 0,
    SET: spec.setSize,
    OFF_B: offB,
    OFF_V: mlp ? offB + (spec.bias ? M : 0) : 0,
  };
}

/** Bytes of workgroup memory the per-sample kernels declare (resnet.wgsl: 9 vectors of D, 3 of M). */
export function sampleWorkgroupBytes(spec: NetSpec): number {
  return (9 * spec.d + 3 * Math.max(1, spec.M)) * F32;
}

export interface ContextPlan {
  B: number;
  /** Store the whole trajectory [S+1][B][d]. */
  storeStates: boolean;
  /** Run backward passes (allocates tape, gradients). */
  backward: boolean;
  /** Diagnostics: a second trajectory buffer for reconstructions and a second gradient buffer. */
  diagnostics: boolean;
  /** Layers per backward chunk. */
  chunk: number;
}

export function contextBuffers(spec: NetSpec, ctx: ContextPlan, label: string): PlannedBuffer[] {
  const { d, steps: S, P, setSize, outputDim: K } = spec;
  const { B } = ctx;
  const act: BufferKind = label === 'train' ? 'activations' : 'diagnostics';
  const out: PlannedBuffer[] = [
    { name: `${label}.xcur`, bytes: B * d * F32, kind: act },
    // ∂L/∂x: the adjoint vector carried through the backward sweep (the loss writes it in every context)
    { name: `${label}.gvec`, bytes: B * d * F32, kind: ctx.backward ? act : 'io' },
    { name: `${label}.per`, bytes: 2 * B * F32, kind: 'io' },
    { name: `${label}.dpred`, bytes: B * K * F32, kind: 'io' },
    { name: `${label}.rgrad`, bytes: (K * d + K) * F32, kind: 'io' },
  ];
  if (ctx.storeStates) out.push({ name: `${label}.states`, bytes: (S + 1) * B * d * F32, kind: act });
  if (ctx.backward) {
    out.push(
      {
        name: `${label}.tape`,
        bytes: ctx.chunk * tapeKinds(spec) * B * tapeRecordFloats(spec) * F32,
        kind: act,
      },
      {
        name: `${label}.grad`,
        bytes: P * setSize * F32,
        kind: label === 'train' ? 'optimizer' : 'diagnostics',
      },
    );
  }
  if (ctx.diagnostics) {
    out.push(
      { name: `${label}.recon`, bytes: (S + 1) * B * d * F32, kind: 'diagnostics' },
      { name: `${label}.grad2`, bytes: P * setSize * F32, kind: 'diagnostics' },
    );
  }
  return out;
}

export interface MemoryReport {
  /** Activation storage of the training step as allocated (states, current state, adjoint vector, tape). */
  activationBytes: number;
  /** What the other gradient mode would allocate for the same batch, for comparison. */
  activationBytesOtherMode: number;
  /** Everything this run allocates. */
  totalBytes: number;
  byKind: Record<BufferKind, number>;
  buffers: PlannedBuffer[];
  /** Layers per backward chunk of the training step. */
  chunk: number;
}

export function activationBytes(spec: NetSpec, B: number, mode: 'exact' | 'adjoint'): number {
  const ctx: ContextPlan = {
    B,
    storeStates: mode === 'exact',
    backward: true,
    diagnostics: false,
    chunk: backwardChunk(spec, B),
  };
  return contextBuffers(spec, ctx, 'train')
    .filter((b) => b.kind === 'activations')
    .reduce((s, b) => s + b.bytes, 0);
}

export function memoryReport(
  buffers: PlannedBuffer[],
  spec: NetSpec,
  B: number,
  mode: 'exact' | 'adjoint',
): MemoryReport {
  const byKind: Record<BufferKind, number> = {
    activations: 0,
    weights: 0,
    optimizer: 0,
    data: 0,
    diagnostics: 0,
    io: 0,
  };
  for (const b of buffers) byKind[b.kind] += b.bytes;
  return {
    activationBytes: byKind.activations,
    activationBytesOtherMode: activationBytes(spec, B, mode === 'exact' ? 'adjoint' : 'exact'),
    totalBytes: buffers.reduce((s, b) => s + b.bytes, 0),
    byKind,
    buffers,
    chunk: backwardChunk(spec, B),
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

/** Throws EngineLimitError naming the first limit the plan exceeds. */
export function checkPlan(
  spec: NetSpec,
  buffers: PlannedBuffer[],
  maxBatch: number,
  limits: PlanLimits,
  budget: number,
): void {
  const wgBytes = sampleWorkgroupBytes(spec);
  if (wgBytes > limits.maxComputeWorkgroupStorageSize)
    throw new EngineLimitError(
      'maxComputeWorkgroupStorageSize',
      `model.d = ${spec.d} and model.width = ${spec.M} need ${wgBytes} bytes of workgroup memory per sample, ` +
        `more than this GPU's maxComputeWorkgroupStorageSize (${limits.maxComputeWorkgroupStorageSize}). Lower d or the width.`,
    );
  if (maxBatch > limits.maxComputeWorkgroupsPerDimension)
    throw new EngineLimitError(
      'maxComputeWorkgroupsPerDimension',
      `${maxBatch} samples in one pass exceed maxComputeWorkgroupsPerDimension (${limits.maxComputeWorkgroupsPerDimension}). Use fewer samples.`,
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
