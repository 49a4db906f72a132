// Diagnostics on the fixed diagnostic batch, all on the GPU: exact and adjoint gradients (eq. 3 / eq. 7), the
// reverse reconstruction (eq. 6 / eq. 9), and row-wise sums of squares (metrics.wgsl) giving the
// reconstruction error per layer, the adjoint's gradient error per set, the weight increments and norms. Only
// those sums are read back (or, for probe(), the whole batch's states and gradients).
import type { Dataset } from '../core/data';
import type { NetSpec } from '../core/params';
import type { Diagnostics, Probe } from '../core/results';
import { BatchContext, type ResnetPipelines, type Shared } from './context';
import { bindKernel, structSize, writeStruct } from './contract';
import { DEST, LOSS_RECORD, METRICS, ROWS } from './defs';
import { readF32, UNIFORM } from './gpu';
import { type ContextPlan, F32 } from './plan';

export class GpuDiagnostics {
  readonly ctx: BatchContext;
  /** [recon (S+1)][grad err P][increments P][norms P] as (Σ diff², Σ ref²) pairs, then [loss, hits]. */
  private readonly out: GPUBuffer;
  private readonly rows: { bg: GPUBindGroup; n: number }[];
  private readonly indices: Int32Array;

  constructor(
    private readonly sh: Shared,
    plan: ContextPlan,
    pl: ResnetPipelines,
    private readonly rowPipeline: GPUComputePipeline,
    private readonly data: Dataset,
    /** The training set's embedded inputs, targets and identity indices on the GPU. */
    train: { x0: GPUBuffer; targets: GPUBuffer; idx: GPUBuffer },
  ) {
    const { device, spec, buffers } = sh;
    const { d, steps: S, P, setSize } = spec;
    this.indices = Int32Array.from({ length: plan.B }, (_, i) => i); // the first samples of the training set
    const lossSlot = 2 * (S + 1) + 6 * P;
    this.out = buffers.storage('diag.out', (lossSlot + LOSS_RECORD) * F32);
    const dest = buffers.make('diag.dest', structSize(DEST), UNIFORM());
    device.queue.writeBuffer(dest, 0, writeStruct(DEST, { slot: lossSlot }));
    this.ctx = new BatchContext(
      sh,
      plan,
      'diag',
      { x0data: train.x0, targets: train.targets, idx: train.idx, out: this.out, dest },
      pl,
    );
    const c = this.ctx;
    const rows = (
      label: string,
      len: number,
      n: number,
      offA: number,
      offB: number,
      outOff: number,
      a: GPUBuffer,
      b: GPUBuffer,
    ) => {
      const u = buffers.make(`rows ${label}`, structSize(ROWS), UNIFORM());
      device.queue.writeBuffer(u, 0, writeStruct(ROWS, { len, rows: n, offA, offB, outOff }));
      return { bg: bindKernel(device, METRICS, `rows ${label}`, { rows: u, a, b, out: this.out }), n };
    };
    const o1 = 2 * (S + 1);
    const o2 = o1 + 2 * P;
    const o3 = o2 + 2 * P;
    this.rows = [
      rows('recon', c.B * d, S + 1, 0, 0, 0, c.recon!, c.states!),
      rows('grad', setSize, P, 0, 0, o1, c.grad2!, c.grad!),
      rows('increments', setSize, P - 1, setSize, 0, o2, sh.params, sh.params),
      rows('norms', setSize, P, 0, 0, o3, sh.params, sh.params),
    ];
  }

  private get spec(): NetSpec {
    return this.sh.spec;
  }

  /** Encode and submit the whole diagnostic computation. */
  private encode(): void {
    const { device } = this.sh;
    const d = this.ctx;
    const enc = device.createCommandEncoder({ label: 'diagnostics' });
    let pass = enc.beginComputePass({ label: 'diag exact' });
    d.forward(pass); // stores the trajectory; xcur = x_S
    d.loss(pass); // gvec = ∂L/∂x_S
    d.backward(pass, 'exact', 'grad');
    d.loss(pass); // gvec again (the backward consumed it)
    d.backward(pass, 'adjoint', 'grad2'); // leaves x̃_0 in xcur
    pass.end();
    enc.copyBufferToBuffer(d.states!, d.topStateOffset(), d.xcur, 0, d.B * this.spec.d * F32);
    pass = enc.beginComputePass({ label: 'diag reverse + metrics' });
    d.reverseStore(pass);
    pass.setPipeline(this.rowPipeline);
    for (const { bg, n } of this.rows) {
      pass.setBindGroup(0, bg);
      pass.dispatchWorkgroups(Math.min(n, 65535), Math.ceil(n / 65535));
    }
    pass.end();
    device.queue.submit([enc.finish()]);
  }

  /** Reconstruction error, adjoint-vs-exact gradient error, weight increments and norms (GPU-computed). */
  async diagnostics(): Promise<Diagnostics> {
    this.encode();
    const { steps: S, P, used } = this.spec;
    const B = this.ctx.B;
    const r = await readF32(this.sh.device, this.out);
    const o1 = 2 * (S + 1);
    const o2 = o1 + 2 * P;
    const o3 = o2 + 2 * P;
    const reconError = Float64Array.from({ length: S + 1 }, (_, n) => Math.sqrt(r[2 * n] / B));
    let num = 0;
    let den = 0;
    const gradErrorPerLayer = new Float64Array(P);
    for (let n = 0; n < P; n++) {
      num += r[o1 + 2 * n];
      den += r[o1 + 2 * n + 1];
      gradErrorPerLayer[n] =
        r[o1 + 2 * n + 1] > 0 ? Math.sqrt(r[o1 + 2 * n] / r[o1 + 2 * n + 1]) : Number.NaN;
    }
    return {
      reconError,
      gradErrorGlobal: den > 0 ? Math.sqrt(num / den) : Number.NaN,
      gradErrorPerLayer,
      increments: Float64Array.from({ length: Math.max(0, used - 1) }, (_, n) => Math.sqrt(r[o2 + 2 * n])),
      norms: Float64Array.from({ length: P }, (_, n) => Math.sqrt(r[o3 + 2 * n + 1])),
      loss: r[o3 + 2 * P],
    };
  }

  /** Everything about the diagnostic batch at the current weights (for exports and cross-checks). */
  async probe(): Promise<Probe> {
    this.encode();
    const d = this.ctx;
    const { device } = this.sh;
    const spec = this.spec;
    const [states, recon, gradExact, gradAdjoint, gradReadout, out] = await Promise.all([
      readF32(device, d.states!),
      readF32(device, d.recon!),
      readF32(device, d.grad!),
      readF32(device, d.grad2!),
      readF32(device, d.rgrad),
      readF32(device, this.out),
    ]);
    const Bd = d.B * spec.d;
    const K = spec.outputDim;
    const targets = new Float32Array(d.B * K);
    for (let b = 0; b < d.B; b++)
      for (let k = 0; k < K; k++) targets[b * K + k] = this.data.train.y[this.indices[b] * K + k];
    return {
      B: d.B,
      indices: this.indices.slice(),
      x0: states.slice(0, Bd),
      targets,
      states,
      recon,
      loss: out[2 * (spec.steps + 1) + 6 * spec.P],
      gradExact,
      gradAdjoint,
      gradReadout,
    };
  }
}
