// History and the run, end to end under Node: url-sync (with a fake browser history), the wiring and the real
// run controller on the float64 engine. Back/Forward and hash edits apply the difference: views alone never
// touch the run, a config equal to the running one keeps it, a rejected one keeps the run and is reported (the
// settings and the address keep what was asked; Back returns to the running one without a rebuild). (Issue 13 item 1; the e2e spec run-state.spec.ts does the same in the browser.)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startRunWiring } from '../app/wiring';
import type { ExperimentConfig } from '../core/config';
import { makeConfig } from '../core/testing';
import { EngineLimitError } from '../engine/plan';
import { PRESETS, presetConfig } from '../presets/presets';
import { CpuBackend } from '../run/cpu-backend';
import { defaultViews, useExperiment } from '../state/experiment';
import { useGpuStore } from '../state/gpu';
import { useLink } from '../state/link';
import { openPreset, usePresets } from '../state/presets';
import { useRun } from '../state/run';
import { ConnectedController } from '../state/testing-run';
import { useTour } from '../state/tour';
import { decodeLink, encodeLink } from './codec';
import { fakeNav } from './testing-nav';
import { startUrlSync } from './url-sync';

const small = (depth = 8): ExperimentConfig =>
  makeConfig({
    data: { kind: 'moons', nTrain: 32, nTest: 16 },
    model: { d: 2, width: 6, depth },
    train: { batchSize: 16, steps: 0 },
  });

