// The WebGPU engine: trains one experiment on a GPUDevice it is given (page, worker or Node/Dawn), with no React
// or DOM. Weights and data come from the float64 generators of src/core (uploaded as float32), so a CPU and a GPU
// run of one config start from identical numbers. A training step is encoded into one command buffer with no
// readback; losses land in a ring buffer on the GPU and are read back only when asked (throttled by the caller).
import { batchIndices } from '../core/batches';
import { type ExperimentConfig, residualLrMultiplier } from '../core/config';
import { type Dataset, makeDataset } from '../core/data';
import { type StepReport, WEIGHT_BOUND } from '../core/divergence';
import { initWeights, type NetSpec, netSpec, type ReadoutWeights, type Weights } from '../core/params';
import { embed } from '../core/reference';
import type { Diagnostics, Evaluation, Probe } from '../core/results';
import {
  assertRepresentable,
  CHECKPOINTS,
  newestUpTo,
  type OptimizerState,
  type TrainingState,
} from '../core/training-state';
import {
  type BatchContext,
  BatchContext as Ctx,
  type ResnetPipelines,
  resnetPipelines,
  type Shared,
} from './context';
import { bindKernel, structSize, writeStruct } from './contract';
import { DEST, LOSS, LOSS_RECORD, METRICS, MIDSETS, OPT, OPTIM, WG } from './defs';
import { GpuDiagnostics } from './diagnostics';
import { Fans } from './fans';
import { align, BufferSet, readF32, toF32, UNIFORM } from './gpu';
import { pipeline } from './kernels';
import {
  type AdapterClass,
  adapterClass,
  type ContextPlan,
  checkPlan,
  DEFAULT_MEMORY_BUDGET,
  DIAG_BATCH,
  EngineLimitError,
  F32,
  type MemoryReport,
  memoryReport,
  midSets,
  type PlanLimits,
} from './plan';
import { LOSS_RING, MAX_STEPS_PER_SUBMIT, planRun, RING, type RunPlan } from './run-plan';

export { LOSS_RING, MAX_STEPS_PER_SUBMIT, planRun, type RunPlan } from './run-plan';

export interface EngineOptions {
  /** Cap on all GPU memory this run allocates (bytes). */
  memoryBudget?: number;
  /** Check against these limits instead of the device's (e.g. the portable defaults in tests). */
  limits?: PlanLimits;
  /** Start from these weights instead of the config's initialisation. */
  weights?: Weights;
  /** ...and these optimizer moments instead of zeros. */
  opt?: OptimizerState;
  /** Samples of the diagnostic batch (first samples of the training set). */
  diagBatch?: number;
  /** Fill every output buffer with NaN at creation (tests: unwritten elements must not look like zeros). */
  poison?: boolean;
  /** Force a kernel variant of plan.ts VARIANT_TABLE for every context (tests; default: picked by shape). */
  variant?: string;
  /** GPU or CPU-backed adapter, for the variant table (default: from the device's adapter info). */
  adapter?: AdapterClass;
  /** Step counter to start from (resuming imported weights: the batch schedule continues from there). */
  startStep?: number;
}

/** Thrown by every method after the device was lost; the UI offers to restart. */
export class DeviceLostError extends Error {
  override readonly name = 'DeviceLostError';
}

interface EnginePipelines {
  lossFwd: GPUComputePipeline;
  lossReduce: GPUComputePipeline;
  optim: GPUComputePipeline;
  rowdiff: GPUComputePipeline;
  /** Schemes with half-step stages: refreshes the blended sets θ_{n+½} (null: none). */
  midsets: GPUComputePipeline | null;
  contexts: Partial<Record<keyof RunPlan['contexts'], ResnetPipelines>>;
}

interface DataBuffers {
  x0: GPUBuffer;
  targets: GPUBuffer;
  idx: GPUBuffer;
  n: number;
}

