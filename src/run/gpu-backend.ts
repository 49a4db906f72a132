// The WebGPU engine behind the Backend interface.
import type { ExperimentConfig } from '../core/config';
import type { StepReport } from '../core/divergence';
import type { ReadoutWeights, Weights } from '../core/params';
import type { Diagnostics, Evaluation, Probe } from '../core/results';
import type { TrainingState } from '../core/training-state';
import { type EngineOptions, GpuEngine } from '../engine/engine';
import type { Backend, BackendMemory } from './backend';

export class GpuBackend implements Backend {
  readonly kind = 'webgpu' as const;
  readonly memory: BackendMemory;

  private constructor(
    readonly engine: GpuEngine,
    readonly label: string,
  ) {
    const m = engine.memory;
    this.memory = {
      activationBytes: m.activationBytes,
      activationBytesOtherMode: m.activationBytesOtherMode,
      totalBytes: m.totalBytes,
      precision: 'float32',
      parameterBytes: m.parameterBytes,
      parts: { exact: m.exact.parts, adjoint: m.adjoint.parts },
    };
  }

  /**
   * Throws EngineLimitError (nothing allocated) when the config does not fit the device, StateRangeError when
   * the given weights or moments do not fit float32.
   */
  static async create(
    device: GPUDevice,
    config: ExperimentConfig,
    opts: EngineOptions & { adapterLabel?: string } = {},
  ): Promise<GpuBackend> {
    const engine = await GpuEngine.create(device, config, opts);
    return new GpuBackend(engine, `WebGPU${opts.adapterLabel ? ` · ${opts.adapterLabel}` : ''}`);
  }

  get spec() {
    return this.engine.spec;
  }
  get data() {
    return this.engine.data;
  }
  get step() {
    return this.engine.step;
  }
  async trainSteps(k: number): Promise<void> {
    this.engine.trainSteps(k);
  }
  sync(): Promise<void> {
    return this.engine.sync();
  }
  readLosses(): Promise<StepReport[]> {
    return this.engine.readLosses();
  }
  evaluate(): Promise<Evaluation> {
    return this.engine.evaluate();
  }
  diagnostics(): Promise<Diagnostics> {
    return this.engine.diagnostics();
  }
  probe(): Promise<Probe> {
    return this.engine.probe();
  }
  trajectories(x: Float64Array, F: number): Promise<Float32Array> {
    return this.engine.trajectories(x, F);
  }
  finalStates(x: Float64Array, F: number): Promise<Float32Array> {
    return this.engine.finalStates(x, F);
  }
  readWeights(): Promise<Weights> {
    return this.engine.readWeightsF64();
  }
  readReadout(): Promise<ReadoutWeights> {
    return this.engine.readReadoutF64();
  }
  readTrainingState(): Promise<TrainingState> {
    return this.engine.readTrainingState();
  }
  async checkpoint(): Promise<void> {
    this.engine.checkpoint();
  }
  async restore(maxStep?: number): Promise<number> {
    return this.engine.restore(maxStep);
  }
  dispose(): void {
    this.engine.dispose();
  }
}
