// Autosave: the current weights, curves and sweep points go to local storage every few seconds while they change
// (and when the page is hidden), under the experiment's config; reloading the same link brings them back, after
// the stored record passed every check (record.ts). "Start fresh" deletes it and restarts from the
// initialisation. Restoring goes through the controller like opening a file; nothing is saved before the check
// for a saved experiment is done, so a reload never overwrites what it is about to restore.
import { initWeights, netSpec, type Weights } from '../core/params';
import { controller } from '../run/controller';
import { useExperiment } from '../state/experiment';
import { useRun } from '../state/run';
import { pooledFit, useSweep } from '../state/sweep';
import type { AutosaveStorage } from './idb';
import {
  AUTOSAVE_FORMAT,
  AUTOSAVE_VERSION,
  type AutosaveRecord,
  checkRecord,
  evictions,
  experimentKey,
  fitsAutosave,
  legacyExperimentKeys,
} from './record';
import { useAutosave } from './status';
import { pageStorage } from './worker-storage';

/** How often a changed experiment is saved while training. */
export const AUTOSAVE_MS = 2000;

/** The record of what is on screen now, or a reason not to save it, or null when there is nothing settled. */
export async function currentRecord(now: number): Promise<AutosaveRecord | { skip: string } | null> {
  const config = controller.currentConfig;
  const run = useRun.getState();
  let snap: {
    step: number;
    weights: Pick<Weights, 'readoutW' | 'readoutB'> & { residual: Float64Array | null };
  } | null = run.snapshot;
  // building: the snapshot may belong to the run being replaced; a lost device keeps its last snapshot (saved)
  if (!config || !snap || run.status === 'building' || run.status === 'idle') return null;
  if (!fitsAutosave(config)) return { skip: 'this network is too large to autosave (use Save to keep it)' };
  // stopped between snapshots (paused, a step): read the weights the run has now, so a reload gives that step
  if (run.status !== 'playing' && run.status !== 'lost' && snap.step !== run.step)
    snap = await controller.readState();
  // a snapshot without the residual sets (no open view draws them): the state the last evaluation read (every
  // ≥ 1 s while playing), else a read now
  else if (snap && !snap.weights.residual) snap = controller.heldState ?? (await controller.readState());
  if (!snap || controller.currentConfig !== config) return null;
  const spec = netSpec(config);
  // the snapshot lags a new config by one load: its weights must have this config's size
  if (snap.weights.residual?.length !== spec.P * spec.setSize) return null;
  const sweep = useSweep.getState();
  const keepSweep = (sweep.status === 'done' || sweep.status === 'cancelled') && sweep.meta;
  return {
    format: AUTOSAVE_FORMAT,
    version: AUTOSAVE_VERSION,
    key: experimentKey(config),
    savedAt: now,
    config,
    views: useExperiment.getState().views,
    step: snap.step,
    weights: {
      residual: snap.weights.residual,
      readoutW: snap.weights.readoutW,
      readoutB: snap.weights.readoutB,
    },
    history: {
      losses: run.losses.filter((p) => p.step <= snap.step),
      evals: run.evals.filter((p) => p.step <= snap.step),
      gradErrors: run.gradErrors.filter((p) => p.step <= snap.step),
    },
    sweep: keepSweep
      ? {
          meta: sweep.meta!,
          series: sweep.series.map(({ points, fit: _fit, ...info }) => ({ info, points })),
        }
      : null,
  };
}

/** Apply a checked record: rebuild the run from its weights and step, then its curves and sweep. */
async function apply(r: Extract<ReturnType<typeof checkRecord>, { ok: true }>): Promise<boolean> {
  const { record } = r;
  controller.pause();
  // the embedding is fixed by the config's seed; records do not carry it
  const weights = { ...record.weights, embed: initWeights(record.config).embed };
  const ok = await controller.load(record.config, { weights, step: record.step });
  if (!ok) return false;
  const h = record.history;
  useRun.setState({
    losses: h.losses,
    evals: h.evals,
    gradErrors: h.gradErrors,
    loss: h.losses.at(-1)?.loss ?? Number.NaN,
  });
  if (record.sweep && r.sweepSeries) {
    useSweep.setState({
      status: 'done',
      progress: null,
      meta: record.sweep.meta,
      series: r.sweepSeries,
      pooled: pooledFit(record.sweep.meta.metric, r.sweepSeries),
      error: null,
      startedAt: record.savedAt,
      finishedAt: record.savedAt,
      costs: [],
    });
  }
  return true;
}

