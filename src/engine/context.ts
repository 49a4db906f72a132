// One batch's worth of GPU state and the dispatches that run on it: forward (eq. 1/8), loss, backward (exact or
// memory-free adjoint, eq. 3/7, with the weight gradients reduced as it goes), reverse reconstruction (eq. 6/9).
// The engine keeps one context for the training batch and others for evaluation, diagnostics and trajectory
// fans; they share weights. Each context has its own kernel variant (picked by its batch size in plan.ts).
import type { NetSpec } from '../core/params';
import { bindKernel, type Resource, structSize, writeStruct } from './contract';
import { CHUNK, LOSS, LOSS_RECORD, NET, RESNET, resnetKernel, WG, WREDUCE } from './defs';
import type { BufferSet } from './gpu';
import { UNIFORM } from './gpu';
import { pipeline } from './kernels';
import {
  type ContextPlan,
  chunkUniformSlots,
  contextBuffers,
  FORWARD_CHUNK,
  groups,
  partialSlots,
  resnetConsts,
  wreduceConsts,
} from './plan';

export interface Shared {
  device: GPUDevice;
  spec: NetSpec;
  params: GPUBuffer;
  readout: GPUBuffer;
  buffers: BufferSet;
  /** Loss pipelines (their constants do not depend on the batch). */
  lossFwd: GPUComputePipeline;
  lossReduce: GPUComputePipeline;
  /** Small buffers bound where a context has no such buffer (distinct: writable bindings must not alias). */
  dummies: Record<'states' | 'partial', GPUBuffer>;
}

export interface ContextInputs {
  /** Embedded inputs of the data set the batch is drawn from, [n][d]. */
  x0data: GPUBuffer;
  /** Targets of that data set, [n][K]. */
  targets: GPUBuffer;
  /** Row indices of the batch, [B] (the engine refreshes it before each training step). */
  idx: GPUBuffer;
  /** Where loss_reduce writes [loss, hits], and the uniform saying at which float offset. */
  out: GPUBuffer;
  dest: GPUBuffer;
}

interface Span {
  n0: number;
  n1: number;
  first: boolean;
}

/** [0, S) in pieces of `size`, bottom-up (forward) or top-down (backward, reverse). */
export function spans(S: number, size: number, topDown: boolean): Span[] {
  const out: Span[] = [];
  for (let n0 = 0; n0 < S; n0 += size) out.push({ n0, n1: Math.min(S, n0 + size), first: false });
  if (topDown) out.reverse();
  if (out.length) out[0].first = true;
  return out;
}

export interface ResnetPipelines {
  forward: GPUComputePipeline;
  reverseStore: GPUComputePipeline;
  backwardExact: GPUComputePipeline;
  backwardAdjoint: GPUComputePipeline;
  wreduce: GPUComputePipeline;
}

/** The residual-stack pipelines of a context's variant and chunk (compiled once, cached per device). */
export async function resnetPipelines(
  device: GPUDevice,
  spec: NetSpec,
  plan: ContextPlan,
): Promise<ResnetPipelines> {
  const c = resnetConsts(spec, plan.variant);
  const k = resnetKernel(spec);
  const [forward, reverseStore, backwardExact, backwardAdjoint, wreduce] = await Promise.all([
    pipeline(device, k, 'forward', c),
    pipeline(device, k, 'reverse_store', c),
    pipeline(device, k, 'backward_exact', c),
    pipeline(device, k, 'backward_adjoint', c),
    pipeline(device, WREDUCE, 'wreduce', wreduceConsts(spec)),
  ]);
  return { forward, reverseStore, backwardExact, backwardAdjoint, wreduce };
}

export class BatchContext {
  readonly B: number;
  readonly groups: number;
  readonly xcur: GPUBuffer;
  readonly gvec: GPUBuffer;
  readonly dpred: GPUBuffer;
  readonly states: GPUBuffer | null;
  readonly recon: GPUBuffer | null;
  readonly partial: GPUBuffer | null;
  readonly grad: GPUBuffer | null;
  readonly grad2: GPUBuffer | null;
  readonly rgrad: GPUBuffer;
  readonly net: GPUBuffer;
  private readonly fwd: GPUBindGroup[];
  private readonly bwd: { span: Span; bg: GPUBindGroup; reduce: GPUBindGroup; reduce2?: GPUBindGroup }[];
  private readonly rev: GPUBindGroup[];
  private readonly lossBg: GPUBindGroup;

