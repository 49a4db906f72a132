// Runs the experiment it is given: builds a backend for the config on the fastest engine for this machine
// (WebGPU or the CPU engine in a worker: timed on a few steps, or as remembered for this config shape, or as the
// user picked; see auto-backend.ts), trains in frames, and emits events: transitions, outcomes and throttled
// snapshots of what the views need (setNeeds). No React, no store: the stores subscribe (src/state/run.ts).
// A config change rebuilds the run, a config equal to the running one keeps it; a config that cannot be built
// (too big for the GPU, ...) is reported as rejected with its reason and the previous run goes on (the config
// asked for is never put back anywhere). A diverging run (divergence.ts: exploding loss, weights or states) is
// paused and rolled back to its last checkpoint whose loss was sane. Every command and outcome goes through the
// run state machine (src/run/machine.ts), whose phase is the run bar's status.
import type { ExperimentConfig } from '../core/config';
import { type Divergence, DivergenceMonitor, explainDivergence } from '../core/divergence';
import type { Weights } from '../core/params';
import type { LossPoint, Probe } from '../core/results';
import { same } from '../core/same';
import type { OptimizerState, TrainingState } from '../core/training-state';
import { fetchBytes } from '../data/fashion-mnist';
import { isProvisioned, provisionFor } from '../data/provision';
import { DeviceLostError } from '../engine/engine';
import { DIAG_BATCH, EngineLimitError } from '../engine/plan';
import { wasmSimdSupported } from '../wasm/engine';
import {
  buildChosen,
  type Candidate,
  chooseEngine,
  ENGINE_LABELS,
  type EngineChoice,
  type EngineId,
  type EnginePreference,
  type KeyValueStore,
  recallChoice,
  rememberChoice,
  shapeKey,
} from './auto-backend';
import type { Backend } from './backend';
import { engineSpeed, NO_SAMPLES, recordSpeed, type SpeedSamples } from './engine-speed';
import type { Notice, RunEvent, RunEventBody, RunListener } from './events';
import { fanInputs } from './fan';
import { GpuBackend } from './gpu-backend';
import { gpuNow } from './gpu-source';
import { initialMachine, type MachineEvent, type RunMachine, type RunPhase, transition } from './machine';
import {
  ENGINE_FLOPS,
  evaluateFirst,
  evaluationFlops,
  fanSize,
  gridAffordable,
  gridSide,
  passFlops,
} from './readout-cost';
import {
  DEFAULT_NEEDS,
  type GridStates,
  gridStates,
  type SnapshotData,
  type SnapshotNeeds,
  type SnapshotWeights,
  testScores,
} from './snapshot';
import { WorkerBackend } from './worker-backend';

/** Wall time of GPU work per frame the step count adapts to (keeps the page responsive). */
const FRAME_BUDGET_MS = 40;
/**
 * The same for an engine in a worker: its work does not block the page, but every batch costs a round trip and a
 * redraw on the main thread, so batches are longer (deep nets on the CPU: several steps per round trip).
 */
const WORKER_BUDGET_MS = 200;
const SNAPSHOT_MS = 150;
const EVAL_MS = 1000;
/**
 * Snapshots and evaluations (and the drawing they cause on the main thread) may take at most about this share
 * of the time while playing: when they are slow (deep nets: the ODE overlay, diagnostics) they come less often,
 * so that training, not publishing, gets most of the time.
 */
const PUBLISH_SHARE = 0.25;

/** Start a run from given weights and step (an imported experiment) instead of the initialisation. */
export interface StartFrom {
  weights: Weights;
  step: number;
  /** Optimizer moments (zeros when absent). */
  opt?: OptimizerState;
}

/** A built backend and how its engine was chosen. */
export interface BuiltRun {
  backend: Backend;
  choice: EngineChoice | null;
}

export interface FactoryHooks {
  /** Called when the candidates start being timed (the run bar says so). */
  onTiming?: () => void;
}

export type BackendFactory = (
  config: ExperimentConfig,
  from?: StartFrom,
  hooks?: FactoryHooks,
) => Promise<Backend | BuiltRun>;

/** Makes a config's data ready before it is built (image files: fetched and verified), reporting progress 0…1. */
export type Provisioner = (config: ExperimentConfig, onProgress: (fraction: number) => void) => Promise<void>;

/** A download or checksum failure: the run is kept, and the message says it was the data. */
class DataLoadError extends Error {}

/** The page's: image files from public/data, relative to the app's base URL (Vite's BASE_URL). */
export const pageProvisioner: Provisioner = (config, onProgress) =>
  provisionFor(
    config,
    (path, onBytes) => fetchBytes(`${import.meta.env.BASE_URL ?? '/'}${path}`, onBytes),
    onProgress,
  );