export interface Autosave {
  /** Delete the saved experiment of the current config and restart it from its initialisation. */
  startFresh(): Promise<void>;
  /** Save now if anything changed (also called when the page is hidden). */
  flush(): Promise<void>;
  stop(): void;
}

let active: Autosave | null = null;

/** The running autosave (null before startAutosave). */
export function autosave(): Autosave | null {
  return active;
}

/**
 * Start autosaving. On the first settled run, a saved record for its config is checked and restored (a record
 * that fails a check is deleted and the run starts fresh, with a note that says why); then changes are saved.
 */
export function startAutosave(storage: AutosaveStorage = pageStorage(), everyMs = AUTOSAVE_MS): Autosave {
  let checked = false;
  let saving = false;
  let lastSaved = '';
  let lastAt = 0;
  const seenKeys = new Set<string>();

  const restore = async () => {
    const config = controller.currentConfig;
    if (!config) return;
    let key = experimentKey(config);
    const current = key;
    let raw = await storage.get(key);
    // saved before the link format changed: under the experiment's older link (moved to the current key below)
    for (const k of legacyExperimentKeys(config)) {
      if (raw !== null && raw !== undefined) break;
      key = k;
      raw = await storage.get(k);
    }
    if (raw !== null && raw !== undefined) {
      const r = checkRecord(raw, key);
      if (!r.ok) {
        await storage.delete(key);
        useRun.setState({
          notice: {
            kind: 'warning',
            text: `The experiment saved in this browser could not be restored: ${r.message}. It was deleted; the run starts fresh.`,
          },
        });
      } else if (r.record.step === 0 && !r.record.sweep) {
        // the initialisation and nothing else (saved after Start fresh): nothing to bring back
      } else if (await apply(r)) {
        seenKeys.add(current);
        // the next save writes it under the current key
        if (key !== current) await storage.delete(key);
        useAutosave.setState({ restored: { step: r.record.step, savedAt: r.record.savedAt } });
      }
    }
    checked = true;
  };

  const save = async (force = false) => {
    if (!checked || saving) return;
    const run = useRun.getState();
    const config = controller.currentConfig;
    // what changes when there is something new to save (checked before any readback)
    const stamp = `${config ? experimentKey(config) : ''} ${run.step} ${run.snapshot?.step} ${run.losses.length} ${useSweep.getState().finishedAt}`;
    if (!force && stamp === lastSaved) return;
    // a large net is saved less often (its copy runs on the main thread): every 2 s up to 250 k weights, then
    // in proportion (a net of 2.5 M weights every 20 s)
    const weights = config ? netSpec(config).P * netSpec(config).setSize : 0;
    if (!force && Date.now() - lastAt < everyMs * Math.max(1, weights / 250_000)) return;
    saving = true;
    try {
      const rec = await currentRecord(Date.now());
      if (!rec) return;
      if ('skip' in rec) {
        useAutosave.setState({ problem: rec.skip });
        return;
      }
      const err = await storage.put(rec);
      lastAt = Date.now();
      if (err) {
        useAutosave.setState({ problem: `autosave failed: ${err}` });
        return;
      }
      lastSaved = stamp;
      useAutosave.setState({ saved: { key: rec.key, step: rec.step, at: rec.savedAt }, problem: null });
      if (!seenKeys.has(rec.key)) {
        seenKeys.add(rec.key);
        for (const k of evictions(await storage.list(), rec.key)) await storage.delete(k);
      }
    } finally {
      saving = false;
    }
  };

  // the first settled run decides what to restore
  let restoring = false;
  const unsubscribe = useRun.subscribe((s) => {
    if (
      !checked &&
      !restoring &&
      s.status !== 'building' &&
      s.status !== 'idle' &&
      controller.currentConfig
    ) {
      restoring = true;
      void restore().finally(() => {
        restoring = false;
        checked = true;
      });
    }
  });
  const timer = setInterval(() => void save(), everyMs);
  const onHide = () => {
    if (document.visibilityState === 'hidden') void save();
  };
  document.addEventListener('visibilitychange', onHide);
  window.addEventListener('pagehide', onHide);

  active = {
    async startFresh() {
      const config = controller.currentConfig;
      if (config) await storage.delete(experimentKey(config));
      useAutosave.setState({ restored: null });
      useSweep.setState({
        status: 'idle',
        progress: null,
        meta: null,
        series: [],
        pooled: null,
        error: null,
      });
      lastSaved = '';
      await controller.reset();
      await save(true);
    },
    flush: () => save(true),
    stop() {
      unsubscribe();
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', onHide);
      active = null;
    },
  };
  return active;
}
