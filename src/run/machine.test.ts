import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  initialMachine,
  type MachineEvent,
  playsOrWillPlay,
  type RunMachine,
  type RunPhase,
  transition,
} from './machine';

const run = (events: MachineEvent['type'][], from: RunMachine = initialMachine): RunMachine =>
  events.reduce((s, type) => transition(s, { type } as MachineEvent), from);
const phase = (events: MachineEvent['type'][]) => run(events).phase;

describe('run state machine', () => {
  it('builds, plays, pauses, finishes at the budget and goes on when asked', () => {
    expect(phase([])).toBe('idle');
    expect(phase(['build'])).toBe('building');
    expect(phase(['build', 'built'])).toBe('paused');
    expect(phase(['build', 'built', 'play'])).toBe('playing');
    expect(phase(['build', 'built', 'play', 'pause'])).toBe('paused');
    expect(phase(['build', 'built', 'play', 'budget'])).toBe('finished');
    expect(phase(['build', 'built', 'play', 'budget', 'play'])).toBe('playing');
    expect(phase(['build', 'built', 'play', 'budget', 'stepped'])).toBe('paused');
  });

  it('a rebuild of a playing run plays once built; so does a second rebuild before the first is done', () => {
    const playing = run(['build', 'built', 'play']);
    expect(run(['build', 'built'], playing).phase).toBe('playing');
    // the two-edits race: the second build must not forget that the run was playing
    expect(run(['build', 'build', 'built'], playing).phase).toBe('playing');
    // pause pressed while building: stays paused once built; play pressed while building: plays
    expect(run(['build', 'pause', 'build', 'built'], playing).phase).toBe('paused');
    expect(run(['build', 'play', 'built'], run(['build', 'built'])).phase).toBe('playing');
  });

  it('a failed build goes back to the run underneath (paused if it was playing), or to idle', () => {
    expect(phase(['build', 'buildFailed'])).toBe('idle');
    expect(phase(['build', 'built', 'play', 'build', 'buildFailed'])).toBe('paused');
    expect(phase(['build', 'built', 'play', 'budget', 'build', 'buildFailed'])).toBe('finished');
    expect(phase(['build', 'built', 'play', 'diverged', 'build', 'buildFailed'])).toBe('diverged');
    expect(phase(['build', 'built', 'lost', 'build', 'buildFailed'])).toBe('lost');
  });

  it('keeping the running config returns to that run as it was, playing included', () => {
    expect(phase(['build', 'built', 'play', 'build', 'keep'])).toBe('playing');
    expect(phase(['build', 'built', 'build', 'keep'])).toBe('paused');
    expect(phase(['build', 'built', 'play', 'budget', 'build', 'keep'])).toBe('finished');
    expect(phase(['build', 'built', 'lost', 'build', 'play', 'keep'])).toBe('lost'); // a lost run never plays
    expect(phase(['build', 'keep'])).toBe('building'); // no run to keep: the first build goes on
  });

  it('divergence and loss stop the run; only a new build leaves lost', () => {
    expect(phase(['build', 'built', 'play', 'diverged'])).toBe('diverged');
    expect(phase(['build', 'built', 'play', 'diverged', 'play'])).toBe('playing');
    expect(phase(['build', 'built', 'diverged', 'stepped'])).toBe('paused');
    expect(phase(['build', 'built', 'play', 'lost'])).toBe('lost');
    expect(phase(['build', 'built', 'play', 'lost', 'play'])).toBe('lost');
    expect(phase(['build', 'built', 'play', 'lost', 'build', 'built'])).toBe('paused');
    // the device is lost while a new run builds: the old run underneath is lost, the new one still builds
    expect(run(['build', 'built', 'play', 'build', 'lost'])).toEqual({
      phase: 'building',
      resume: false,
      under: 'lost',
    });
    expect(phase(['build', 'built', 'dispose'])).toBe('idle');
  });

  it('an event that does not apply returns the same state object', () => {
    const paused = run(['build', 'built']);
    for (const e of ['built', 'buildFailed', 'keep', 'pause', 'budget', 'stepped'] as const)
      expect(transition(paused, { type: e })).toBe(paused);
    expect(transition(initialMachine, { type: 'play' })).toBe(initialMachine);
    expect(transition(initialMachine, { type: 'lost' })).toBe(initialMachine);
  });

  it('for any sequence of events: resume and under only while building, Pause offered iff playing or resuming', () => {
    const types: MachineEvent['type'][] = [
      'build',
      'built',
      'buildFailed',
      'keep',
      'play',
      'pause',
      'stepped',
      'budget',
      'diverged',
      'lost',
      'dispose',
    ];
    const phases: RunPhase[] = ['idle', 'building', 'playing', 'paused', 'finished', 'diverged', 'lost'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...types), { maxLength: 60 }), (events) => {
        let s = initialMachine;
        let hasRun = false;
        for (const type of events) {
          const prev = s;
          s = transition(s, { type } as MachineEvent);
          expect(phases).toContain(s.phase);
          if (s.phase !== 'building') expect(s.resume || s.under !== null).toBe(false);
          expect(playsOrWillPlay(s)).toBe(s.phase === 'playing' || (s.phase === 'building' && s.resume));
          // a run exists after a build succeeded; without one only idle and building are possible
          if (type === 'built' && prev.phase === 'building') hasRun = true;
          if (type === 'dispose') hasRun = false;
          if (!hasRun) expect(['idle', 'building']).toContain(s.phase);
          // play after pause (outside a build) always ends paused or in the phase it rested in
          if (type === 'pause') expect(s.phase).not.toBe('playing');
        }
      }),
      { numRuns: 500, seed: 13 },
    );
  });
});