/** What is being loaded, for the progress bar and messages. */
function dataLabel(config: ExperimentConfig): string {
  return `Fashion-MNIST ${config.data.resolution}×${config.data.resolution}`;
}

/** localStorage when the page has it (null in Node, or when storage is denied). */
export function pageStorage(): KeyValueStore | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/**
 * Default engine for every config shape the user has not picked one for: 'auto' unless this key says otherwise
 * (the e2e specs that test the WebGPU engine itself set it to 'webgpu').
 */
export const DEFAULT_ENGINE_KEY = 'ode-lens.engine';

const isEngine = (v: unknown): v is EngineId => v === 'webgpu' || v === 'cpu' || v === 'wasm';

function adapterName(): { key: string; short: string } {
  const info = gpuNow().info;
  if (!info) return { key: '', short: '' };
  const key = [info.vendor, info.architecture, info.device, info.description]
    .filter(Boolean)
    .join(' ')
    .trim();
  const short = /swiftshader/i.test(key)
    ? 'SwiftShader'
    : info.vendor || info.architecture || info.description;
  return { key, short };
}

/** One engine the page can run: the menu lists these, and the automatic choice times them. */
export interface EngineEntry {
  id: EngineId;
  label: string;
  /** Whether it can run here now (WebGPU: a working device). */
  available: () => boolean;
  create: (config: ExperimentConfig, from?: StartFrom) => Promise<Backend>;
}

/**
 * The engines of the page, in order of preference on ties (the float64 reference before the float32 WASM engine
 * when they are as fast). Adding an engine is one more entry here (and its label in ENGINE_LABELS).
 */
export const PAGE_ENGINES: EngineEntry[] = [
  {
    id: 'webgpu',
    label: ENGINE_LABELS.webgpu,
    available: () => {
      const gpu = gpuNow();
      return !!gpu.device && gpu.state === 'ok';
    },
    create: (config, from) => {
      const gpu = gpuNow();
      if (!gpu.device || gpu.state !== 'ok') throw new Error('WebGPU is not available');
      const label = gpu.info ? `${gpu.info.vendor} ${gpu.info.architecture}`.trim() : '';
      return GpuBackend.create(gpu.device, config, {
        adapterLabel: label,
        weights: from?.weights,
        startStep: from?.step,
        opt: from?.opt,
      });
    },
  },
  {
    id: 'cpu',
    label: ENGINE_LABELS.cpu,
    available: () => true,
    create: (config, from) => WorkerBackend.create(config, from?.weights, from?.step, 'f64', from?.opt),
  },
  {
    id: 'wasm',
    label: ENGINE_LABELS.wasm,
    available: wasmAvailable,
    create: (config, from) => WorkerBackend.create(config, from?.weights, from?.step, 'f32', from?.opt),
  },
];

let wasmOk: boolean | null = null;
/** Whether this browser compiles the WASM SIMD kernels (checked once). */
function wasmAvailable(): boolean {
  if (wasmOk === null) wasmOk = typeof WebAssembly === 'object' && wasmSimdSupported();
  return wasmOk;
}

/** The entries that can run now, with the WebGPU one labelled by its adapter ("WebGPU (SwiftShader)"). */
export function availableEngines(): { id: EngineId; label: string; entry: EngineEntry }[] {
  const { short } = adapterName();
  return PAGE_ENGINES.filter((e) => e.available()).map((e) => ({
    id: e.id,
    label: e.id === 'webgpu' && short ? `${e.label} (${short})` : e.label,
    entry: e,
  }));
}

/** The key the page remembers engine choices under: adapter + config shape. */
export function engineKey(config: ExperimentConfig): string {
  return shapeKey(adapterName().key, config);
}

/** What the engine menu should show for this config: the engine picked for its shape, or 'auto'. */
export function enginePreferenceFor(config: ExperimentConfig, store = pageStorage()): EnginePreference {
  const r = recallChoice(store, engineKey(config));
  if (r?.by === 'user') return r.id;
  const d = store?.getItem(DEFAULT_ENGINE_KEY);
  return isEngine(d) ? d : 'auto';
}

/**
 * The page's factory: the fastest engine for this config (timed on throwaway backends, or remembered for its
 * shape, or as picked in the menu), built from the initial state (or `from`). A config the preferred engine
 * cannot build (too big for the GPU) goes to the next engine that can.
 */
