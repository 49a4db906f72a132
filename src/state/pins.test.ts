import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_PINS } from '../compare/pin';
import { fakeSnapshot, makePin } from '../compare/testing';
import type { ExperimentConfig } from '../core/config';
import { defaultConfig } from '../core/config';

/** A config on the current defaults (the first pin is labelled by what differs from them). */
function cfg(
  model: Partial<ExperimentConfig['model']>,
  train: Partial<ExperimentConfig['train']> = {},
): ExperimentConfig {
  const d = defaultConfig();
  return { ...d, model: { ...d.model, ...model }, train: { ...d.train, ...train } };
}

import { useExperiment } from './experiment';
import {
  addPins,
  loadPins,
  PINS_KEY,
  pinCurrentRun,
  pinLacks,
  renamePin,
  setPinReader,
  unpin,
  usePins,
} from './pins';
import { useRun } from './run';

/** localStorage as a Map (the unit tests run in Node); `full` makes every write fail as a full quota does. */
class MemoryStorage {
  items = new Map<string, string>();
  full = false;
  getItem(k: string) {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    if (this.full) throw new Error('QuotaExceededError');
    this.items.set(k, v);
  }
  removeItem(k: string) {
    this.items.delete(k);
  }
}

let store: MemoryStorage;
const g = globalThis as { localStorage?: unknown };

beforeEach(() => {
  store = new MemoryStorage();
  g.localStorage = store;
  usePins.setState({ pins: [], message: null });
  useExperiment.setState({ config: cfg({ depth: 16 }) });
  useRun.setState({
    step: 20,
    loss: 0.3,
    losses: [{ step: 20, loss: 0.3, acc: 0.9 }],
    evals: [{ step: 20, trainLoss: 0.31, testLoss: 0.35, trainAcc: 0.9, testAcc: 0.85 }],
    gradErrors: [{ step: 20, value: 0.02 }],
    snapshot: null,
  });
});
afterEach(() => {
  delete g.localStorage;
});

