// Which engine trains this config fastest on this machine: time a few training steps on each candidate backend
// (WebGPU, the CPU engine, ...) and pick the faster. Shared by the page (src/run/controller.ts) and the headless
// runner (scripts/experiment.ts); no DOM, no GPU types here: a candidate is just an id, a label and a factory.
//
// The timing runs on throwaway backends (built for the timing and disposed after), so it never touches the run
// itself: the run is built afterwards from its initial state on the chosen engine and replays the same numbers
// as any other run of that link on that engine.
import type { ExperimentConfig } from '../core/config';
import { effectiveBatch } from '../core/config';
import { hiddenWidth } from '../residuals';

/** The engines a run can train on. 'wasm' is the float32 WASM SIMD CPU engine (when the build has it). */
export type EngineId = 'webgpu' | 'cpu' | 'wasm';
/** 'auto': time the candidates; an engine id: use that engine (the user's or the command line's choice). */
export type EnginePreference = 'auto' | EngineId;

export const ENGINE_LABELS: Record<EngineId, string> = {
  webgpu: 'WebGPU',
  cpu: 'CPU float64',
  wasm: 'CPU float32 WASM',
};

/** What the timing needs of a backend (a subset of Backend, so fakes are easy). */
export interface TimedBackend {
  trainSteps(k: number): Promise<void>;
  sync(): Promise<void>;
  dispose(): void;
}

/** One engine that could run the config: `create` builds a fresh backend for it (from the initial state). */
export interface Candidate<B extends TimedBackend = TimedBackend> {
  id: EngineId;
  /** Short human name, e.g. "WebGPU (SwiftShader)" or "CPU float64". */
  label: string;
  create: () => Promise<B>;
}

/**
 * How long to time a candidate: one warm-up step (pipelines, JIT), then steps in growing batches until at
 * least `minSteps` steps and `minMs` of timed work, stopping at `maxSteps` steps or once `maxMs` has passed.
 * `buildMs` and `stepCapMs` bound the wait for the build and for any single call: a candidate that runs over
 * them is abandoned (its backend is disposed when the call settles) and counts as "slower than that".
 */
export interface TimeBox {
  minSteps: number;
  maxSteps: number;
  minMs: number;
  maxMs: number;
  buildMs: number;
  stepCapMs: number;
}

export const DEFAULT_TIME_BOX: TimeBox = {
  minSteps: 3,
  maxSteps: 512,
  minMs: 150,
  maxMs: 600,
  buildMs: 8000,
  stepCapMs: 900,
};

export type Timing =
  | {
      id: EngineId;
      label: string;
      ok: true;
      /** Wall time per training step after the warm-up. */
      msPerStep: number;
      /** Timed steps (0 when the warm-up step alone ran over the cap: msPerStep is then a lower bound). */
      steps: number;
      /** msPerStep is a lower bound: the candidate ran over the cap and was abandoned. */
      lowerBound: boolean;
    }
  | { id: EngineId; label: string; ok: false; reason: string };

/** How the engine was chosen. */
export type ChoiceHow =
  /** timed now: the fastest candidate */
  | 'timed'
  /** a previous timing of the same config shape on this adapter, remembered */
  | 'remembered'
  /** the user (or the command line) asked for this engine */
  | 'requested'
  /** only one candidate can run here (no WebGPU, or only one was asked for) */
  | 'only'
  /** the preferred engine failed to build; this is the next one that could */
  | 'fallback';

export interface EngineChoice {
  id: EngineId;
  label: string;
  how: ChoiceHow;
  /** One line for people: which engine and why, e.g. "CPU float64 · 9× faster than WebGPU for this config". */
  reason: string;
  /** The measurements behind a 'timed' (or 'remembered') choice; the failures of the others. */
  timings: Timing[];
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

class Overtime extends Error {}

/** Resolve with p, or reject with Overtime after ms; the late value of p is handed to `late` (to dispose it). */
function within<T>(p: Promise<T>, ms: number, late?: (v: T) => void): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timedOut = false;
  return new Promise<T>((resolve, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(new Overtime());
    }, ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        if (timedOut) late?.(v);
        else resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        if (!timedOut) reject(e);
      },
    );
  });
}

