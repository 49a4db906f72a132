// One batch's worth of GPU state and the dispatches that run on it: forward (eq. 1/8), loss, backward (exact or
// memory-free adjoint, eq. 3/7), reverse reconstruction (eq. 6/9). The engine keeps one context for the training
// batch and others for evaluation, diagnostics and trajectory fans; they share weights and pipelines.
import type { NetSpec } from '../core/params';
import { type Binding, type BufferSet, bindGroup, structBytes, UNIFORM } from './gpu';
import { type ContextPlan, contextBuffers, FORWARD_CHUNK } from './plan';

export interface Pipelines {
  forward: GPUComputePipeline;
  reverseStore: GPUComputePipeline;
  backwardExact: GPUComputePipeline;
  backwardAdjoint: GPUComputePipeline;
  wgrad: GPUComputePipeline;
  lossFwd: GPUComputePipeline;
  lossReduce: GPUComputePipeline;
}

export interface Shared {
  device: GPUDevice;
  spec: NetSpec;
  pipelines: Pipelines;
  params: GPUBuffer;
  readout: GPUBuffer;
  buffers: BufferSet;
  /** A 4-byte buffer bound where a kernel declares a binding it will not touch in this context. */
  dummy: GPUBuffer;
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

export class BatchContext {
  readonly B: number;
  readonly xcur: GPUBuffer;
  readonly gvec: GPUBuffer;
  readonly dpred: GPUBuffer;
  readonly per: GPUBuffer;
  readonly states: GPUBuffer | null;
  readonly recon: GPUBuffer | null;
  readonly tape: GPUBuffer | null;
  readonly grad: GPUBuffer | null;
  readonly grad2: GPUBuffer | null;
  readonly rgrad: GPUBuffer;
  readonly net: GPUBuffer;
  private readonly fwd: { span: Span; bg: GPUBindGroup }[];
  private readonly bwd: {
    span: Span;
    exact?: GPUBindGroup;
    adjoint: GPUBindGroup;
    wgrad: GPUBindGroup;
    wgrad2?: GPUBindGroup;
  }[];
  private readonly rev: { span: Span; bg: GPUBindGroup }[];
  private readonly lossFwdBg: GPUBindGroup;
  private readonly lossReduceBg: GPUBindGroup;

  constructor(
    private readonly sh: Shared,
    readonly plan: ContextPlan,
    readonly label: string,
    readonly inputs: ContextInputs,
  ) {
    const { device, spec, pipelines: pl, buffers } = sh;
    const { B } = plan;
    const S = spec.steps;
    this.B = B;
    const size = (name: string) =>
      contextBuffers(spec, plan, label).find((b) => b.name === `${label}.${name}`)?.bytes ?? 0;
    const mk = (name: string) => buffers.storage(`${label}.${name}`, size(name));
    this.xcur = mk('xcur');
    this.per = mk('per');
    this.gvec = mk('gvec');
    this.dpred = mk('dpred');
    this.states = plan.storeStates ? mk('states') : null;
    this.tape = plan.backward ? mk('tape') : null;
    this.grad = plan.backward ? mk('grad') : null;
    this.rgrad = mk('rgrad');
    this.recon = plan.diagnostics ? mk('recon') : null;
    this.grad2 = plan.diagnostics ? mk('grad2') : null;

    this.net = buffers.make(`${label}.net`, 16, UNIFORM());
    device.queue.writeBuffer(
      this.net,
      0,
      structBytes([
        ['f', spec.h],
        ['f', spec.c],
        ['u', B],
        ['u', S],
      ]),
    );

    // one 256-byte uniform slot per chunk of every sweep
    const fwdSpans = spans(S, FORWARD_CHUNK, false);
    const bwdSpans = plan.backward ? spans(S, plan.chunk, true) : [];
    const revSpans = plan.diagnostics ? spans(S, FORWARD_CHUNK, true) : [];
    const all = [...fwdSpans, ...bwdSpans, ...revSpans];
    const chunkBuf = buffers.make(`${label}.chunks`, all.length * 256, UNIFORM());
    for (const [i, s] of all.entries())
      device.queue.writeBuffer(
        chunkBuf,
        i * 256,
        structBytes([
          ['u', s.n0],
          ['u', s.n1],
          ['u', plan.storeStates ? 1 : 0],
          ['u', s.first ? 1 : 0],
        ]),
      );
    let slot = 0;
    const chunkU = (): Binding => ({ buffer: chunkBuf, offset: 256 * slot++, size: 16 });
    const states = this.states ?? sh.dummy;

    this.fwd = fwdSpans.map((span) => ({
      span,
      bg: bindGroup(device, `${label} forward ${span.n0}`, pl.forward, {
        0: this.net,
        1: chunkU(),
        2: sh.params,
        3: inputs.x0data,
        4: inputs.idx,
        5: states,
        6: this.xcur,
      }),
    }));
    this.bwd = bwdSpans.map((span) => {
      const cu = chunkU();
      const tape = this.tape!;
      return {
        span,
        exact: this.states
          ? bindGroup(device, `${label} backward exact ${span.n0}`, pl.backwardExact, {
              0: this.net,
              1: cu,
              2: sh.params,
              5: this.states,
              7: this.gvec,
              8: tape,
            })
          : undefined,
        adjoint: bindGroup(device, `${label} backward adjoint ${span.n0}`, pl.backwardAdjoint, {
          0: this.net,
          1: cu,
          2: sh.params,
          6: this.xcur,
          7: this.gvec,
          8: tape,
        }),
        wgrad: bindGroup(device, `${label} wgrad ${span.n0}`, pl.wgrad, {
          0: this.net,
          1: cu,
          2: tape,
          3: this.grad!,
        }),
        wgrad2: this.grad2
          ? bindGroup(device, `${label} wgrad2 ${span.n0}`, pl.wgrad, {
              0: this.net,
              1: cu,
              2: tape,
              3: this.grad2,
            })
          : undefined,
      };
    });
    this.rev = revSpans.map((span) => ({
      span,
      bg: bindGroup(device, `${label} reverse ${span.n0}`, pl.reverseStore, {
        0: this.net,
        1: chunkU(),
        2: sh.params,
        5: this.recon!,
        6: this.xcur,
      }),
    }));
    this.lossFwdBg = bindGroup(device, `${label} loss`, pl.lossFwd, {
      0: this.net,
      2: this.xcur,
      3: sh.readout,
      4: inputs.targets,
      5: inputs.idx,
      6: this.dpred,
      7: this.gvec,
      8: this.per,
    });
    this.lossReduceBg = bindGroup(device, `${label} loss reduce`, pl.lossReduce, {
      0: this.net,
      1: inputs.dest,
      2: this.xcur,
      6: this.dpred,
      8: this.per,
      9: this.rgrad,
      10: inputs.out,
    });
  }