export class GpuEngine {
  readonly spec: NetSpec;
  readonly data: Dataset;
  readonly memory: MemoryReport;
  /** Training steps done. */
  step = 0;
  private lost: string | null = null;
  private lossRead = 0;
  private readonly buffers: BufferSet;
  private readonly B: number;
  private readonly train: BatchContext;
  private readonly evalTrain: BatchContext;
  private readonly evalTest: BatchContext | null;
  private readonly params: GPUBuffer;
  private readonly readout: GPUBuffer;
  private readonly lossHist: GPUBuffer;
  private readonly evalOut: GPUBuffer;
  private readonly idxRing: GPUBuffer;
  private readonly idxCur: GPUBuffer;
  private readonly stepRing: GPUBuffer;
  private readonly optResU: GPUBuffer;
  private readonly optReadU: GPUBuffer;
  private readonly destU: GPUBuffer;
  private readonly idxStride: number;
  private readonly optimizerBgs: { residual: GPUBindGroup; readout: GPUBindGroup | null };
  private readonly optPipeline: GPUComputePipeline;
  private readonly midsets: { pipeline: GPUComputePipeline; bg: GPUBindGroup } | null;
  private readonly plan: RunPlan;
  private readonly limits: PlanLimits;
  private readonly optState: GPUBuffer[];
  /** CHECKPOINTS copies of weights and optimizer state, each in the order of `stateBuffers()`. */
  private readonly backup: GPUBuffer[][];
  /** The step of each backup slot (null: empty), and the slot the next checkpoint overwrites. */
  private readonly backupStep: (number | null)[] = Array(CHECKPOINTS).fill(null);
  private nextBackup = 0;
  private readonly shared: Shared;
  private readonly diag: GpuDiagnostics;
  private readonly fans: Fans;
  /** The fixed input embedding E (float64), x_0 = E x. */
  private readonly embedding: Float64Array;