const defaultNow = () => performance.now();

/** Time one candidate within the time box. Never throws: a failure is a Timing with ok: false. */
export async function timeCandidate(
  c: Candidate,
  box: TimeBox = DEFAULT_TIME_BOX,
  now: () => number = defaultNow,
): Promise<Timing> {
  let b: TimedBackend;
  try {
    b = await within(c.create(), box.buildMs, (late) => late.dispose());
  } catch (e) {
    const reason = e instanceof Overtime ? `took over ${box.buildMs} ms to build` : errorText(e);
    return { id: c.id, label: c.label, ok: false, reason };
  }
  // a call that runs over the cap leaves the backend busy: dispose it once that call settles
  let busy: Promise<unknown> = Promise.resolve();
  const step = (k: number, cap: number) => {
    const p = b.trainSteps(k).then(() => b.sync());
    busy = p;
    return within(p, Math.max(1, cap));
  };
  let abandoned = false;
  try {
    const w0 = now();
    try {
      await step(1, box.stepCapMs); // warm-up: compiles pipelines, JIT
    } catch (e) {
      if (!(e instanceof Overtime)) throw e;
      abandoned = true;
      return { id: c.id, label: c.label, ok: true, msPerStep: now() - w0, steps: 0, lowerBound: true };
    }
    let steps = 0;
    let k = 1;
    const t0 = now();
    let elapsed = 0;
    while (steps < box.maxSteps && elapsed < box.maxMs && (steps < box.minSteps || elapsed < box.minMs)) {
      const n = Math.min(k, box.maxSteps - steps);
      // the first timed call may take up to the cap; later ones only until the time box ends (plus a little)
      const cap = steps === 0 ? box.stepCapMs : Math.max(20, box.maxMs - elapsed + 50);
      try {
        await step(n, cap);
      } catch (e) {
        if (!(e instanceof Overtime)) throw e;
        abandoned = true;
        if (steps > 0) break; // the steps done are the measurement
        // not even one timed step: at least this slow
        return {
          id: c.id,
          label: c.label,
          ok: true,
          msPerStep: (now() - t0) / n,
          steps: 0,
          lowerBound: true,
        };
      }
      steps += n;
      elapsed = now() - t0;
      // grow the batch while steps are fast (fewer round trips, as the run loop does)
      if (elapsed < box.minMs / 4) k = Math.min(k * 2, 64);
    }
    return { id: c.id, label: c.label, ok: true, msPerStep: elapsed / steps, steps, lowerBound: false };
  } catch (e) {
    return { id: c.id, label: c.label, ok: false, reason: errorText(e) };
  } finally {
    if (abandoned)
      void busy.then(
        () => b.dispose(),
        () => b.dispose(),
      );
    else b.dispose();
  }
}

/** "9×", "1.4×": how many times faster a is than b (ms per step). */
export function speedup(fastMs: number, slowMs: number): string {
  const r = slowMs / Math.max(fastMs, 1e-9);
  return r >= 10 ? `${Math.round(r)}×` : `${Number(r.toPrecision(2))}×`;
}