  /** Forward over all steps; stores the trajectory when the plan says so; leaves x_S in xcur. */
  forward(pass: GPUComputePassEncoder): void {
    pass.setPipeline(this.sh.pipelines.forward);
    for (const f of this.fwd) {
      pass.setBindGroup(0, f.bg);
      pass.dispatchWorkgroups(this.B);
    }
  }

  /** Read-out and loss of x_S: ∂L/∂x_S into gvec, ∂L/∂(R, r) into rgrad, [loss, hits] into the output slot. */
  loss(pass: GPUComputePassEncoder): void {
    const { spec, pipelines: pl } = this.sh;
    const K = spec.outputDim;
    pass.setPipeline(pl.lossFwd);
    pass.setBindGroup(0, this.lossFwdBg);
    pass.dispatchWorkgroups(Math.ceil(this.B / 64));
    pass.setPipeline(pl.lossReduce);
    pass.setBindGroup(0, this.lossReduceBg);
    pass.dispatchWorkgroups(Math.ceil((K * spec.d + K + 2) / 64));
  }

  /**
   * Backward sweep from gvec = ∂L/∂x_S, top chunk first, each followed by its weight-gradient reduction.
   * 'exact' reads the stored trajectory; 'adjoint' rebuilds states from xcur = x_S (and leaves x̃_0 there).
   */
  backward(pass: GPUComputePassEncoder, mode: 'exact' | 'adjoint', into: 'grad' | 'grad2' = 'grad'): void {
    const { spec, pipelines: pl } = this.sh;
    for (const c of this.bwd) {
      const bg = mode === 'exact' ? c.exact : c.adjoint;
      if (!bg) throw new Error(`${this.label}: exact backward needs stored states`);
      pass.setPipeline(mode === 'exact' ? pl.backwardExact : pl.backwardAdjoint);
      pass.setBindGroup(0, bg);
      pass.dispatchWorkgroups(this.B);
      pass.setPipeline(pl.wgrad);
      pass.setBindGroup(0, into === 'grad' ? c.wgrad : c.wgrad2!);
      pass.dispatchWorkgroups(Math.ceil(spec.setSize / 64), c.span.n1 - c.span.n0 + 1);
    }
  }

  /** Reverse reconstruction from xcur = x_S into recon (all x̃_n). */
  reverseStore(pass: GPUComputePassEncoder): void {
    pass.setPipeline(this.sh.pipelines.reverseStore);
    for (const r of this.rev) {
      pass.setBindGroup(0, r.bg);
      pass.dispatchWorkgroups(this.B);
    }
  }

  /** Bytes of x_S at the top of the stored trajectory (to restore xcur from it). */
  topStateOffset(): number {
    return this.sh.spec.steps * this.B * this.sh.spec.d * 4;
  }
}