export const defaultBackendFactory: BackendFactory = async (config, from, hooks) => {
  const store = pageStorage();
  const engines = availableEngines();
  const key = engineKey(config);
  const remembered = recallChoice(store, key);
  let preference: EnginePreference = 'auto';
  if (remembered?.by === 'user') preference = remembered.id;
  else {
    const d = store?.getItem(DEFAULT_ENGINE_KEY);
    if (isEngine(d)) preference = d;
  }
  // an engine picked before that is not here now (WebGPU lost): as if none was picked
  if (preference !== 'auto' && !engines.some((e) => e.id === preference)) preference = 'auto';
  // without WebGPU (or after losing it) the float64 reference engine runs, untimed, unless another was picked
  const hasGpu = engines.some((e) => e.id === 'webgpu');
  const offered = hasGpu || preference !== 'auto' ? engines : engines.filter((e) => e.id === 'cpu');
  // the timing builds throwaway backends from the initial state; the run is built afterwards
  const timed: Candidate<Backend>[] = offered.map((e) => ({
    id: e.id,
    label: e.label,
    create: () => e.entry.create(config),
  }));
  const needsTiming = preference === 'auto' && offered.length > 1 && remembered?.by !== 'timed';
  if (needsTiming) hooks?.onTiming?.();
  const choice = await chooseEngine({
    candidates: timed,
    preference,
    remembered: hasGpu ? remembered : null,
  });
  if (!choice) throw new Error('no engine can run here');
  if (choice.how === 'requested' && remembered?.by !== 'user')
    choice.reason = 'the default engine of this page';
  // remember a real measurement only (not when every engine ran over the cap: a busy machine)
  if (choice.how === 'timed' && choice.timings.some((t) => t.ok && !t.lowerBound))
    rememberChoice(store, key, {
      id: choice.id,
      by: 'timed',
      reason: choice.reason,
      timings: choice.timings,
    });
  const building: Candidate<Backend>[] = engines.map((e) => ({
    id: e.id,
    label: e.label,
    create: () => e.entry.create(config, from),
  }));
  return buildChosen(building, choice);
};

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The notice a new run starts with: why it is on the CPU when that was not a choice. */
function engineNotice(b: Backend, choice: EngineChoice | null): Notice | null {
  if (choice?.how === 'fallback')
    return { kind: 'warning', text: `Running on ${choice.label}: ${choice.reason}.` };
  const gpu = gpuNow();
  const gpuHere = !!gpu.device && gpu.state === 'ok';
  if (b.kind !== 'webgpu' && !gpuHere && (!choice || choice.how === 'only'))
    return {
      kind: 'info',
      text: 'WebGPU is not available: running on the CPU (float64 reference engine), slower.',
    };
  return null;
}

export class RunController {
  private backend: Backend | null = null;
  private config: ExperimentConfig | null = null;
  /**
   * The config last asked for (load without weights: what the settings show), built or not: Reset and another
   * engine picked in the menu build it (a config rejected on one engine may fit another).
   */
  private asked: ExperimentConfig | null = null;
  /** The config of the newest build in flight and its outcome (null when none). */
  private target: ExperimentConfig | null = null;
  private pending: Promise<boolean> | null = null;
  private machine: RunMachine = initialMachine;
  /** Identifies the training loop that may run: a new loop (or none) makes older ones stop. */
  private loopId = 0;
  private stepsPerFrame = 1;
  private lastSnapshot = 0;
  /** The step of the last snapshot published (-1: none for this run). */
  private publishedStep = -1;
  private lastEval = 0;
  /** Smoothed wall time of a snapshot (with the drawing it causes) and of an evaluation, in ms. */
  private snapshotCost = 0;
  private evalCost = 0;
  /**
   * The flop/s each engine achieved on the read-outs' passes (evaluations, decision grids), which size the next
   * read-outs (engine-speed.ts). Kept across builds: the engine's speed is the machine's, and a new run's first
   * snapshot (it holds the first training step) is where an optimistic figure costs most.
   */
  private speeds: SpeedSamples = NO_SAMPLES;
  /** When the last snapshot's work began while playing (its cost is measured at the next training step). */
  private snapshotStarted = 0;
  private lastEvalMs = 0;
  /**
   * An evaluation the first snapshot left for later (too costly to hold the first training step: a deep net on
   * the CPU, src/run/readout-cost.ts): the next snapshot does it.
   */
  private evalOwed = false;
  private rateWindow: { t: number; step: number }[] = [];
  /** Serialises backend work: every operation awaits the previous one. */
  private queue: Promise<unknown> = Promise.resolve();
  private generation = 0;
  private monitor = new DivergenceMonitor();
  /**
   * The run's last state read to the page (weights, moments, step), refreshed with every evaluation: what Save
   * and "Continue on the CPU" use when the engine can no longer be read (device lost).
   */
  private held: TrainingState | null = null;
  private stepsPerSec = 0;
  private needs: SnapshotNeeds = DEFAULT_NEEDS;
  private speed = 1;
  private listeners = new Set<RunListener>();

  constructor(
    private readonly factory: BackendFactory = defaultBackendFactory,
    private readonly provision: Provisioner = pageProvisioner,
  ) {}