  private constructor(
    readonly device: GPUDevice,
    readonly config: ExperimentConfig,
    init: {
      spec: NetSpec;
      data: Dataset;
      weights: Weights;
      pipelines: EnginePipelines;
      plan: RunPlan;
      limits: PlanLimits;
      poison: boolean;
      startStep: number;
      opt?: OptimizerState;
    },
  ) {
    const { spec, data, weights, pipelines, plan } = init;
    this.spec = spec;
    this.data = data;
    this.B = plan.B;
    this.plan = plan;
    this.limits = init.limits;
    this.optPipeline = pipelines.optim;
    this.memory = memoryReport(plan.buffers, spec, plan.contexts.train, config.train.gradMode, init.limits);
    this.embedding = weights.embed.slice();
    const buffers = new BufferSet(device, init.poison);
    this.buffers = buffers;
    const { d, outputDim: K, P, setSize } = spec;

    // weights, with room for the blended sets θ_{n+½} after the P sets (filled by blendMidSets below)
    this.params = buffers.upload('params', paramsF32(spec, weights.residual));
    this.readout = buffers.upload('readout', readoutF32(weights));
    this.shared = {
      device,
      spec,
      params: this.params,
      readout: this.readout,
      buffers,
      lossFwd: pipelines.lossFwd,
      lossReduce: pipelines.lossReduce,
      dummies: {
        states: buffers.storage('unused states', 4),
        partial: buffers.storage('unused partial', 4),
      },
    };

    // data: embedded inputs x_0 = E x (float64 on the CPU), targets, identity indices
    const upload = (split: Dataset['train'], name: string): DataBuffers => ({
      x0: buffers.upload(`${name}.x0`, toF32(embed(spec, weights, split.x, split.n))),
      targets: buffers.upload(`${name}.y`, toF32(split.y)),
      idx: buffers.upload(
        `${name}.idx`,
        Uint32Array.from({ length: split.n }, (_, i) => i),
      ),
      n: split.n,
    });
    const trainData = upload(data.train, 'data.train');
    const testData = data.test.n > 0 && data.test !== data.train ? upload(data.test, 'data.test') : null;

    // per-step inputs: batch indices and uniforms in rings, copied to the current ones at the start of a step
    this.idxStride = align(this.B * 4);
    this.idxRing = buffers.storage('ring.idx', MAX_STEPS_PER_SUBMIT * this.idxStride);
    this.idxCur = buffers.storage('train.idx', this.B * 4);
    this.stepRing = buffers.make(
      'ring.step',
      MAX_STEPS_PER_SUBMIT * RING.stride,
      GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    );
    this.optResU = buffers.make('opt.residual', structSize(OPT), UNIFORM());
    this.optReadU = buffers.make('opt.readout', structSize(OPT), UNIFORM());
    this.destU = buffers.make('train.dest', structSize(DEST), UNIFORM());
    this.lossHist = buffers.storage('loss.history', LOSS_RING * LOSS_RECORD * F32);
    this.evalOut = buffers.storage('eval.out', 2 * LOSS_RECORD * F32);
    const destAt = (slot: number) => {
      const u = buffers.make(`dest ${slot}`, structSize(DEST), UNIFORM());
      device.queue.writeBuffer(u, 0, writeStruct(DEST, { slot }));
      return u;
    };

    const ctx = (which: keyof RunPlan['contexts'], label: string, inputs: Ctx['inputs']) =>
      new Ctx(this.shared, plan.contexts[which]!, label, inputs, pipelines.contexts[which]!);
    this.train = ctx('train', 'train', {
      x0data: trainData.x0,
      targets: trainData.targets,
      idx: this.idxCur,
      out: this.lossHist,
      dest: this.destU,
    });
    this.evalTrain = ctx('evalTrain', 'eval.train', {
      ...trainData,
      x0data: trainData.x0,
      out: this.evalOut,
      dest: destAt(0),
    });
    this.evalTest = testData
      ? ctx('evalTest', 'eval.test', {
          ...testData,
          x0data: testData.x0,
          out: this.evalOut,
          dest: destAt(LOSS_RECORD),
        })
      : null;
    this.diag = new GpuDiagnostics(
      this.shared,
      plan.contexts.diag,
      pipelines.contexts.diag!,
      pipelines.rowdiff,
      data,
      trainData,
    );
    this.fans = new Fans(
      this.shared,
      init.limits,
      plan.contexts.train.variant.name,
      weights.embed.slice(),
      () => this.alive(),
    );

    // optimizer state (m, v) and bind groups
    const nRes = P * setSize;
    const nRead = K * d + K;
    const o = init.opt;
    const moment = (name: string, n: number, a: ArrayLike<number> | undefined) =>
      a ? buffers.upload(name, toF32(a)) : buffers.zeros(name, n * F32);
    const mRes = moment('opt.m.residual', nRes, o?.residual.m);
    const vRes = moment('opt.v.residual', nRes, o?.residual.v);
    const mRead = moment('opt.m.readout', nRead, o && joinReadout(o, 'm'));
    const vRead = moment('opt.v.readout', nRead, o && joinReadout(o, 'v'));
    this.optState = [mRes, vRes, mRead, vRead];
    this.backup = Array.from({ length: CHECKPOINTS }, (_, k) =>
      this.stateBuffers().map((b) => buffers.zeros(`checkpoint ${k} ${b.label}`, b.size)),
    );
    this.optimizerBgs = {
      residual: bindKernel(device, OPTIM, 'optim residual', {
        opt: this.optResU,
        params: this.params,
        grad: this.train.grad!,
        m: mRes,
        v: vRes,
        dest: this.destU,
        out: this.lossHist,
      }),
      readout:
        spec.readout === 'trained'
          ? bindKernel(device, OPTIM, 'optim readout', {
              opt: this.optReadU,
              params: this.readout,
              grad: this.train.rgrad,
              m: mRead,
              v: vRead,
              dest: this.destU,
              out: this.lossHist,
            })
          : null,
    };

    this.midsets = pipelines.midsets
      ? {
          pipeline: pipelines.midsets,
          bg: bindKernel(device, MIDSETS, 'midsets', { net: this.train.net, params: this.params }),
        }
      : null;
    this.blendMidSetsNow();

    this.step = init.startStep;
    this.lossRead = init.startStep;
    this.checkpoint(); // restore() before any later checkpoint returns to the initial state

    device.lost.then((info) => {
      this.lost = info.message || info.reason || 'device lost';
    });
  }

  /** The kernel variant of the training step (plan.ts VARIANT_TABLE). */
  get variant(): string {
    return this.plan.contexts.train.variant.name;
  }

