// Which backend the headless runner trains on: `--backend auto` (the default) times a few training steps on each
// engine this machine has (WebGPU through Node + Dawn, the float64 CPU engine, the float32 WASM SIMD CPU engine)
// with the same logic as the app (src/run/auto-backend.ts) and takes the fastest; `--backend webgpu|cpu|wasm`
// uses that one. The timing runs on throwaway backends, so the run itself starts from its initial state and stays
// reproducible on its backend.
import type { ExperimentConfig } from '../core/config';
import {
  buildChosen,
  type Candidate,
  chooseEngine,
  DEFAULT_TIME_BOX,
  ENGINE_LABELS,
  type EngineChoice,
  type EngineId,
  formatMsPerStep,
  type TimeBox,
} from '../run/auto-backend';
import type { Backend } from '../run/backend';

export type RunnerBackend = 'auto' | 'webgpu' | 'cpu' | 'wasm';
export const RUNNER_BACKENDS: RunnerBackend[] = ['auto', 'webgpu', 'cpu', 'wasm'];

/** An engine the runner may use: `open` prepares it (e.g. acquires the Dawn device) and may fail. */
export interface RunnerEngine {
  id: EngineId;
  open: () => Promise<{
    label: string;
    create: (c: ExperimentConfig) => Promise<Backend>;
    release: () => Promise<void>;
  }>;
}

/** What result.json records about the choice (no timings there: they go to timing.json). */
export interface ResultChoice {
  requested: RunnerBackend;
  how: EngineChoice['how'];
  /** Which engine and why, e.g. "CPU float64 · faster than WebGPU (SwiftShader) for this config". */
  reason: string;
}

export interface SelectedBackend {
  backend: Backend;
  /** Builds more backends on the same engine (the sweep's networks). */
  makeBackend: (c: ExperimentConfig) => Promise<Backend>;
  choice: EngineChoice;
  release: () => Promise<void>;
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Open the engines the request allows, choose (timing them for 'auto'), build the run's backend on the chosen
 * one and release the others. A forced engine that fails throws its error (the caller maps limits to exit 3);
 * with 'auto' an engine that cannot open or build is skipped with its reason.
 */
export async function selectBackend(
  requested: RunnerBackend,
  config: ExperimentConfig,
  engines: RunnerEngine[],
  box: TimeBox = DEFAULT_TIME_BOX,
): Promise<SelectedBackend> {
  const allowed = requested === 'auto' ? engines : engines.filter((e) => e.id === requested);
  const opened: {
    id: EngineId;
    label: string;
    create: (c: ExperimentConfig) => Promise<Backend>;
    release: () => Promise<void>;
  }[] = [];
  const skipped: string[] = [];
  for (const e of allowed) {
    try {
      opened.push({ id: e.id, ...(await e.open()) });
    } catch (err) {
      if (requested !== 'auto') throw err;
      skipped.push(`${ENGINE_LABELS[e.id]} is not available (${errorText(err)})`);
    }
  }
  const releaseAll = async (keep?: EngineId) => {
    for (const o of opened) if (o.id !== keep) await o.release();
  };
  const candidates: Candidate<Backend>[] = opened.map((o) => ({
    id: o.id,
    label: o.label,
    create: () => o.create(config),
  }));
  try {
    const choice = await chooseEngine({ candidates, preference: requested, box });
    if (!choice) throw new Error(`no engine can run here: ${skipped.join('; ')}`);
    if (requested !== 'auto') choice.reason = 'asked for on the command line';
    else if (choice.how === 'only' && skipped.length) choice.reason = skipped.join('; ');
    const { backend, choice: final } = await buildChosen(candidates, choice);
    const chosen = opened.find((o) => o.id === final.id)!;
    await releaseAll(final.id);
    return { backend, makeBackend: chosen.create, choice: final, release: chosen.release };
  } catch (e) {
    await releaseAll();
    throw e;
  }
}

export function resultChoice(requested: RunnerBackend, c: EngineChoice): ResultChoice {
  return { requested, how: c.how, reason: `${c.label} · ${c.reason}` };
}

/** The timing lines for the console and timing.json. */
export function timingLines(c: EngineChoice): string[] {
  return c.timings.map(formatMsPerStep);
}