/** The fastest measured candidate, with the sentence saying why. Ties and bounds go to the earlier candidate. */
export function pickFastest(
  timings: Timing[],
): { timing: Extract<Timing, { ok: true }>; reason: string } | null {
  const ok = timings.filter((t): t is Extract<Timing, { ok: true }> => t.ok);
  if (!ok.length) return null;
  // a measured candidate beats one that ran over the cap (only a lower bound is known for that one); among
  // measured ones the fastest, unless within 5% of an earlier (preferred) one
  let best = ok[0];
  for (const t of ok.slice(1)) {
    const better = best.lowerBound
      ? !t.lowerBound || t.msPerStep < best.msPerStep * 0.95
      : !t.lowerBound && t.msPerStep < best.msPerStep * 0.95;
    if (better) best = t;
  }
  const others = ok.filter((t) => t !== best);
  const failed = timings.filter((t) => !t.ok);
  let reason: string;
  if (!others.length) {
    reason = failed.length
      ? failed.map((f) => `${f.label} cannot run it (${(f as { reason: string }).reason})`).join('; ')
      : 'the only engine here';
  } else {
    // compared with the preferred engine (what would run otherwise: WebGPU), else with the next fastest
    const slow = ok[0] !== best ? ok[0] : others.reduce((a, t) => (t.msPerStep < a.msPerStep ? t : a));
    const r = slow.msPerStep / Math.max(best.msPerStep, 1e-9);
    const more = slow.lowerBound ? '>' : '';
    reason =
      r < 1.1
        ? `as fast as ${slow.label} for this config`
        : `${more}${speedup(best.msPerStep, slow.msPerStep)} faster than ${slow.label} for this config`;
  }
  return { timing: best, reason };
}

/** Format ms per step for tooltips: "12.3 ms/step", ">900 ms/step". */
export function formatMsPerStep(t: Timing): string {
  if (!t.ok) return `${t.label}: not available (${t.reason})`;
  const ms = t.msPerStep >= 100 ? Math.round(t.msPerStep).toString() : t.msPerStep.toPrecision(3);
  return `${t.label}: ${t.lowerBound ? '>' : ''}${ms} ms/step${t.steps ? ` (${t.steps} steps timed)` : ''}`;
}

/** A choice that was made before (per adapter and config shape). */
export interface RememberedChoice {
  id: EngineId;
  /** 'user': picked in the engine menu; 'timed': the fastest when timed. */
  by: 'user' | 'timed';
  timings?: Timing[];
  reason?: string;
}

export interface ChooseOptions<B extends TimedBackend> {
  /** In order of preference when nothing else decides (ties, failures): e.g. WebGPU, then the CPU. */
  candidates: Candidate<B>[];
  preference: EnginePreference;
  /** What was chosen for this shape before (skips the timing), if anything. */
  remembered?: RememberedChoice | null;
  box?: TimeBox;
  now?: () => number;
}

/**
 * Decide which engine to build. Does not build the run: the caller builds it with the chosen candidate (and,
 * should that fail, falls back along `candidates`). Never throws; with no candidate at all returns null.
 */
export async function chooseEngine<B extends TimedBackend>(
  o: ChooseOptions<B>,
): Promise<EngineChoice | null> {
  const { candidates } = o;
  if (!candidates.length) return null;
  const find = (id: EngineId) => candidates.find((c) => c.id === id);
  if (o.preference !== 'auto') {
    const c = find(o.preference);
    if (c) return { id: c.id, label: c.label, how: 'requested', reason: 'chosen by you', timings: [] };
    // asked for an engine this machine lacks: go on with the automatic choice, saying so
  }
  if (candidates.length === 1) {
    const c = candidates[0];
    return { id: c.id, label: c.label, how: 'only', reason: 'the only engine here', timings: [] };
  }
  const r = o.remembered;
  if (r && find(r.id)) {
    const c = find(r.id)!;
    return r.by === 'user'
      ? { id: c.id, label: c.label, how: 'requested', reason: 'chosen by you for this config', timings: [] }
      : {
          id: c.id,
          label: c.label,
          how: 'remembered',
          reason: r.reason ? `${r.reason} (timed before)` : 'the fastest when timed before',
          timings: r.timings ?? [],
        };
  }
  // timed from the last candidate to the first: the preferred one (WebGPU), whose abandoned work cannot be
  // interrupted, goes last so that it does not slow down the timing of the others
  const timings: Timing[] = [];
  for (const c of [...candidates].reverse()) timings.unshift(await timeCandidate(c, o.box, o.now));
  const best = pickFastest(timings);
  if (!best) {
    // nothing could even be timed: try them in order when building
    const c = candidates[0];
    return { id: c.id, label: c.label, how: 'timed', reason: 'no engine could be timed', timings };
  }
  return { id: best.timing.id, label: best.timing.label, how: 'timed', reason: best.reason, timings };
}