  /**
   * Plan, check and build an engine. Throws EngineLimitError (nothing allocated) when it does not fit, and
   * StateRangeError when the given weights or moments do not fit float32.
   */
  static async create(
    device: GPUDevice,
    config: ExperimentConfig,
    opts: EngineOptions = {},
  ): Promise<GpuEngine> {
    const spec = netSpec(config);
    const data = makeDataset(config);
    const weights = opts.weights ?? initWeights(config, spec);
    if (opts.weights || opts.opt) assertRepresentable(spec, weights, opts.opt, 'float32');
    const limits = opts.limits ?? device.limits;
    // GPUDevice.adapterInfo: Chrome 132+, Dawn; without it, assume a GPU
    const info = (device as GPUDevice & { adapterInfo?: GPUAdapterInfo }).adapterInfo;
    const adapter = opts.adapter ?? (info ? adapterClass(info) : 'gpu');
    const plan = planRun(config, spec, data, opts.diagBatch ?? DIAG_BATCH, limits, opts.variant, adapter);
    checkPlan(plan.buffers, plan.maxGroups, limits, opts.memoryBudget ?? DEFAULT_MEMORY_BUDGET);

    const lossC = { D: spec.d, K: spec.outputDim, XENT: config.train.loss === 'xent' };
    const ctxPipelines = async () => {
      const out: EnginePipelines['contexts'] = {};
      for (const [k, p] of Object.entries(plan.contexts) as [keyof RunPlan['contexts'], ContextPlan | null][])
        if (p) out[k] = await resnetPipelines(device, spec, p);
      return out;
    };
    const [lossFwd, lossReduce, optim, rowdiff, midsets, contexts] = await Promise.all([
      pipeline(device, LOSS, 'loss_fwd', lossC),
      pipeline(device, LOSS, 'loss_reduce', lossC),
      pipeline(device, OPTIM, 'step', {
        OPT: { gd: 0, sgd: 1, adam: 2 }[config.train.optimizer],
        WMAX: WEIGHT_BOUND,
      }),
      pipeline(device, METRICS, 'rowdiff', {}),
      midSets(spec) ? pipeline(device, MIDSETS, 'midsets', { SET: spec.setSize }) : null,
      ctxPipelines(),
    ]);
    device.pushErrorScope('out-of-memory');
    device.pushErrorScope('validation');
    let engine: GpuEngine | null = null;
    let failure: unknown = null;
    try {
      engine = new GpuEngine(device, config, {
        spec,
        data,
        weights,
        pipelines: { lossFwd, lossReduce, optim, rowdiff, midsets, contexts },
        plan,
        limits,
        poison: opts.poison ?? false,
        startStep: opts.startStep ?? 0,
        opt: opts.opt,
      });
    } catch (e) {
      failure = e;
    }
    const validation = await device.popErrorScope();
    const oom = await device.popErrorScope();
    if (oom || validation || failure) {
      engine?.dispose();
      if (oom)
        throw new EngineLimitError(
          'out-of-memory',
          `the GPU ran out of memory building this run: ${oom.message}`,
        );
      if (validation)
        throw new Error(`WebGPU validation error while building the engine: ${validation.message}`);
      throw failure;
    }
    return engine!;
  }

  private alive(): void {
    if (this.lost) throw new DeviceLostError(`the GPU device was lost (${this.lost}); restart the run`);
  }

  /** Encode and submit k training steps (no readback). */
  trainSteps(k = 1): void {
    this.alive();
    const c = this.config;
    const { device, spec } = this;
    let left = k;
    while (left > 0) {
      const n = Math.min(left, MAX_STEPS_PER_SUBMIT);
      // per-step inputs into the rings
      const ring = new Uint8Array(n * RING.stride);
      const idx = new Uint32Array(n * (this.idxStride / 4));
      const put = (at: number, bytes: ArrayBuffer) => ring.set(new Uint8Array(bytes), at);
      for (let i = 0; i < n; i++) {
        const t = this.step + i; // 0-based step index
        idx.set(batchIndices(c, t), (i * this.idxStride) / 4);
        const opt = (lr: number, count: number) => optBytes(c, lr, t + 1, count, Math.min(count, 65535 * 64));
        const at = i * RING.stride;
        put(at + RING.optResidual, opt(c.train.lr * residualLrMultiplier(c), spec.P * spec.setSize));
        put(at + RING.optReadout, opt(c.train.lr, spec.outputDim * spec.d + spec.outputDim));
        put(at + RING.dest, writeStruct(DEST, { slot: LOSS_RECORD * (t % LOSS_RING) }));
      }
      device.queue.writeBuffer(this.stepRing, 0, ring);
      device.queue.writeBuffer(this.idxRing, 0, idx);
      const enc = device.createCommandEncoder({ label: `train ${this.step}+${n}` });
      for (let i = 0; i < n; i++) {
        const at = i * RING.stride;
        enc.copyBufferToBuffer(this.idxRing, i * this.idxStride, this.idxCur, 0, this.B * 4);
        enc.copyBufferToBuffer(this.stepRing, at + RING.optResidual, this.optResU, 0, structSize(OPT));
        enc.copyBufferToBuffer(this.stepRing, at + RING.optReadout, this.optReadU, 0, structSize(OPT));
        enc.copyBufferToBuffer(this.stepRing, at + RING.dest, this.destU, 0, structSize(DEST));
        const pass = enc.beginComputePass({ label: `step ${this.step + i}` });
        this.train.forward(pass);
        this.train.loss(pass);
        this.train.backward(pass, c.train.gradMode);
        this.optimize(pass, spec.P * spec.setSize, this.optimizerBgs.residual);
        this.blendMidSets(pass);
        if (this.optimizerBgs.readout)
          this.optimize(pass, spec.outputDim * spec.d + spec.outputDim, this.optimizerBgs.readout);
        pass.end();
      }
      device.queue.submit([enc.finish()]);
      this.step += n;
      left -= n;
    }
  }

