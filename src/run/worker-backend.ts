// A CPU backend running in a Web Worker, behind the same Backend interface (calls become messages): the float64
// reference (engine 'f64', the default) or the float32 WASM SIMD engine ('f32').
import type { ExperimentConfig } from '../core/config';
import type { Dataset } from '../core/data';
import type { StepReport } from '../core/divergence';
import type { NetSpec, ReadoutWeights, Weights } from '../core/params';
import type { Diagnostics, Evaluation, Probe } from '../core/results';
import type { OptimizerState, TrainingState } from '../core/training-state';
import { heldImageBytes, imageSizeOf } from '../data/provision';
import type { Backend, BackendKind, BackendMemory, StepProgress } from './backend';

export type CpuEngine = 'f64' | 'f32';

type Reply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: string; name: string }
  | { id?: undefined; progress: StepProgress };

export class WorkerBackend implements Backend {
  readonly kind: BackendKind;
  readonly label: string;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private _step = 0;

  private info!: { memory: BackendMemory; spec: NetSpec; data: Dataset };

  private constructor(
    private readonly worker: Worker,
    engine: CpuEngine,
  ) {
    this.kind = engine === 'f32' ? 'wasm' : 'cpu';
    this.label = engine === 'f32' ? 'CPU · float32 WASM SIMD (worker)' : 'CPU · float64 reference (worker)';
    worker.addEventListener('message', (ev: MessageEvent<Reply>) => this.onReply(ev.data));
    worker.addEventListener('error', (ev) => this.failAll(new Error(`CPU worker crashed: ${ev.message}`)));
  }

  static async create(
    config: ExperimentConfig,
    weights?: Weights,
    startStep = 0,
    engine: CpuEngine = 'f64',
    opt?: OptimizerState,
  ): Promise<WorkerBackend> {
    const worker = new Worker(new URL('./cpu.worker.ts', import.meta.url), {
      type: 'module',
      name: 'ode-lens-cpu',
    });
    const b = new WorkerBackend(worker, engine);
    try {
      // image data: the worker gets a copy of the page's verified file (transferred), it never fetches
      const size = imageSizeOf(config);
      if (size !== null) {
        const held = heldImageBytes(size);
        if (!held)
          throw new Error(
            `Fashion-MNIST ${size}×${size} is not loaded yet: it must be provisioned before a run is built`,
          );
        const copy = held.slice();
        await b.post('provide', [size, copy], [copy.buffer]);
      }
      b.info = await b.call('init', config, weights, startStep, engine, opt);
      b._step = startStep;
    } catch (e) {
      worker.terminate();
      throw e;
    }
    return b;
  }

  get spec(): NetSpec {
    return this.info.spec;
  }
  /** Image data: only the first SNAPSHOT_ROWS samples per split (pageDataset), all the page's snapshots read. */
  get data(): Dataset {
    return this.info.data;
  }
  get memory(): BackendMemory {
    return this.info.memory;
  }

  onProgress: ((p: StepProgress) => void) | null = null;

  private onReply(r: Reply): void {
    if (r.id === undefined) {
      this.onProgress?.(r.progress);
      return;
    }
    const w = this.waiting.get(r.id);
    if (!w) return;
    this.waiting.delete(r.id);
    if (r.ok) w.resolve(r.value);
    else w.reject(Object.assign(new Error(r.error), { name: r.name }));
  }

  private failAll(e: Error): void {
    for (const w of this.waiting.values()) w.reject(e);
    this.waiting.clear();
  }

  private call<T>(method: string, ...args: unknown[]): Promise<T> {
    return this.post(method, args, []);
  }

  private post<T>(method: string, args: unknown[], transfer: Transferable[]): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, method, args }, transfer);
    });
  }

  get step() {
    return this._step;
  }
  async trainSteps(k: number): Promise<void> {
    const r = await this.call<{ step: number }>('trainSteps', k);
    this._step = r.step;
  }
  async sync(): Promise<void> {}
  readLosses(): Promise<StepReport[]> {
    return this.call('readLosses');
  }
  evaluate(): Promise<Evaluation> {
    return this.call('evaluate');
  }
  diagnostics(): Promise<Diagnostics> {
    return this.call('diagnostics');
  }
  probe(): Promise<Probe> {
    return this.call('probe');
  }
  trajectories(x: Float64Array, F: number): Promise<Float64Array> {
    return this.call('trajectories', x, F);
  }
  finalStates(x: Float64Array, F: number): Promise<Float64Array> {
    return this.call('finalStates', x, F);
  }
  readWeights(): Promise<Weights> {
    return this.call('readWeights');
  }
  readReadout(): Promise<ReadoutWeights> {
    return this.call('readReadout');
  }
  readTrainingState(): Promise<TrainingState> {
    return this.call('readTrainingState');
  }
  checkpoint(): Promise<void> {
    return this.call('checkpoint');
  }
  async restore(maxStep?: number): Promise<number> {
    const r = await this.call<{ result: number; step: number }>('restore', maxStep);
    this._step = r.step;
    return r.result;
  }
  dispose(): void {
    this.failAll(new Error('backend disposed'));
    this.worker.terminate();
  }
}