  /** Receive every event from now on; returns the function that stops it. */
  subscribe(l: RunListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private emit(e: RunEvent): void {
    for (const l of this.listeners) l(e);
  }

  /** What the snapshots carry from now on (the views' needs, from their options). */
  setNeeds(needs: SnapshotNeeds): void {
    this.needs = needs;
  }

  /** Training speed multiplier: scales the steps per batch. */
  setSpeed(speed: number): void {
    this.speed = speed;
  }

  private enqueue<T>(f: () => Promise<T>): Promise<T> {
    const p = this.queue.then(f, f);
    this.queue = p.catch(() => undefined);
    return p;
  }

  /**
   * Send an event to the state machine and emit the new state with `outcome` as one event (so a view never sees
   * the phase without what goes with it). Entering 'playing' starts the training loop; leaving it stops the
   * loop. Returns whether the state changed.
   */
  private send(e: MachineEvent, outcome?: RunEventBody): boolean {
    const prev = this.machine;
    const next = transition(prev, e);
    if (next !== prev) this.machine = next;
    if (next !== prev || outcome)
      this.emit({ ...(outcome ?? { type: 'machine' }), machine: next, cause: e.type });
    if (next.phase === 'playing' && prev.phase !== 'playing') {
      const id = ++this.loopId;
      void this.loop(id);
    } else if (next.phase !== 'playing') this.loopId++;
    if (prev.phase === 'playing' && next.phase !== 'playing') this.settleViews();
    return next !== prev;
  }

  /** The phase of the run (what the run bar shows). */
  get phase(): RunPhase {
    return this.machine.phase;
  }

  /** The whole machine state (phase, and while building whether it will play and what runs underneath). */
  get state(): RunMachine {
    return this.machine;
  }

  /**
   * Run `config`: a config equal to the one running (Back, a link of the same experiment, an edit undone) keeps
   * the run and drops any build in flight; another builds a new run. With `from` (an imported experiment, the
   * CPU after a device loss) it always builds, from those weights. On failure the previous run (if any) goes
   * on and a 'rejected' event says why.
   */
  async load(config: ExperimentConfig, from?: StartFrom): Promise<boolean> {
    if (!from) this.asked = config;
    // asked for what is being built (a reset of it, say): that build answers
    if (!from && this.target && this.pending && same(config, this.target)) return this.pending;
    if (!from && this.backend && this.config && same(config, this.config)) {
      this.generation++; // whatever was being built is no longer wanted
      this.target = null;
      this.send({ type: 'keep' }, { type: 'kept', config: this.config });
      return true;
    }
    return this.build(config, from);
  }

  /** Build a run for `config` (from its initialisation, or `from`), superseding any build in flight. */
  private async build(config: ExperimentConfig, from?: StartFrom): Promise<boolean> {
    const gen = ++this.generation;
    this.target = config;
    this.send({ type: 'build' });
    const done = this.enqueue(async () => {
      if (gen !== this.generation) return false;
      this.emit({ type: 'building', config });
      let next: Backend;
      let choice: EngineChoice | null = null;
      try {
        if (!isProvisioned(config)) {
          // image data: fetched and verified before any backend (the CPU worker gets the page's copy)
          const what = dataLabel(config);
          const report = (fraction: number | null) => {
            if (gen === this.generation)
              this.emit({ type: 'loading', loading: fraction === null ? null : { what, fraction } });
          };
          report(0);
          try {
            await this.provision(config, report);
          } catch (e) {
            throw new DataLoadError(`could not load ${what}: ${errorText(e)}`);
          } finally {
            this.emit({ type: 'loading', loading: null });
          }
          if (gen !== this.generation) return false;
        }
        const built = await this.factory(config, from, {
          onTiming: () => this.emit({ type: 'timing' }),
        });
        if ('backend' in built && 'choice' in built) {
          next = built.backend;
          choice = built.choice;
        } else next = built as Backend;
      } catch (e) {
        if (gen !== this.generation) return false; // superseded meanwhile: the newer request decides
        this.target = null;
        const limit = e instanceof EngineLimitError || (e instanceof Error && e.name === 'EngineLimitError');
        const message = errorText(e);
        const data = e instanceof DataLoadError;
        this.send(
          { type: 'buildFailed' },
          {
            type: 'rejected',
            rejection: { config, running: this.backend ? this.config : null, reasons: [{ message }], limit },
            notice: {
              kind: 'error',
              text: `${limit ? 'This configuration does not fit: ' : data ? 'The data could not be loaded, the previous run goes on: ' : 'Could not start the run: '}${message}`,
            },
          },
        );
        return false;
      }
      if (gen !== this.generation) {
        // superseded while it was being built (another config, or back to the running one)
        next.dispose();
        return false;
      }
      this.target = null;
      this.backend?.dispose();
      this.backend = next;
      // a long step's progress (CPU engines), while this engine is the run's
      next.onProgress = (p) => {
        if (this.backend === next) this.emit({ type: 'progress', ...p });
      };
      this.config = config;
      this.monitor = new DivergenceMonitor();
      this.held = null;
      this.rateWindow = [];
      this.snapshotCost = 0;
      this.evalCost = 0;
      this.snapshotStarted = 0;
      this.publishedStep = -1;
      this.stepsPerSec = 0;
      this.lastEval = 0;
      this.evalOwed = false;
      // a loop started by 'built' queues behind this task, so the first snapshot comes before any training
      this.send(
        { type: 'built' },
        {
          type: 'built',
          config,
          step: next.step,
          kind: next.kind,
          label: next.label,
          memory: next.memory,
          choice,
          ...(this.factory === defaultBackendFactory
            ? {
                preference: enginePreferenceFor(config),
                engines: availableEngines().map(({ id, label }) => ({ id, label })),
              }
            : {}),
          notice: engineNotice(next, choice),
        },
      );
      await this.guard(() => this.snapshot(true));
      return true;
    });
    this.pending = done;
    return done;
  }

  /**
   * Train the config asked for on `engine` from now on ('auto': time the engines again), remembered for its
   * shape on this adapter; rebuilds the run from its initial state on that engine (a config rejected as too
   * big for one engine may fit another).
   */
  async setEngine(engine: EnginePreference): Promise<boolean> {
    const config = this.target ?? this.asked ?? this.config;
    if (!config) return false;
    const store = pageStorage();
    const key = engineKey(config);
    rememberChoice(store, key, engine === 'auto' ? null : { id: engine, by: 'user' });
    this.emit({ type: 'preference', preference: engine });
    this.pause();
    return this.build(config);
  }

  get isPlaying(): boolean {
    return this.machine.phase === 'playing';
  }

  /** The config of the run that exists now (null before the first successful load). */
  get currentConfig(): ExperimentConfig | null {
    return this.config;
  }

  /** The probe (states, reconstructions, exact and adjoint gradients) at the current weights, with them. */
  async probe(): Promise<{ probe: Probe; weights: Weights } | null> {
    return this.enqueue(async () => {
      const b = this.backend;
      if (!b) return null;
      const [probe, weights] = await Promise.all([b.probe(), b.readWeights()]);
      return { probe, weights };
    });
  }

  /**
   * The run's weights, moments and step, read in order with training (for exporting the experiment). When the
   * engine cannot be read (device lost) or holds non-finite weights: the last state the page read, with `held`
   * set so that the caller can say which step it is.
   */
  async readState(): Promise<(TrainingState & { config: ExperimentConfig; held: boolean }) | null> {
    return this.enqueue(async () => {
      const b = this.backend;
      const c = this.config;
      if (!b || !c) return null;
      try {
        const s = await b.readTrainingState();
        if (finiteState(s)) return { ...s, config: c, held: false };
      } catch {
        // the engine is gone: fall back to what the page holds
      }
      return this.held ? { ...this.held, config: c, held: true } : null;
    });
  }

  /** The last state read from the engine (see `held`), e.g. to go on elsewhere after a device loss. */
  get heldState(): TrainingState | null {
    return this.held;
  }

  /** Train (while building: once built). */
  play(): void {
    this.send({ type: 'play' });
  }

  /** Stop training (while building: do not play once built). */
  pause(): void {
    if (this.send({ type: 'pause' })) this.snapshotStarted = 0;
  }

  /** Pause if playing or about to play once built, play otherwise: what the Play/Pause button shows. */
  toggle(): void {
    const m = this.machine;
    if (m.phase === 'playing' || (m.phase === 'building' && m.resume)) this.pause();
    else this.play();
  }

  /** One training step, then a full snapshot (from a resting run only: it pauses a playing one first). */
  async stepOnce(): Promise<void> {
    this.pause();
    await this.enqueue(async () => {
      const p = this.machine.phase;
      // play, a new build or a failure may have come while this step was queued: they win
      if (!this.backend || !(p === 'paused' || p === 'finished' || p === 'diverged')) return;
      const ok = await this.guard(async () => {
        await this.backend!.trainSteps(1);
        await this.snapshot(true);
      });
      if (ok && this.machine.phase !== 'diverged') this.send({ type: 'stepped' });
    });
  }

  /** Publish a fresh snapshot without training (a view asked for something the last one lacks, e.g. the ODE). */
  async refresh(): Promise<void> {
    await this.enqueue(async () => {
      const b = this.backend;
      const c = this.config;
      if (b && c) await this.guard(() => this.publishSnapshot(b, c));
    });
  }

  /**
   * Start the experiment again from its initialisation: the one being built, if any, else the one last asked
   * for (after a rejection: tried again, and the run before it goes on if it fails again), else the running one.
   */
  async reset(): Promise<void> {
    this.pause();
    const config = this.target ?? this.asked ?? this.config;
    if (config) await this.build(config);
  }

  dispose(): void {
    this.generation++;
    this.target = null;
    this.send({ type: 'dispose' });
    this.backend?.dispose();
    this.backend = null;
    this.config = null;
  }

  /**
   * The GPU device is gone: a run on WebGPU is lost at once (not at its next step), so the run bar says so and
   * Play is off until the run continues on the CPU or is rebuilt. Runs on the CPU engines are not affected.
   */
  engineLost(): void {
    if (this.backend?.kind === 'webgpu') this.send({ type: 'lost' });
  }

  /** Resolves once every operation queued so far (builds, steps, snapshots) is done. */
  async settled(): Promise<void> {
    let q: Promise<unknown>;
    do {
      q = this.queue;
      await q;
    } while (q !== this.queue);
  }

  private async loop(id: number): Promise<void> {
    const live = () => id === this.loopId && this.machine.phase === 'playing' && !!this.backend;
    // a snapshot's cost is measured to the next batch of the same loop: one left from before a pause or the
    // budget would count the whole rest as its cost (and make the snapshots rare for a long while)
    this.snapshotStarted = 0;
    while (live()) {
      const ok = await this.enqueue(() => {
        // paused, rebuilt or lost while this batch waited in the queue: do not train
        if (!live()) return Promise.resolve(false);
        return this.guard(async () => {
          const b = this.backend!;
          const speed = this.speed;
          // stop at the step budget (the run is finished there), not a batch past it
          const budget = this.config?.train.steps ?? 0;
          const before = b.step;
          const left = budget > 0 && before < budget ? budget - before : Number.POSITIVE_INFINITY;
          const k = Math.max(1, Math.min(left, Math.round(this.stepsPerFrame * speed)));
          const t0 = performance.now();
          if (this.snapshotStarted) {
            // the snapshot's work, the page's drawing and the yield since: what publishing cost
            const cost = t0 - this.snapshotStarted - this.lastEvalMs;
            this.snapshotCost = this.snapshotCost ? 0.7 * this.snapshotCost + 0.3 * cost : cost;
            this.snapshotStarted = 0;
          }
          this.emit({ type: 'batch', since: t0 });
          const trained = b.trainSteps(k);
          // an engine in a worker answers in order: ask for the losses now, they come right after the steps
          // (one round trip less per batch; round trips are slow while the page draws)
          const losses = b.kind === 'webgpu' ? undefined : b.readLosses();
          losses?.catch(() => undefined); // a failed batch is reported by the await below
          await trained;
          await b.sync();
          this.emit({ type: 'batch', since: null });
          const dt = performance.now() - t0;
          // adapt: aim at FRAME_BUDGET_MS of work per frame, change by at most 2× per frame
          const frame = b.kind === 'webgpu' ? FRAME_BUDGET_MS : WORKER_BUDGET_MS;
          const ideal = (k * frame) / Math.max(dt, 1); // k: this batch (it may stop short at the budget)
          this.stepsPerFrame = Math.min(
            b.kind === 'webgpu' ? 64 : 256,
            Math.max(1, Math.min(2 * this.stepsPerFrame, Math.max(this.stepsPerFrame / 2, ideal))),
          );
          await this.snapshot(false, losses);
          // the step budget reached while playing: the run is finished (play goes on past it)
          if (budget > 0 && before < budget && b.step >= budget)
            this.send({ type: 'budget' }, { type: 'finished', step: b.step });
        });
      });
      if (!ok) break;
      await new Promise((r) => setTimeout(r, 0)); // let the page paint and handle input
    }
  }

  /**
   * The run stopped playing: snapshots are throttled while playing (SNAPSHOT_MS, PUBLISH_SHARE), so the last one
   * may be many steps old, and the views must show the step the run bar shows once the run rests. Queued behind
   * the batch in flight, so it reads that batch's step.
   */
  private settleViews(): void {
    const played = this.backend;
    void this.enqueue(async () => {
      const b = this.backend;
      const p = this.machine.phase;
      // rebuilding (a reset), rebuilt, playing again, lost or rolled back: none, or that path publishes its own
      if (!b || b !== played || this.target || !(p === 'paused' || p === 'finished')) return;
      if (this.publishedStep === b.step) return;
      await this.guard(() => this.snapshot(true));
    });
  }

  /** Run f; on device loss or another failure, stop and say so. Returns whether to continue. */
  private async guard(f: () => Promise<void>): Promise<boolean> {
    try {
      await f();
      return true;
    } catch (e) {
      const lost = e instanceof DeviceLostError || gpuNow().state === 'lost';
      this.send(
        { type: 'lost' },
        {
          type: 'lost',
          notice: {
            kind: 'error',
            text: lost
              ? 'The GPU device was lost (driver reset, or the tab was in the background too long). Continue on the CPU (button above) or reload the page; your settings are kept in the link.'
              : `The run stopped: ${errorText(e)}`,
          },
        },
      );
      return false;
    }
  }

  /** Read losses (always), and every so often the fan, weights, evaluation and diagnostics. */
  private async snapshot(force: boolean, asked?: Promise<LossPoint[]>): Promise<void> {
    const b = this.backend;
    const c = this.config;
    if (!b || !c) return;
    const now = performance.now();
    const losses = await (asked ?? b.readLosses());
    if (losses.length) {
      const bad = this.monitor.check(losses);
      if (bad) {
        await this.diverged(b, bad);
        return;
      }
      this.rateWindow.push({ t: now, step: b.step });
      while (this.rateWindow.length > 2 && now - this.rateWindow[0].t > 2000) this.rateWindow.shift();
      const w0 = this.rateWindow[0];
      if (this.rateWindow.length > 1 && now > w0.t)
        this.stepsPerSec = ((b.step - w0.step) * 1000) / (now - w0.t);
      this.emit({ type: 'losses', points: losses, step: b.step, stepsPerSec: this.stepsPerSec });
    }
    const every = Math.max(SNAPSHOT_MS, this.snapshotCost / PUBLISH_SHARE);
    if (!force && now - this.lastSnapshot < every) return;
    this.lastSnapshot = now;
    this.lastEvalMs = 0;
    if (!force) this.snapshotStarted = now;
    // the views' read-outs of a huge net take minutes on the CPU (the decision grid alone is 1600 forward passes):
    // the run bar counts them, or it would show step 0 with nothing happening (issue 13)
    this.emit({ type: 'readout', since: performance.now() });
    try {
      await this.readOut(b, c, force, now, losses.length > 0);
    } finally {
      this.emit({ type: 'readout', since: null });
    }
  }

  /** A snapshot's reading of the engine: checkpoint, the views' data and, every so often, an evaluation. */
  private async readOut(
    b: Backend,
    c: ExperimentConfig,
    force: boolean,
    now: number,
    trained: boolean,
  ): Promise<void> {
    if (trained) await b.checkpoint(); // every loss so far is finite: a safe point to roll back to
    // the first snapshot of a run (nothing trained yet) holds the first step: an evaluation that would take
    // long there (estimated from the net's size) waits for the snapshot after the first batch
    const first = force && !this.lastEval && !trained;
    const diagBatch = Math.min(DIAG_BATCH, c.data.nTrain);
    const defer = first && !evaluateFirst(b.spec, this.speedOf(b), c.data.nTrain, c.data.nTest, diagBatch);
    const evaluate =
      !defer &&
      (force || this.evalOwed || now - this.lastEval > Math.max(EVAL_MS, this.evalCost / PUBLISH_SHARE));
    if (defer !== this.evalOwed) {
      this.evalOwed = defer;
      this.emit({ type: 'evalPending', pending: defer });
    }
    // with an evaluation, the training state (kept for Save after a device loss) is read first and the snapshot
    // shows its weights: one read of the weights per snapshot, not two (at depth 2048 each is tens of ms of the
    // page's time on the GPU engine: widening float32 to float64)
    const te = performance.now();
    const state = evaluate ? await b.readTrainingState() : null;
    const stateMs = performance.now() - te;
    if (state && finiteState(state)) this.held = state;
    await this.publishSnapshot(b, c, state?.weights, first);
    if (evaluate) {
      this.lastEval = now || 1;
      const te = performance.now();
      const [ev, diag] = await Promise.all([b.evaluate(), b.diagnostics()]);
      const evalMs = performance.now() - te;
      this.measured(b, evaluationFlops(b.spec, c.data.nTrain, c.data.nTest, diagBatch), evalMs);
      const cost = evalMs + stateMs;
      this.evalCost = this.evalCost ? 0.7 * this.evalCost + 0.3 * cost : cost;
      if (!force) this.lastEvalMs = cost;
      this.emit({ type: 'evaluation', step: b.step, evaluation: ev, diagnostics: diag });
    }
  }

  private async diverged(b: Backend, bad: Divergence): Promise<void> {
    this.pause(); // stop the loop at once; the machine says 'diverged' once rolled back
    const back = await b.restore(bad.saneStep);
    await b.readLosses(); // drop what came after the checkpoint
    const state = await b.readTrainingState();
    if (finiteState(state)) this.held = state;
    const sane = back <= bad.saneStep ? '' : ' (no earlier checkpoint: it is where this run started)';
    this.send(
      { type: 'diverged' },
      {
        type: 'diverged',
        back,
        notice: {
          kind: 'warning',
          text: `Training diverged at step ${bad.step}: ${bad.detail}. Paused and went back to step ${back}${sane}. ${explainDivergence(this.config!, bad)}`,
        },
      },
    );
    await this.publishSnapshot(b, this.config!, state.weights);
  }

  /** Read what the views need (see setNeeds) from the backend and emit it. */
  private async publishSnapshot(
    b: Backend,
    c: ExperimentConfig,
    read?: Weights,
    first = false,
  ): Promise<void> {
    const data = await readSnapshot(b, c, this.needs, {
      read,
      first,
      speed: this.speedOf(b),
      measured: (flops, ms) => this.measured(b, flops, ms),
    });
    this.publishedStep = b.step;
    this.emit({ type: 'snapshot', data });
  }

  /**
   * A snapshot with `needs` read now, in order with training, without publishing it: for what needs more than
   * the open views do (a pin's regions and weight norms when those views are closed). Null without a run.
   */
  async readSnapshot(needs: SnapshotNeeds): Promise<SnapshotData | null> {
    return this.enqueue(async () => {
      const b = this.backend;
      const c = this.config;
      return b && c
        ? readSnapshot(b, c, needs, {
            speed: this.speedOf(b),
            measured: (flops, ms) => this.measured(b, flops, ms),
          })
        : null;
    });
  }

  /** The flop/s to size `b`'s read-outs with: its engine's measured speed, or the assumed one before any. */
  private speedOf(b: Backend): number {
    return engineSpeed(this.speeds, b.kind);
  }

  /** `flops` of read-out work on `b` took `ms`: one measurement of its engine's speed. */
  private measured(b: Backend, flops: number, ms: number): void {
    this.speeds = recordSpeed(this.speeds, b.kind, flops, ms / 1000);
  }
}

/** How readSnapshot reads. */
export interface ReadOptions {
  /** The weights, read already (with an evaluation). */
  read?: Weights;
  /** The run's first snapshot (it holds the first step): regions too costly even at their coarsest wait. */
  first?: boolean;
  /** The engine's flop/s that size the fan and the grid (engine-speed.ts); else the assumed figure for its kind. */
  speed?: number;
  /** Told the flops and wall time (ms) of the decision grid's passes, when it reads one. */
  measured?: (flops: number, ms: number) => void;
}

/**
 * What `needs` asks of the backend, read. Only what is asked: no fan (F = 0) without a fan, the residual sets only
 * when asked for (else null: never a stale copy), and the fan and decision grid of a deep net within their cost at
 * the engine's speed (src/run/readout-cost.ts; the snapshot says so).
 */
export async function readSnapshot(
  b: Backend,
  c: ExperimentConfig,
  needs: SnapshotNeeds,
  { read, first = false, speed = ENGINE_FLOPS[b.kind], measured }: ReadOptions = {},
): Promise<SnapshotData> {
  const { spec, data } = b;
  let fan: ReturnType<typeof fanInputs> = { x: new Float64Array(0), F: 0, labels: null };
  let fanAsked: number | undefined;
  if (needs.fan > 0) {
    fan = fanInputs(c, data, needs.fan);
    const cap = fanSize(spec, speed, fan.F);
    if (cap < fan.F) {
      fanAsked = fan.F;
      fan = fanInputs(c, data, needs.fan, cap);
    }
  }
  const [w, trajectories] = await Promise.all([
    read ?? (needs.weights ? b.readWeights() : b.readReadout()),
    fan.F ? b.trajectories(fan.x, fan.F) : new Float64Array(0),
  ]);
  const weights: SnapshotWeights =
    needs.weights && 'residual' in w
      ? w
      : { embed: w.embed, readoutW: w.readoutW, readoutB: w.readoutB, residual: null };
  const gridAsked = needs.grid && data.inputDim === 2;
  const gridLater = gridAsked && first && !gridAffordable(spec, speed);
  let grid: GridStates | null = null;
  if (gridAsked && !gridLater) {
    const side = gridSide(spec, speed);
    const t0 = performance.now();
    grid = await gridStates(b, spec.d === 2 && fan.F ? trajectories : null, side);
    measured?.(side * side * passFlops(spec), performance.now() - t0);
  }
  const tests = await testScores(b, weights, needs.tests ?? 0);
  return {
    step: b.step,
    spec,
    classification: data.classification,
    weights,
    fanX: fan.x,
    F: fan.F,
    ...(fanAsked ? { fanAsked } : {}),
    ...(gridLater ? { gridLater } : {}),
    fanLabels: fan.labels,
    trajectories,
    grid,
    tests,
  };
}

/** Whether every weight and moment is finite (a state worth saving or going on from). */
function finiteState(s: TrainingState): boolean {
  const all = (a: ArrayLike<number>) => {
    for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
    return true;
  };
  const { weights: w, opt: o } = s;
  return [
    w.residual,
    w.readoutW,
    w.readoutB,
    o.residual.m,
    o.residual.v,
    o.readoutW.m,
    o.readoutW.v,
    o.readoutB.m,
    o.readoutB.v,
  ].every(all);
}

export { fanInputs };

/** The page's controller (src/app wires the stores to it). */
export const controller = new RunController();