  private optimize(pass: GPUComputePassEncoder, count: number, bg: GPUBindGroup): void {
    const groups = Math.ceil(count / 64);
    pass.setPipeline(this.optPipeline);
    pass.setBindGroup(0, bg);
    pass.dispatchWorkgroups(Math.min(groups, 65535), Math.ceil(groups / 65535));
  }

  /** θ_{n+½} ← (θ_n + θ_{n+1})/2 in the params buffer (schemes with half-step stages; else nothing). */
  private blendMidSets(pass: GPUComputePassEncoder): void {
    if (!this.midsets) return;
    pass.setPipeline(this.midsets.pipeline);
    pass.setBindGroup(0, this.midsets.bg);
    pass.dispatchWorkgroups(Math.ceil(this.spec.setSize / WG), this.spec.steps);
  }

  /** The same in a submit of its own (after an upload of the weights). */
  private blendMidSetsNow(): void {
    if (!this.midsets) return;
    const enc = this.device.createCommandEncoder({ label: 'midsets' });
    const pass = enc.beginComputePass({ label: 'midsets' });
    this.blendMidSets(pass);
    pass.end();
    this.device.queue.submit([enc.finish()]);
  }

  private stateBuffers(): GPUBuffer[] {
    return [this.params, this.readout, ...this.optState];
  }

  /**
   * Remember the weights and optimizer state (on the GPU, no readback), e.g. while the loss is sane; the last
   * CHECKPOINTS are kept (core/training-state.ts says why two).
   */
  checkpoint(): void {
    this.alive();
    const slot = this.nextBackup;
    const enc = this.device.createCommandEncoder({ label: 'checkpoint' });
    for (const [i, b] of this.stateBuffers().entries())
      enc.copyBufferToBuffer(b, 0, this.backup[slot][i], 0, b.size);
    this.device.queue.submit([enc.finish()]);
    this.backupStep[slot] = this.step;
    this.nextBackup = (slot + 1) % CHECKPOINTS;
  }

  /** Slots that hold a checkpoint, oldest first. */
  private backupOrder(): number[] {
    return Array.from({ length: CHECKPOINTS }, (_, k) => (this.nextBackup + k) % CHECKPOINTS).filter(
      (s) => this.backupStep[s] !== null,
    );
  }

  /**
   * Go back to the newest checkpoint at or before `maxStep` (default: the newest; the oldest when none is that
   * old); returns the step it resumes from. Later checkpoints are dropped.
   */
  restore(maxStep = Number.POSITIVE_INFINITY): number {
    this.alive();
    const order = this.backupOrder();
    const at = newestUpTo(
      order.map((s) => this.backupStep[s]!),
      maxStep,
    );
    const slot = order[at];
    const enc = this.device.createCommandEncoder({ label: 'restore' });
    for (const [i, b] of this.stateBuffers().entries())
      enc.copyBufferToBuffer(this.backup[slot][i], 0, b, 0, b.size);
    this.device.queue.submit([enc.finish()]);
    for (const s of order.slice(at + 1)) this.backupStep[s] = null;
    this.nextBackup = (slot + 1) % CHECKPOINTS;
    this.step = this.backupStep[slot]!;
    this.lossRead = Math.min(this.lossRead, this.step);
    return this.step;
  }

