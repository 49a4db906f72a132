// The pinned runs: a handful of earlier runs (config, curves, final numbers, a small snapshot) to compare the
// current run with. Kept in localStorage (they survive a reload; bounded by MAX_PINS and MAX_PINS_CHARS, with a
// message when full) and in experiment files. Views only read this store; the actions below write it.
import { create } from 'zustand';
import { defaultLabel } from '../compare/diff';
import { finalNumbers, MAX_PINS, type Pin, type PinSweep, pinCurves, pinId, pinRoom } from '../compare/pin';
import { type PinSource, pinSnapshot } from '../compare/pin-snapshot';
import { pinsJson, pinsTooLarge, readPins } from '../compare/pins-json';
import { defaultConfig } from '../core/config';
import { useExperiment } from './experiment';
import { useRun } from './run';
import { useSweep } from './sweep';

export const PINS_KEY = 'ode-lens:pins';

export interface PinsStore {
  pins: Pin[];
  /** Why the last action did not happen, or what it dropped (shown in the Compare view and the curves panel). */
  message: string | null;
}

/** localStorage when the page has it (null in Node, or when storage is denied). */
function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The pins saved in this browser (none, with a message, when they cannot be read). */
export function loadPins(): PinsStore {
  const text = storage()?.getItem(PINS_KEY);
  if (!text) return { pins: [], message: null };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return {
      pins: [],
      message: 'The runs pinned in this browser could not be read (not JSON): they are gone.',
    };
  }
  const r = readPins(raw);
  return r.ok
    ? { pins: r.pins, message: null }
    : {
        pins: [],
        message: `The runs pinned in this browser could not be read (${r.message}): they are gone.`,
      };
}

export const usePins = create<PinsStore>()(() => loadPins());

/** Keep the pins in the store and in this browser; a failure to save is said, the pins stay for this page. */
function setPins(pins: Pin[], message: string | null = null): void {
  let note = message;
  const s = storage();
  try {
    if (pins.length) s?.setItem(PINS_KEY, pinsJson(pins));
    else s?.removeItem(PINS_KEY);
  } catch (e) {
    note = `${message ? `${message} ` : ''}The pins could not be saved in this browser (${e instanceof Error ? e.message : String(e)}): they last until the page is reloaded.`;
  }
  usePins.setState({ pins, message: note });
}

/** The sweep shown now, when it measured something (a pin carries it for later sweeps to overlay). */
function currentSweep(): PinSweep | undefined {
  const { meta, series, status } = useSweep.getState();
  if (!meta || status === 'running' || !series.some((s) => s.points.length)) return undefined;
  return {
    kind: meta.kind,
    metric: meta.metric,
    xLabel: meta.xLabel,
    yLabel: meta.yLabel,
    series: series.map((s) => ({
      id: s.id,
      label: s.label,
      points: s.points.map((p) => ({ x: p.x, y: p.y })),
    })),
  };
}

/**
 * Reads a snapshot with what a pin keeps (PIN_NEEDS), for a pin taken while the views that read it were closed
 * (their read-outs are skipped then); the page sets it to its controller's (src/app/stores.ts).
 */
export type PinReader = () => Promise<PinSource | null>;
let pinReader: PinReader | null = null;
export function setPinReader(r: PinReader | null): void {
  pinReader = r;
}

/** What a pin's snapshot lacks from `s` (views closed when it was read): the names, empty when nothing. */
export function pinLacks(s: PinSource | null): string[] {
  if (!s) return ['trajectories', 'weight norms'];
  const out: string[] = [];
  if (s.F === 0) out.push('trajectories');
  if (!s.grid && s.spec.inputDim === 2) out.push('decision regions');
  if (!s.weights.residual) out.push('weight norms');
  return out;
}

/** Fill in the snapshot of pin `id` from a fresh read (see PinReader); says what it still lacks when it cannot. */
async function completePin(id: string, lacks: string[]): Promise<void> {
  let s: PinSource | null = null;
  try {
    s = pinReader ? await pinReader() : null;
  } catch {
    s = null;
  }
  const { pins, message } = usePins.getState();
  if (!pins.some((p) => p.id === id)) return; // unpinned meanwhile
  if (!s) {
    const note = `Pinned without its ${lacks.join(' and ')}: the run could not be read.`;
    usePins.setState({ message: message ? `${message} ${note}` : note });
    return;
  }
  const snapshot = pinSnapshot(s);
  setPins(pins.map((p) => (p.id === id ? { ...p, snapshot } : p)));
}

/** Pin the current run. Returns why it was not pinned, or null. */
export function pinCurrentRun(now = Date.now()): string | null {
  const { pins } = usePins.getState();
  const refuse = (why: string) => {
    usePins.setState({ message: why });
    return why;
  };
  const room = pinRoom(pins);
  if (room) return refuse(room);
  const run = useRun.getState();
  if (run.step === 0 && !run.evals.length) return refuse('Nothing to pin yet: train a few steps first.');
  const { config } = useExperiment.getState();
  const reference = pins.at(-1)?.config ?? defaultConfig();
  const sweep = currentSweep();
  const pin: Pin = {
    id: pinId(
      now,
      pins.map((p) => p.id),
    ),
    label: defaultLabel(config, reference, `run ${pins.length + 1}`),
    at: now,
    config,
    curves: pinCurves(run),
    final: finalNumbers(run),
    snapshot: run.snapshot ? pinSnapshot(run.snapshot) : null,
    ...(sweep ? { sweep } : {}),
  };
  const next = [...pins, pin];
  const large = pinsTooLarge(next);
  if (large) return refuse(large);
  setPins(next);
  // read what the closed views did not (regions, weight norms, the fan), in order with training: the pin gets it
  // a moment later
  const lacks = pinLacks(run.snapshot);
  if (run.snapshot && lacks.length && pinReader) void completePin(pin.id, lacks);
  return null;
}

export function unpin(id: string): void {
  setPins(usePins.getState().pins.filter((p) => p.id !== id));
}

/** Rename a pin (trimmed; an empty name keeps the old one). */
export function renamePin(id: string, label: string): void {
  const name = label.trim().slice(0, 80);
  if (!name) return;
  setPins(usePins.getState().pins.map((p) => (p.id === id ? { ...p, label: name } : p)));
}

/**
 * Add pins from an experiment file: the file's pins join those kept here (one with the same id replaces it);
 * beyond MAX_PINS the oldest of those kept here go, and the message says so.
 */
export function addPins(from: Pin[]): void {
  const ids = new Set(from.map((p) => p.id));
  const kept = usePins.getState().pins.filter((p) => !ids.has(p.id));
  const room = Math.max(0, MAX_PINS - from.length);
  const dropped = kept.length > room ? kept.slice(0, kept.length - room) : [];
  const next = [...kept.slice(dropped.length), ...from];
  setPins(
    next,
    dropped.length
      ? `Unpinned ${dropped.map((p) => `“${p.label}”`).join(', ')} to make room for the file's pinned runs (at most ${MAX_PINS}).`
      : null,
  );
}

export function clearPinsMessage(): void {
  usePins.setState({ message: null });
}