  /** `pl` from resnetPipelines(…, plan). */
  constructor(
    private readonly sh: Shared,
    readonly plan: ContextPlan,
    readonly label: string,
    readonly inputs: ContextInputs,
    private readonly pl: ResnetPipelines,
  ) {
    const { device, spec, buffers, dummies } = sh;
    const { B } = plan;
    const S = spec.steps;
    this.B = B;
    this.groups = groups(B, plan.variant);
    const planned = contextBuffers(spec, plan, label);
    const mk = (name: string) => {
      const b = planned.find((p) => p.name === `${label}.${name}`);
      if (!b) throw new Error(`${label}: buffer ${name} is not in the plan`);
      return buffers.storage(b.name, b.bytes);
    };
    this.xcur = mk('xcur');
    this.gvec = mk('gvec');
    this.dpred = mk('dpred');
    this.rgrad = mk('rgrad');
    this.states = plan.storeStates ? mk('states') : null;
    this.partial = plan.backward ? mk('partial') : null;
    this.grad = plan.backward ? mk('grad') : null;
    this.recon = plan.diagnostics ? mk('recon') : null;
    this.grad2 = plan.diagnostics ? mk('grad2') : null;

    this.net = buffers.make(`${label}.net`, structSize(NET), UNIFORM());
    device.queue.writeBuffer(
      this.net,
      0,
      writeStruct(NET, { h: spec.h, c: spec.c, batch: B, steps: S, depth: spec.N }),
    );

    // one 256-byte uniform slot per chunk of every sweep
    const fwdSpans = spans(S, FORWARD_CHUNK, false);
    const bwdSpans = plan.backward ? spans(S, plan.chunk, true) : [];
    const revSpans = plan.diagnostics ? spans(S, FORWARD_CHUNK, true) : [];
    const all = [...fwdSpans, ...bwdSpans, ...revSpans];
    const chunkBuf = buffers.make(`${label}.chunks`, chunkUniformSlots(S, plan) * 256, UNIFORM());
    if (all.length > chunkUniformSlots(S, plan)) throw new Error(`${label}: more chunks than planned`);
    for (const [i, s] of all.entries())
      device.queue.writeBuffer(
        chunkBuf,
        i * 256,
        writeStruct(CHUNK, {
          n0: s.n0,
          n1: s.n1,
          store: plan.storeStates ? 1 : 0,
          first: s.first ? 1 : 0,
          slots: partialSlots(spec, plan.chunk),
          groups: this.groups,
        }),
      );
    let slot = 0;
    const resnet = (what: string, states: GPUBuffer | null): GPUBindGroup =>
      bindKernel(device, RESNET, `${label} ${what}`, {
        net: this.net,
        chunk: { buffer: chunkBuf, offset: 256 * slot++, size: structSize(CHUNK) },
        params: sh.params,
        x0data: inputs.x0data,
        batch_idx: inputs.idx,
        states: states ?? dummies.states,
        xcur: this.xcur,
        gvec: this.gvec,
        partial: this.partial ?? dummies.partial,
      });
    this.fwd = fwdSpans.map((s) => resnet(`forward ${s.n0}`, this.states));
    this.bwd = bwdSpans.map((span) => {
      const chunk: Resource = { buffer: chunkBuf, offset: 256 * slot, size: structSize(CHUNK) };
      const reduce = (grad: GPUBuffer) =>
        bindKernel(device, WREDUCE, `${label} wreduce ${span.n0}`, { chunk, partial: this.partial!, grad });
      return {
        span,
        bg: resnet(`backward ${span.n0}`, this.states),
        reduce: reduce(this.grad!),
        reduce2: this.grad2 ? reduce(this.grad2) : undefined,
      };
    });
    this.rev = revSpans.map((s) => resnet(`reverse ${s.n0}`, this.recon));
    this.lossBg = bindKernel(device, LOSS, `${label} loss`, {
      net: this.net,
      dest: inputs.dest,
      xcur: this.xcur,
      readout: sh.readout,
      targets: inputs.targets,
      batch_idx: inputs.idx,
      dpred: this.dpred,
      gvec: this.gvec,
      rgrad: this.rgrad,
      out: inputs.out,
    });
  }

  /** Forward over all steps; stores the trajectory when the plan says so; leaves x_S in xcur. */
  forward(pass: GPUComputePassEncoder): void {
    pass.setPipeline(this.pl.forward);
    for (const bg of this.fwd) {
      pass.setBindGroup(0, bg);
      pass.dispatchWorkgroups(this.groups);
    }
  }

  /**
   * Read-out and loss of x_S: ∂L/∂x_S into gvec, ∂L/∂(R, r) into rgrad, the LOSS_RECORD (loss, hits, max |x_S|,
   * cleared weight flag) into the output slot.
   */
  loss(pass: GPUComputePassEncoder): void {
    const { spec, lossFwd, lossReduce } = this.sh;
    const K = spec.outputDim;
    pass.setBindGroup(0, this.lossBg);
    pass.setPipeline(lossFwd);
    pass.dispatchWorkgroups(Math.ceil(this.B / WG));
    pass.setPipeline(lossReduce);
    pass.dispatchWorkgroups(Math.ceil((K * spec.d + K + LOSS_RECORD) / WG));
  }

  /**
   * Backward sweep from gvec = ∂L/∂x_S, top chunk first, each followed by the fixed-order sum of its partial
   * weight gradients. 'exact' reads the stored trajectory; 'adjoint' rebuilds states from xcur = x_S (and
   * leaves x̃_0 there).
   */
  backward(pass: GPUComputePassEncoder, mode: 'exact' | 'adjoint', into: 'grad' | 'grad2' = 'grad'): void {
    if (mode === 'exact' && !this.states)
      throw new Error(`${this.label}: exact backward needs stored states`);
    const setSize = this.sh.spec.setSize;
    for (const c of this.bwd) {
      pass.setPipeline(mode === 'exact' ? this.pl.backwardExact : this.pl.backwardAdjoint);
      pass.setBindGroup(0, c.bg);
      pass.dispatchWorkgroups(this.groups);
      pass.setPipeline(this.pl.wreduce);
      pass.setBindGroup(0, into === 'grad' ? c.reduce : c.reduce2!);
      pass.dispatchWorkgroups(Math.ceil(setSize / WG), c.span.n1 - c.span.n0 + 1);
    }
  }

  /** Reverse reconstruction from xcur = x_S into recon (all x̃_n). */
  reverseStore(pass: GPUComputePassEncoder): void {
    pass.setPipeline(this.pl.reverseStore);
    for (const bg of this.rev) {
      pass.setBindGroup(0, bg);
      pass.dispatchWorkgroups(this.groups);
    }
  }

  /** Bytes of x_S at the top of the stored trajectory (to restore xcur from it). */
  topStateOffset(): number {
    return this.sh.spec.steps * this.B * this.sh.spec.d * 4;
  }
}