describe('the pins store', () => {
  it('pins the current run with a label from what differs, and a reload finds it', () => {
    const snap = fakeSnapshot(16, 4);
    useRun.setState({ snapshot: { ...snap, views: snap.views as never } });
    expect(pinCurrentRun(1000)).toBeNull();
    const [pin] = usePins.getState().pins;
    expect(pin.label).toBe('N = 16');
    expect(pin.final).toMatchObject({ step: 20, trainLoss: 0.31, testAcc: 0.85, gradError: 0.02 });
    expect(pin.snapshot?.F).toBe(4);
    expect(pin.config).toEqual(cfg({ depth: 16 }));
    // a reload reads it back from this browser
    const reloaded = loadPins();
    expect(reloaded.pins).toHaveLength(1);
    expect(reloaded.pins[0].label).toBe('N = 16');
    // the next pin is named against the last one
    useExperiment.setState({ config: cfg({ depth: 16 }, { gradMode: 'adjoint' }) });
    pinCurrentRun(2000);
    expect(usePins.getState().pins.map((p) => p.label)).toEqual(['N = 16', 'adjoint']);
  });

  it('refuses to pin before any training, and beyond the limit, with a message, keeping the pins', () => {
    useRun.setState({ step: 0, evals: [] });
    expect(pinCurrentRun()).toMatch(/Nothing to pin yet/);
    expect(usePins.getState().pins).toEqual([]);
    useRun.setState({ step: 20 });
    useExperiment.setState({ config: defaultConfig() });
    for (let i = 0; i < MAX_PINS; i++) expect(pinCurrentRun(i)).toBeNull();
    expect(usePins.getState().pins.map((p) => p.label)).toEqual([
      'run 1',
      'run 2',
      'run 3',
      'run 4',
      'run 5',
      'run 6',
    ]);
    expect(pinCurrentRun(99)).toMatch(/At most 6 runs can be pinned/);
    expect(usePins.getState().pins).toHaveLength(MAX_PINS);
    expect(usePins.getState().message).toMatch(/At most 6/);
  });

  it('a run read while the views of the regions and weights were closed: the pin reads them, once', async () => {
    const full = fakeSnapshot(16, 4);
    const bare = {
      ...full,
      F: 0,
      trajectories: new Float64Array(0),
      grid: null,
      views: { trajectories: null },
    };
    const lean = { ...bare, weights: { ...full.weights, residual: null } };
    expect(pinLacks(lean)).toEqual(['trajectories', 'decision regions', 'weight norms']);
    expect(pinLacks(full)).toEqual([]);
    useRun.setState({ snapshot: lean as never });
    let reads = 0;
    setPinReader(async () => {
      reads++;
      return full;
    });
    try {
      expect(pinCurrentRun(1000)).toBeNull();
      // at once: what the snapshot had (no norms, no regions)
      expect(usePins.getState().pins[0].snapshot).toMatchObject({ F: 0, grid: null, norms: null });
      await new Promise((r) => setTimeout(r, 0));
      expect(reads).toBe(1);
      const pin = usePins.getState().pins[0];
      expect(pin.snapshot?.F).toBe(4);
      expect(pin.snapshot?.grid?.nx).toBe(3);
      expect(pin.snapshot?.norms).not.toBeNull();
      expect(loadPins().pins[0].snapshot?.norms).not.toBeNull();
      // a complete snapshot reads nothing more
      useRun.setState({ snapshot: { ...full, views: full.views as never } });
      pinCurrentRun(2000);
      await new Promise((r) => setTimeout(r, 0));
      expect(reads).toBe(1);
      // a reader that fails: the pin stays as it was, and the message says what it lacks
      setPinReader(async () => null);
      useRun.setState({ snapshot: lean as never });
      pinCurrentRun(3000);
      await new Promise((r) => setTimeout(r, 0));
      expect(usePins.getState().pins[2].snapshot?.norms).toBeNull();
      expect(usePins.getState().message).toMatch(
        /Pinned without its trajectories and decision regions and weight norms/,
      );
    } finally {
      setPinReader(null);
    }
  });

  it('renames (ignoring an empty name) and unpins', () => {
    pinCurrentRun(1);
    const id = usePins.getState().pins[0].id;
    renamePin(id, '  deep one ');
    expect(usePins.getState().pins[0].label).toBe('deep one');
    renamePin(id, '   ');
    expect(usePins.getState().pins[0].label).toBe('deep one');
    expect(loadPins().pins[0].label).toBe('deep one');
    unpin(id);
    expect(usePins.getState().pins).toEqual([]);
    expect(store.getItem(PINS_KEY)).toBeNull();
  });

  it('keeps the pins for the page when the browser will not store them, and says so', () => {
    store.full = true;
    expect(pinCurrentRun(1)).toBeNull();
    expect(usePins.getState().pins).toHaveLength(1);
    expect(usePins.getState().message).toMatch(
      /could not be saved in this browser.*until the page is reloaded/,
    );
  });

  it('forgets pins it cannot read, and says so', () => {
    store.setItem(PINS_KEY, '{oops');
    expect(loadPins()).toEqual({
      pins: [],
      message: expect.stringMatching(/could not be read \(not JSON\)/),
    });
    store.setItem(PINS_KEY, JSON.stringify([{ id: 'x' }]));
    expect(loadPins().message).toMatch(/could not be read \(pin 1/);
  });

  it("adds a file's pins, replacing one with the same id and making room by unpinning the oldest", () => {
    const mine = Array.from({ length: 5 }, (_, i) => makePin({ id: `m${i}`, label: `mine ${i}` }));
    addPins(mine);
    expect(usePins.getState().message).toBeNull();
    addPins([
      makePin({ id: 'm4', label: 'from file' }),
      makePin({ id: 'f1', label: 'file 1' }),
      makePin({ id: 'f2', label: 'file 2' }),
    ]);
    const labels = usePins.getState().pins.map((p) => p.label);
    expect(labels).toEqual(['mine 1', 'mine 2', 'mine 3', 'from file', 'file 1', 'file 2']);
    expect(usePins.getState().message).toMatch(/Unpinned “mine 0” to make room/);
  });
});