  /** Wait until the GPU has finished everything submitted. */
  async sync(): Promise<void> {
    this.alive();
    await this.device.queue.onSubmittedWorkDone();
  }

  /**
   * Batch losses of the steps done since the last call (at most LOSS_RING of the most recent ones), with the
   * divergence reports the kernels wrote beside them.
   */
  async readLosses(): Promise<StepReport[]> {
    this.alive();
    const from = Math.max(this.lossRead, this.step - LOSS_RING);
    const to = this.step;
    this.lossRead = to;
    if (to <= from) return [];
    const raw = await readF32(this.device, this.lossHist);
    const out: StepReport[] = [];
    const B = this.B;
    for (let t = from; t < to; t++) {
      const at = LOSS_RECORD * (t % LOSS_RING);
      out.push({
        step: t + 1,
        loss: raw[at],
        acc: this.data.classification ? raw[at + 1] / B : Number.NaN,
        maxState: raw[at + 2],
        weightsBeyond: raw[at + 3] !== 0,
      });
    }
    return out;
  }

  /** Full train and test losses (and accuracies) at the current weights. */
  async evaluate(): Promise<Evaluation> {
    this.alive();
    const enc = this.device.createCommandEncoder({ label: 'evaluate' });
    const pass = enc.beginComputePass({ label: 'evaluate' });
    for (const ctx of [this.evalTrain, this.evalTest]) {
      if (!ctx) continue;
      ctx.forward(pass);
      ctx.loss(pass);
    }
    pass.end();
    this.device.queue.submit([enc.finish()]);
    const r = await readF32(this.device, this.evalOut);
    const nTr = this.evalTrain.B;
    const nTe = this.evalTest?.B ?? 0;
    const acc = (hits: number, n: number) => (this.data.classification && n > 0 ? hits / n : Number.NaN);
    return {
      trainLoss: r[0],
      trainAcc: acc(r[1], nTr),
      testLoss: this.evalTest ? r[LOSS_RECORD] : this.data.test === this.data.train ? r[0] : Number.NaN,
      testAcc: this.evalTest ? acc(r[LOSS_RECORD + 1], nTe) : Number.NaN,
    };
  }

  /** Reconstruction error, adjoint-vs-exact gradient error, weight increments and norms (GPU-computed). */
  diagnostics(): Promise<Diagnostics> {
    this.alive();
    return this.diag.diagnostics();
  }

  /** Everything about the diagnostic batch at the current weights (for exports and cross-checks). */
  probe(): Promise<Probe> {
    this.alive();
    return this.diag.probe();
  }

  /** Forward trajectories [S+1][F][d] of raw inputs [F][inputDim] (a fan for the trajectory views). */
  trajectories(x: Float64Array, F: number): Promise<Float32Array> {
    return this.fans.trajectories(x, F);
  }

  /** Final states x_S [F][d] of raw inputs [F][inputDim] (e.g. a grid for decision regions). */
  finalStates(x: Float64Array, F: number): Promise<Float32Array> {
    return this.fans.finalStates(x, F);
  }

  /** Current weights (float32 values widened to float64), with the fixed embedding. */
  async readWeightsF64(): Promise<Weights> {
    this.alive();
    const { spec } = this;
    const [p, r] = await Promise.all([readF32(this.device, this.params), readF32(this.device, this.readout)]);
    const K = spec.outputDim;
    return {
      // the typed-array constructor: Float64Array.from iterates (~10× slower); the P sets, not the blended ones
      residual: new Float64Array(p.subarray(0, spec.P * spec.setSize)),
      embed: this.embedding.slice(),
      readoutW: new Float64Array(r.subarray(0, K * spec.d)),
      readoutB: new Float64Array(r.subarray(K * spec.d, K * spec.d + K)),
    };
  }

  /** The read-out (float32 widened) and the fixed embedding, without the residual sets (a snapshot that needs no more). */
  async readReadoutF64(): Promise<ReadoutWeights> {
    this.alive();
    const { spec } = this;
    const r = await readF32(this.device, this.readout);
    const K = spec.outputDim;
    return {
      embed: this.embedding.slice(),
      readoutW: new Float64Array(r.subarray(0, K * spec.d)),
      readoutB: new Float64Array(r.subarray(K * spec.d, K * spec.d + K)),
    };
  }