/**
 * Build the chosen engine's backend; when that fails, the next candidate that builds (a config that does not
 * fit the GPU goes to the CPU). Returns the backend with the choice as finally made, or throws the first
 * candidate's error when none builds.
 */
export async function buildChosen<B extends TimedBackend>(
  candidates: Candidate<B>[],
  choice: EngineChoice,
  build: (c: Candidate<B>) => Promise<B> = (c) => c.create(),
): Promise<{ backend: B; choice: EngineChoice }> {
  const first = candidates.find((c) => c.id === choice.id) ?? candidates[0];
  const order = [first, ...candidates.filter((c) => c !== first)];
  let firstError: unknown = null;
  const failures: string[] = [];
  for (const c of order) {
    try {
      const backend = await build(c);
      if (c === first) return { backend, choice };
      return {
        backend,
        choice: {
          id: c.id,
          label: c.label,
          how: 'fallback',
          reason: `${failures.join('; ')}`,
          timings: choice.timings,
        },
      };
    } catch (e) {
      if (firstError === null) firstError = e;
      failures.push(`${c.label} cannot run it: ${errorText(e)}`);
    }
  }
  throw firstError;
}

/** The config's shape as far as speed goes: what decides which engine is faster (with the adapter). */
export function shapeKey(adapter: string, c: ExperimentConfig): string {
  const m = c.model;
  return [
    adapter || 'no-adapter',
    m.residual,
    m.scheme,
    c.train.gradMode,
    `N${m.depth}`,
    `B${effectiveBatch(c)}`,
    `d${m.d}`,
    `M${hiddenWidth(m)}`,
  ].join('|');
}

/** Minimal storage (localStorage in the page, a Map in tests). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const CHOICES_KEY = 'ode-lens.engine-choices';
const MAX_REMEMBERED = 200;

function readAll(store: KeyValueStore | null): Record<string, RememberedChoice> {
  try {
    const raw = store?.getItem(CHOICES_KEY);
    const v = raw ? JSON.parse(raw) : {};
    return v && typeof v === 'object' ? v : {};
  } catch {
    return {};
  }
}

export function recallChoice(store: KeyValueStore | null, key: string): RememberedChoice | null {
  const v = readAll(store)[key];
  return v &&
    (v.id === 'webgpu' || v.id === 'cpu' || v.id === 'wasm') &&
    (v.by === 'user' || v.by === 'timed')
    ? v
    : null;
}

/** Remember (or with null, forget) the choice for a shape; keeps the newest MAX_REMEMBERED shapes. */
export function rememberChoice(store: KeyValueStore | null, key: string, v: RememberedChoice | null): void {
  if (!store) return;
  const all = readAll(store);
  delete all[key];
  if (v) all[key] = v;
  const keys = Object.keys(all);
  for (const k of keys.slice(0, Math.max(0, keys.length - MAX_REMEMBERED))) delete all[k];
  try {
    store.setItem(CHOICES_KEY, JSON.stringify(all));
  } catch {
    // storage full or denied: the choice is just not remembered
  }
}

/** The run bar's line: "CPU float64 · 9× faster than WebGPU (SwiftShader) for this config". */
export function choiceLine(c: EngineChoice): string {
  return `${c.label} · ${c.reason}`;
}

/** The tooltip: how it was chosen and the measured ms/step of each candidate. */
export function choiceDetails(c: EngineChoice): string {
  const how: Record<ChoiceHow, string> = {
    timed: 'Chosen automatically: the fastest of the engines timed on a few training steps of this config.',
    remembered:
      'Chosen automatically when this config shape was timed before on this adapter (remembered; pick Auto to time again).',
    requested: 'Chosen by you (remembered for this config shape on this adapter; pick Auto to time again).',
    only: 'The only engine that can run here.',
    fallback: 'The preferred engine could not run this config; this is the next one that could.',
  };
  return [how[c.how], ...c.timings.map(formatMsPerStep)].join('\n');
}
