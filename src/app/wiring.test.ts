import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig, type ExperimentConfig } from '../core/config';
import type { SnapshotNeeds } from '../run/snapshot';
import { useExperiment } from '../state/experiment';
import { useGpuStore } from '../state/gpu';
import { defaultViews } from '../views/registry';
import { startRunWiring } from './wiring';

/** A controller that records what it is asked to run. */
function fakeController() {
  const loads: ExperimentConfig[] = [];
  const needs: SnapshotNeeds[] = [];
  const speeds: number[] = [];
  let lost = 0;
  let refreshes = 0;
  return {
    loads,
    needs,
    speeds,
    phase: 'paused' as 'paused' | 'playing',
    refresh: async () => {
      refreshes++;
    },
    refreshes: () => refreshes,
    load: async (config: ExperimentConfig) => loads.push(config) > 0,
    setNeeds: (n: SnapshotNeeds) => {
      needs.push(n);
    },
    setSpeed: (x: number) => {
      speeds.push(x);
    },
    engineLost: () => {
      lost++;
    },
    lost: () => lost,
  };
}

describe('run wiring', () => {
  let stop: () => void = () => {};
  beforeEach(() => {
    useGpuStore.setState({ state: 'checking' });
    useExperiment.getState().load(defaultConfig());
    useExperiment.getState().setOpenViews(defaultViews().open); // a test before may have closed some
  });
  afterEach(() => stop());

  it('loads the config once the WebGPU check settles, then on every change of its value', () => {
    const ctl = fakeController();
    stop = startRunWiring(ctl);
    expect(ctl.loads).toHaveLength(0);
    useGpuStore.setState({ state: 'no-adapter' });
    expect(ctl.loads).toEqual([useExperiment.getState().config]);
    useGpuStore.setState({ message: 'x' }); // another gpu update does not reload
    expect(ctl.loads).toHaveLength(1);
    expect(useExperiment.getState().setField('model.depth', 8)).toBe(true);
    expect(ctl.loads).toHaveLength(2);
    expect(ctl.loads[1].model.depth).toBe(8);
    // a rejected edit does not touch the config, so nothing reloads
    expect(useExperiment.getState().setField('model.depth', 0)).toBe(false);
    expect(ctl.loads).toHaveLength(2);
  });

  it('passes a lost GPU device on to the controller, once', () => {
    useGpuStore.setState({ state: 'ok' });
    const ctl = fakeController();
    stop = startRunWiring(ctl);
    useGpuStore.setState({ state: 'lost' });
    useGpuStore.setState({ message: 'lost, again' });
    expect(ctl.lost()).toBe(1);
  });

  it('starts at once when the check had already settled', () => {
    useGpuStore.setState({ state: 'ok' });
    const ctl = fakeController();
    stop = startRunWiring(ctl);
    expect(ctl.loads).toHaveLength(1);
  });

  it('a new object with the same value (a link of the same experiment), or views alone, is not a change', () => {
    useGpuStore.setState({ state: 'ok' });
    const ctl = fakeController();
    stop = startRunWiring(ctl);
    useExperiment.getState().load(structuredClone(useExperiment.getState().config));
    useExperiment.getState().setOpenViews(['sweep']);
    expect(ctl.loads).toHaveLength(1);
    // another config (e.g. Back to the running one after a rejection) goes to the controller, which decides
    useExperiment.getState().load({ ...defaultConfig(), seed: 5 });
    expect(ctl.loads).toHaveLength(2);
  });

  it('passes what the views need from a snapshot, and the speed, to the controller', () => {
    useGpuStore.setState({ state: 'ok' });
    const ctl = fakeController();
    stop = startRunWiring(ctl);
    // the open views' needs only (trajectories with its ODE overlay, weight heatmaps; not the misclassified view)
    expect(ctl.needs.at(-1)).toEqual({ fan: 24, grid: true, weights: true });
    useExperiment.getState().setView('trajectories', { fan: 40, regions: false });
    expect(ctl.needs.at(-1)).toEqual({ fan: 40, grid: false, weights: true });
    useExperiment.getState().setSpeed(4);
    expect(ctl.speeds.at(-1)).toBe(4);
    useExperiment.getState().setView('trajectories', { fan: 24, regions: true });
    useExperiment.getState().setSpeed(1);
  });

  it('a view opened on a resting run reads its snapshot at once; a playing run waits for its next one', () => {
    useGpuStore.setState({ state: 'ok' });
    const ctl = fakeController();
    stop = startRunWiring(ctl);
    const open = useExperiment.getState().views.open;
    expect(ctl.refreshes()).toBe(0);
    useExperiment.getState().setOpenViews(['curves']); // fewer needs: a new snapshot drops what is not drawn
    expect(ctl.refreshes()).toBe(1);
    useExperiment.getState().setSpeed(2); // not a change of needs
    expect(ctl.refreshes()).toBe(1);
    useExperiment.getState().setOpenViews(['curves', 'trajectories']);
    expect(ctl.refreshes()).toBe(2);
    ctl.phase = 'playing';
    useExperiment.getState().setOpenViews(['curves', 'trajectories', 'heatmap']);
    expect(ctl.refreshes()).toBe(2);
    expect(ctl.needs.at(-1)).toMatchObject({ weights: true });
    ctl.phase = 'paused';
    useExperiment.getState().setOpenViews(open);
    useExperiment.getState().setSpeed(1);
  });
});