  /** Weights, optimizer moments and step (float32 widened to float64), read together. */
  async readTrainingState(): Promise<TrainingState> {
    this.alive();
    const step = this.step;
    const [weights, moments] = await Promise.all([
      this.readWeightsF64(),
      Promise.all(this.optState.map((b) => readF32(this.device, b))),
    ]);
    const [mRes, vRes, mRead, vRead] = moments;
    const nW = this.spec.outputDim * this.spec.d;
    const split = (m: Float32Array, v: Float32Array, from: number, to: number) => ({
      m: new Float64Array(m.subarray(from, to)),
      v: new Float64Array(v.subarray(from, to)),
    });
    return {
      step,
      weights,
      opt: {
        residual: split(mRes, vRes, 0, mRes.length),
        readoutW: split(mRead, vRead, 0, nW),
        readoutB: split(mRead, vRead, nW, nW + this.spec.outputDim),
      },
    };
  }

  /** Raw float32 weights. */
  async readParams(): Promise<{ residual: Float32Array; readout: Float32Array }> {
    this.alive();
    const [residual, readout] = await Promise.all([
      readF32(this.device, this.params, 0, this.spec.P * this.spec.setSize),
      readF32(this.device, this.readout),
    ]);
    return { residual, readout };
  }

  /** The training step's gradients of the last step (residual [P][setSize], read-out). */
  async readGradients(): Promise<{ residual: Float32Array; readout: Float32Array }> {
    this.alive();
    const [residual, readout] = await Promise.all([
      readF32(this.device, this.train.grad!),
      readF32(this.device, this.train.rgrad!),
    ]);
    return { residual, readout };
  }

  /** Read-only access to a named buffer's bytes (tests). */
  async readBufferBytes(
    which: 'train.states' | 'train.xcur' | 'train.gvec' | 'opt',
  ): Promise<Float32Array[]> {
    this.alive();
    switch (which) {
      case 'train.states':
        return [await readF32(this.device, this.train.states!)];
      case 'train.xcur':
        return [await readF32(this.device, this.train.xcur)];
      case 'train.gvec':
        return [await readF32(this.device, this.train.gvec)];
      case 'opt':
        return Promise.all(this.optState.map((b) => readF32(this.device, b)));
    }
  }

  /** Replace the weights (float64 → float32). Optimizer state is kept. */
  setWeights(w: Weights): void {
    this.alive();
    this.device.queue.writeBuffer(this.params, 0, toF32(w.residual));
    this.device.queue.writeBuffer(this.readout, 0, readoutF32(w));
    this.blendMidSetsNow();
  }

  /** Free every GPU buffer of this run. The engine is unusable afterwards. */
  dispose(): void {
    this.buffers.destroy();
    this.lost = this.lost ?? 'disposed';
  }
}

/** The residual weights as the params buffer holds them: the P sets, then room for the blended sets. */
function paramsF32(spec: NetSpec, residual: Float64Array): Float32Array<ArrayBuffer> {
  const p = new Float32Array(residual.length + midSets(spec) * spec.setSize);
  p.set(residual);
  return p;
}

function readoutF32(w: Weights): Float32Array<ArrayBuffer> {
  const r = new Float32Array(w.readoutW.length + w.readoutB.length);
  r.set(w.readoutW);
  r.set(w.readoutB, w.readoutW.length);
  return r;
}

/** The read-out's moments as the engine holds them: R's, then r's. */
function joinReadout(o: OptimizerState, k: 'm' | 'v'): Float64Array {
  const r = new Float64Array(o.readoutW[k].length + o.readoutB[k].length);
  r.set(o.readoutW[k]);
  r.set(o.readoutB[k], o.readoutW[k].length);
  return r;
}

/** The Opt uniform of optim.wgsl for (1-based) step t. */
function optBytes(c: ExperimentConfig, lr: number, t: number, count: number, row: number): ArrayBuffer {
  const tc = c.train;
  return writeStruct(OPT, {
    lr,
    c1: 1 - tc.beta1 ** t,
    c2: 1 - tc.beta2 ** t,
    mu: tc.momentum,
    b1: tc.beta1,
    b2: tc.beta2,
    eps: tc.eps,
    wd: tc.weightDecay,
    count,
    row,
  });
}
