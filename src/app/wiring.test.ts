import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig, type ExperimentConfig } from '../core/config';
import { useExperiment } from '../state/experiment';
import { useGpuStore } from '../state/gpu';
import { useRun } from '../state/run';
import { startRunWiring } from './wiring';

/** A controller that records loads and can be told to fail (restoring the previous config like the real one). */
function fakeController() {
  const loads: ExperimentConfig[] = [];
  let current: ExperimentConfig | null = null;
  let failNext = false;
  let pauses = 0;
  const c = {
    isPlaying: false,
    loads,
    get currentConfig() {
      return current;
    },
    get pauses() {
      return pauses;
    },
    failNext: () => {
      failNext = true;
    },
    load: async (config: ExperimentConfig) => {
      loads.push(config);
      if (failNext) {
        failNext = false;
        if (current) useExperiment.getState().load(current);
        return false;
      }
      current = config;
      return true;
    },
    pause: () => {
      pauses++;
    },
  };
  return c;
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('run wiring', () => {
  let stop: () => void = () => {};
  beforeEach(() => {
    useGpuStore.setState({ state: 'checking' });
    useExperiment.getState().load(defaultConfig());
    useRun.setState({ step: 0 });
  });
  afterEach(() => stop());

  it('loads the config once the WebGPU check settles, then on every change', async () => {
    const ctl = fakeController();
    stop = startRunWiring(ctl);
    expect(ctl.loads).toHaveLength(0);
    useGpuStore.setState({ state: 'no-adapter' });
    expect(ctl.loads).toEqual([useExperiment.getState().config]);
    useGpuStore.setState({ message: 'x' }); // another gpu update does not reload
    expect(ctl.loads).toHaveLength(1);
    await tick();
    expect(useExperiment.getState().setField('model.depth', 8)).toBe(true);
    expect(ctl.loads).toHaveLength(2);
    expect(ctl.loads[1].model.depth).toBe(8);
    // a rejected edit does not touch the config, so nothing reloads
    expect(useExperiment.getState().setField('model.depth', 0)).toBe(false);
    expect(ctl.loads).toHaveLength(2);
  });

  it('starts at once when the check had already settled', () => {
    useGpuStore.setState({ state: 'ok' });
    const ctl = fakeController();
    stop = startRunWiring(ctl);
    expect(ctl.loads).toHaveLength(1);
  });

  it('does not restart when the controller puts the previous config back', async () => {
    useGpuStore.setState({ state: 'ok' });
    const ctl = fakeController();
    stop = startRunWiring(ctl);
    await tick();
    const first = ctl.loads[0];
    ctl.failNext();
    useExperiment.getState().setField('model.depth', 4096);
    await tick();
    expect(ctl.loads).toHaveLength(2); // the failing one, no reload of the restored config
    expect(useExperiment.getState().config).toBe(first);
  });

  it('does not restart a run the controller was given directly (an imported experiment)', async () => {
    useGpuStore.setState({ state: 'ok' });
    const ctl = fakeController();
    stop = startRunWiring(ctl);
    await tick();
    const imported = { ...defaultConfig(), seed: 77 };
    await ctl.load(imported); // what the import does first, with the file's weights
    useExperiment.getState().load(imported);
    await tick();
    expect(ctl.loads).toHaveLength(2); // the first run and the import, no third load without the weights
    useExperiment.getState().setField('model.depth', 8); // a later edit does reload
    expect(ctl.loads).toHaveLength(3);
  });

  it('pauses a playing run when it crosses the step budget', () => {
    useGpuStore.setState({ state: 'ok' });
    const ctl = fakeController();
    stop = startRunWiring(ctl);
    useExperiment.getState().setField('train.steps', 100);
    ctl.isPlaying = true;
    useRun.setState({ step: 90 });
    expect(ctl.pauses).toBe(0);
    useRun.setState({ step: 104 });
    expect(ctl.pauses).toBe(1);
    useRun.setState({ step: 130 }); // going on after the budget is the user's choice
    expect(ctl.pauses).toBe(1);
  });
});