const until = async (cond: () => boolean, ms = 10_000) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('navigation keeps the run', () => {
  let stops: (() => void)[] = [];
  let ctl: ConnectedController;
  let builds = 0;
  beforeEach(async () => {
    builds = 0;
    useGpuStore.setState({ state: 'no-adapter' });
    useExperiment.setState({ config: small(), views: defaultViews() });
    usePresets.setState({ active: null });
    useTour.setState({ open: false, step: 0 });
    ctl = new ConnectedController(async (c) => {
      builds++;
      await new Promise((r) => setTimeout(r, 20)); // a build takes time: edits can overlap it
      // fault injection: this depth does not fit, as a real GPU refuses a config over its limits
      if (c.model.depth === 999) throw new EngineLimitError('maxBufferSize', 'needs 9 GiB');
      return new CpuBackend(c);
    });
  });
  afterEach(() => {
    for (const s of stops) s();
    stops = [];
    ctl.dispose();
    ctl.disconnect();
  });

  async function start() {
    const nav = fakeNav(`#${encodeLink(small(), defaultViews())}`);
    stops.push(startUrlSync(nav), startRunWiring(ctl));
    await ctl.settled();
    for (let i = 0; i < 13; i++) await ctl.stepOnce();
    expect(useRun.getState().step).toBe(13);
    return nav;
  }

  it('Back and Forward over a views-only change keep step, curves and weights', async () => {
    const nav = await start();
    const before = useRun.getState();
    const { toggleView } = await import('../app/ViewsMenu');
    useExperiment.getState().setOpenViews(toggleView(useExperiment.getState().views.open, 'sweep', true));
    expect(nav.entries).toHaveLength(2); // toggling a view is a history entry
    nav.back();
    expect(useExperiment.getState().views.open).not.toContain('sweep');
    nav.forward();
    expect(useExperiment.getState().views.open).toContain('sweep');
    nav.back();
    await ctl.settled();
    const after = useRun.getState();
    expect(builds).toBe(1);
    expect(after.step).toBe(13);
    expect(after.losses).toBe(before.losses);
    expect(after.snapshot?.weights).toBe(before.snapshot?.weights);
    expect(after.status).toBe('paused');
  });

  it('a hash edit to an equal config (other spelling) keeps the run', async () => {
    const nav = await start();
    const hash = encodeLink(small(), defaultViews());
    nav.edit(`${hash}&seed=${small().seed}`); // the default seed spelled out: the same experiment
    await ctl.settled();
    expect(builds).toBe(1);
    expect(useRun.getState().step).toBe(13);
  });

  it('a hash edit to a config that does not fit keeps the run, reports it and keeps it in the address; Back returns to the running one', async () => {
    const nav = await start();
    const running = useExperiment.getState().config;
    nav.edit(encodeLink(small(999), defaultViews()));
    expect(useRun.getState().status).toBe('building');
    await ctl.settled();
    await new Promise((r) => setTimeout(r, 100)); // the message used to vanish as the run restarted
    await ctl.settled();
    const r = useRun.getState();
    expect(r.notice?.text).toContain('does not fit');
    expect(r.rejected?.config.model.depth).toBe(999);
    expect(r.rejected?.running).toEqual(running);
    expect(r.step).toBe(13);
    expect(r.status).toBe('paused');
    expect(builds).toBe(2); // the rejected one, no rebuild of the running one
    // never written back: the settings and the address keep what was asked for
    expect(useExperiment.getState().config.model.depth).toBe(999);
    expect(decodeLink(nav.hash()).config.model.depth).toBe(999);
    expect(nav.entries).toHaveLength(2);
    expect(ctl.currentConfig).toEqual(running);
    // Back: the running experiment again, without a rebuild; its step, curves and weights are there
    nav.back();
    await ctl.settled();
    expect(builds).toBe(2);
    expect(useExperiment.getState().config).toEqual(running);
    expect(useRun.getState().step).toBe(13);
    expect(useRun.getState().rejected).toBeNull();
    expect(useRun.getState().notice).toBeNull();
    // Forward asks for the rejected config again: tried and reported again, the run still goes on
    nav.forward();
    await ctl.settled();
    expect(builds).toBe(3);
    expect(useRun.getState().notice?.text).toContain('does not fit');
    expect(useRun.getState().step).toBe(13);
  });

  it('the way back offered after a rejection (the notice’s button) is a new history entry of the running config', async () => {
    const nav = await start();
    const running = useExperiment.getState().config;
    useExperiment.getState().setField('model.depth', 999);
    await ctl.settled();
    const back = useRun.getState().rejected?.running;
    expect(back).toEqual(running);
    useExperiment.getState().load(back!); // what "Back to the running experiment" does
    await ctl.settled();
    expect(builds).toBe(2);
    expect(decodeLink(nav.hash()).config).toEqual(running);
    expect(nav.entries).toHaveLength(3);
    expect(useRun.getState().step).toBe(13);
    expect(useRun.getState().rejected).toBeNull();
  });

  it('Back to the running config while a new one is building drops the build and keeps the run playing', async () => {
    const nav = await start();
    ctl.play();
    await until(() => useRun.getState().step >= 16);
    useExperiment.getState().setField('model.depth', 10);
    expect(useRun.getState().machine).toMatchObject({ phase: 'building', resume: true });
    nav.back();
    expect(useExperiment.getState().config.model.depth).toBe(8);
    expect(useRun.getState().status).toBe('playing');
    const at = useRun.getState().step;
    await until(() => useRun.getState().step > at + 3);
    ctl.pause();
    await ctl.settled();
    expect(ctl.currentConfig?.model.depth).toBe(8);
    expect(useRun.getState().step).toBeGreaterThan(16); // the same run, never reset
  });

  it('Back to another config builds it; Forward to the newer one builds that', async () => {
    const nav = await start();
    useExperiment.getState().setField('model.depth', 10);
    await ctl.settled();
    expect(ctl.currentConfig?.model.depth).toBe(10);
    nav.back();
    await ctl.settled();
    expect(ctl.currentConfig?.model.depth).toBe(8);
    expect(useRun.getState().step).toBe(0); // another config is a new run
    nav.forward();
    await ctl.settled();
    expect(ctl.currentConfig?.model.depth).toBe(10);
    expect(builds).toBe(4);
  });
  // the preset a link tells (issue 12 item 3): part of the address, never of the run
  const ramp = PRESETS.find((p) => p.id === 'sander-counterexample-ramp')!;

  it('opening a preset names it in a new entry (not in the one before); Back and Forward carry it', async () => {
    const nav = await start();
    openPreset(ramp);
    await ctl.settled();
    expect(nav.entries).toHaveLength(2);
    expect(decodeLink(nav.hash())).toMatchObject({ preset: ramp.id, config: presetConfig(ramp).config });
    expect(decodeLink(nav.entries[0])).not.toHaveProperty('preset');
    nav.back();
    await ctl.settled();
    expect(usePresets.getState().active).toBeNull();
    expect(ctl.currentConfig?.model.depth).toBe(8);
    nav.forward();
    await ctl.settled();
    expect(usePresets.getState().active).toBe(ramp.id);
    expect(ctl.currentConfig).toEqual(presetConfig(ramp).config);
  });

  it('editing a setting after opening a preset keeps the preset in the link, with the change', async () => {
    const nav = await start();
    openPreset(ramp);
    await ctl.settled();
    useExperiment.getState().setField('model.depth', 20);
    await ctl.settled();
    expect(usePresets.getState().active).toBe(ramp.id);
    const d = decodeLink(nav.hash());
    expect(d.preset).toBe(ramp.id);
    expect(d.config.model.depth).toBe(20);
    expect(nav.entries).toHaveLength(3);
  });

  it('closing the explanation, or a hash edit that only names a preset, never touches the run', async () => {
    const nav = await start();
    const running = useExperiment.getState().config;
    nav.edit(`${encodeLink(running, defaultViews())}&preset=${ramp.id}`);
    await ctl.settled();
    expect(usePresets.getState().active).toBe(ramp.id);
    expect(builds).toBe(1);
    expect(useRun.getState().step).toBe(13);
    usePresets.setState({ active: null }); // the explanation's ×
    expect(nav.entries).toHaveLength(2); // rewrites the entry, no new one
    expect(decodeLink(nav.hash())).not.toHaveProperty('preset');
    nav.back();
    nav.forward();
    await ctl.settled();
    expect(builds).toBe(1);
    expect(useRun.getState().step).toBe(13);
    expect(useRun.getState().status).toBe('paused');
  });

  it('an unknown preset in a hash edit is reported and the run goes on', async () => {
    const nav = await start();
    nav.edit(`${encodeLink(small(), defaultViews())}&preset=nope`);
    await ctl.settled();
    expect(usePresets.getState().active).toBeNull();
    expect(useLink.getState().rejected).toMatchObject([{ field: 'preset', value: 'nope' }]);
    expect(builds).toBe(1);
    expect(useRun.getState().step).toBe(13);
  });

  it('tour=1 opens the tour and leaves the address, so a reload does not repeat it', () => {
    const nav = fakeNav(`#${encodeLink(small(), defaultViews(), { tour: true })}`);
    stops.push(startUrlSync(nav));
    expect(useTour.getState().open).toBe(true);
    expect(decodeLink(nav.hash())).not.toHaveProperty('tour');
    expect(nav.entries).toHaveLength(1);
  });
});
