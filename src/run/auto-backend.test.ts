// The engine choice with fake backends of given step times: the faster wins, failures are skipped with their
// reason, the time box holds, an override or a remembered choice skips the timing, a failed build falls back.
import { describe, expect, it } from 'vitest';
import { makeConfig } from '../core/testing';
import {
  buildChosen,
  type Candidate,
  CHOICES_KEY,
  type ChooseOptions,
  choiceDetails,
  choiceLine,
  chooseEngine,
  type EngineId,
  type KeyValueStore,
  pickFastest,
  recallChoice,
  rememberChoice,
  shapeKey,
  type TimeBox,
  type TimedBackend,
  timeCandidate,
} from './auto-backend';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Virtual time: fake steps advance it at once, so the timing logic is tested without the machine's noise. */
let vt = 0;
const vnow = () => vt;

class FakeBackend implements TimedBackend {
  steps = 0;
  disposed = false;
  calls: number[] = [];
  constructor(
    readonly msPerStep: number,
    readonly warmupMs: number,
    /** Really sleep (for the caps, which race against real timers) instead of advancing the virtual clock. */
    readonly real: boolean,
  ) {}
  async trainSteps(k: number) {
    this.calls.push(k);
    const ms = this.steps === 0 ? this.warmupMs + (k - 1) * this.msPerStep : k * this.msPerStep;
    if (this.real) await sleep(ms);
    else {
      vt += ms;
      await sleep(0);
    }
    this.steps += k;
  }
  async sync() {}
  dispose() {
    this.disposed = true;
  }
}

function fake(
  id: EngineId,
  msPerStep: number,
  opts: { warmupMs?: number; fail?: string; buildMs?: number; real?: boolean } = {},
) {
  const built: FakeBackend[] = [];
  const c: Candidate<FakeBackend> & { built: FakeBackend[] } = {
    id,
    label: id === 'webgpu' ? 'WebGPU (SwiftShader)' : id === 'cpu' ? 'CPU float64' : 'CPU float32 WASM',
    built,
    create: async () => {
      if (opts.buildMs) await sleep(opts.buildMs);
      if (opts.fail) throw new Error(opts.fail);
      const b = new FakeBackend(msPerStep, opts.warmupMs ?? msPerStep, opts.real ?? false);
      built.push(b);
      return b;
    },
  };
  return c;
}

const box: TimeBox = { minSteps: 3, maxSteps: 64, minMs: 30, maxMs: 150, buildMs: 500, stepCapMs: 200 };
const choose = (o: Partial<ChooseOptions<FakeBackend>> & { candidates: Candidate<FakeBackend>[] }) =>
  chooseEngine({ preference: 'auto', box, now: vnow, ...o });

describe('timing one candidate', () => {
  it('times at least minSteps after a warm-up, within the time box, and disposes the backend', async () => {
    const c = fake('cpu', 20, { warmupMs: 60 });
    const t = await timeCandidate(c, box, vnow);
    // the warm-up (60 ms) is not counted; 3 steps reach minSteps and minMs (30 ms)
    expect(t).toMatchObject({ ok: true, steps: 3, msPerStep: 20, lowerBound: false });
    expect(c.built[0].disposed).toBe(true);
  });

  it('stops once maxMs has passed when steps are slow (before minSteps)', async () => {
    const c = fake('cpu', 100);
    const t = await timeCandidate(c, box, vnow);
    expect(t).toMatchObject({ ok: true, steps: 2, msPerStep: 100, lowerBound: false });
    expect(c.built[0].calls).toEqual([1, 1, 1]); // warm-up + 2 timed steps
  });

  it('batches fast steps (few round trips) and stops at maxSteps', async () => {
    const c = fake('cpu', 0);
    const t = await timeCandidate(c, box, vnow);
    expect(t.ok && t.steps).toBe(64);
    expect(c.built[0].calls.length).toBeLessThan(20);
  });

  it('a candidate slower than the cap is abandoned with a lower bound, and disposed once its step ends', async () => {
    const c = fake('webgpu', 500, { real: true });
    const t0 = performance.now();
    const t = await timeCandidate(c, box);
    expect(performance.now() - t0).toBeLessThan(box.stepCapMs + 100);
    expect(t).toMatchObject({ ok: true, lowerBound: true, steps: 0 });
    expect(c.built[0].disposed).toBe(false);
    await sleep(450);
    expect(c.built[0].disposed).toBe(true);
  });

  it('a build that fails or takes too long is skipped with its reason', async () => {
    expect(await timeCandidate(fake('webgpu', 1, { fail: 'too big: maxBufferSize' }), box)).toMatchObject({
      ok: false,
      reason: 'too big: maxBufferSize',
    });
    expect(await timeCandidate(fake('webgpu', 1, { buildMs: 800 }), box)).toMatchObject({
      ok: false,
      reason: /took over 500 ms to build/,
    });
  });
});

describe('choosing the engine', () => {
  it('picks the faster and says by how much', async () => {
    const gpu = fake('webgpu', 45);
    const cpu = fake('cpu', 5);
    const c = await choose({ candidates: [gpu, cpu] });
    expect(c).toMatchObject({ id: 'cpu', how: 'timed' });
    expect(c!.reason).toMatch(/^\d+(\.\d)?× faster than WebGPU \(SwiftShader\) for this config$/);
    expect(choiceLine(c!)).toMatch(/^CPU float64 · .*× faster than WebGPU/);
    expect(choiceDetails(c!)).toMatch(/CPU float64: [\d.]+ ms\/step/);
    expect(choiceDetails(c!)).toMatch(/WebGPU \(SwiftShader\): [\d.]+ ms\/step/);
    // throwaway backends only: all disposed, none handed out
    expect([...gpu.built, ...cpu.built].every((b) => b.disposed)).toBe(true);
    const c2 = await choose({ candidates: [fake('webgpu', 3), fake('cpu', 30)] });
    expect(c2?.id).toBe('webgpu');
  });

  it('near-ties go to the preferred (first) candidate', () => {
    const t = (id: EngineId, msPerStep: number, lowerBound = false) => ({
      id,
      label: id,
      ok: true as const,
      msPerStep,
      steps: 3,
      lowerBound,
    });
    expect(pickFastest([t('webgpu', 20), t('cpu', 19.5)])?.timing.id).toBe('webgpu');
    expect(pickFastest([t('webgpu', 20), t('cpu', 19.5)])?.reason).toBe('as fast as cpu for this config');
    expect(pickFastest([t('webgpu', 20), t('cpu', 10)])?.timing.id).toBe('cpu');
    expect(pickFastest([t('webgpu', 20), t('cpu', 10)])?.reason).toBe(
      '2× faster than webgpu for this config',
    );
    // a lower bound loses to a measurement; two lower bounds: the preferred one
    expect(pickFastest([t('webgpu', 900, true), t('cpu', 950)])?.timing.id).toBe('cpu');
    expect(pickFastest([t('webgpu', 900, true), t('cpu', 950, true)])?.timing.id).toBe('webgpu');
  });

  it('skips a candidate that fails to build, with its reason', async () => {
    const c = await choose({
      candidates: [fake('webgpu', 1, { fail: 'does not fit: maxStorageBufferBindingSize' }), fake('cpu', 10)],
    });
    expect(c).toMatchObject({ id: 'cpu', how: 'timed' });
    expect(c!.reason).toContain(
      'WebGPU (SwiftShader) cannot run it (does not fit: maxStorageBufferBindingSize)',
    );
    expect(c!.timings.find((t) => t.id === 'webgpu')).toMatchObject({ ok: false });
  });

  it('a measured candidate beats one that ran over the cap', async () => {
    const c = await choose({
      candidates: [fake('webgpu', 400, { real: true }), fake('cpu', 40, { real: true })],
      now: undefined,
    });
    expect(c?.id).toBe('cpu');
    expect(c?.reason).toMatch(/^>\d+(\.\d)?× faster than WebGPU/);
  });

  it('the whole choice stays within the time box (two slow candidates)', async () => {
    const t0 = performance.now();
    await choose({
      candidates: [fake('webgpu', 400, { real: true }), fake('cpu', 300, { real: true })],
      now: undefined,
    });
    expect(performance.now() - t0).toBeLessThan(2 * (box.stepCapMs + 60));
  });

  it('a three-engine list (with the WASM engine) is one more entry', async () => {
    const c = await choose({ candidates: [fake('webgpu', 30), fake('cpu', 20), fake('wasm', 4)] });
    expect(c?.id).toBe('wasm');
    expect(c?.timings.map((t) => t.id)).toEqual(['webgpu', 'cpu', 'wasm']);
    expect(c?.reason).toMatch(/^[\d.]+× faster than WebGPU/); // compared with the preferred engine
    const d = await choose({ candidates: [fake('webgpu', 3), fake('cpu', 40), fake('wasm', 20)] });
    expect(d?.reason).toMatch(/faster than CPU float32 WASM/); // the preferred one won: the next fastest
  });

  it('an override or a remembered choice skips the timing', async () => {
    const gpu = fake('webgpu', 5);
    const cpu = fake('cpu', 50);
    expect(await choose({ candidates: [gpu, cpu], preference: 'cpu' })).toMatchObject({
      id: 'cpu',
      how: 'requested',
    });
    expect(
      await choose({
        candidates: [gpu, cpu],
        remembered: { id: 'cpu', by: 'timed', reason: '9× faster than X' },
      }),
    ).toMatchObject({ id: 'cpu', how: 'remembered', reason: '9× faster than X (timed before)' });
    expect(await choose({ candidates: [gpu, cpu], remembered: { id: 'cpu', by: 'user' } })).toMatchObject({
      id: 'cpu',
      how: 'requested',
    });
    expect(gpu.built.length + cpu.built.length).toBe(0);
    // a remembered engine that is not here (no WebGPU now) is ignored
    expect(await choose({ candidates: [cpu], remembered: { id: 'webgpu', by: 'user' } })).toMatchObject({
      id: 'cpu',
      how: 'only',
    });
    // asking for an engine that is not here falls back to timing
    expect((await choose({ candidates: [gpu, cpu], preference: 'wasm' }))?.how).toBe('timed');
  });

  it('one candidate: no timing', async () => {
    const cpu = fake('cpu', 5);
    expect(await choose({ candidates: [cpu] })).toMatchObject({ id: 'cpu', how: 'only' });
    expect(cpu.built.length).toBe(0);
    expect(await choose({ candidates: [] })).toBeNull();
  });

  it('pickFastest with nothing measured', () => {
    expect(pickFastest([{ id: 'webgpu', label: 'WebGPU', ok: false, reason: 'x' }])).toBeNull();
  });
});

describe('building the chosen engine', () => {
  it('falls back to the next candidate that builds, saying why', async () => {
    const gpu = fake('webgpu', 1, { fail: 'does not fit: maxBufferSize' });
    const cpu = fake('cpu', 1);
    const choice = {
      id: 'webgpu' as const,
      label: 'WebGPU',
      how: 'requested' as const,
      reason: '',
      timings: [],
    };
    const r = await buildChosen([gpu, cpu], choice);
    expect(r.backend).toBe(cpu.built[0]);
    expect(r.choice).toMatchObject({ id: 'cpu', how: 'fallback' });
    expect(r.choice.reason).toContain('does not fit: maxBufferSize');
    await expect(buildChosen([gpu], choice)).rejects.toThrow('does not fit');
  });
});

describe('remembering choices', () => {
  const mem = (): KeyValueStore => {
    const m = new Map<string, string>();
    return {
      getItem: (k) => m.get(k) ?? null,
      setItem: (k, v) => void m.set(k, v),
      removeItem: (k) => void m.delete(k),
    };
  };

  it('per adapter and config shape', () => {
    const s = mem();
    const a = makeConfig({ model: { depth: 300 } });
    const b = makeConfig({ model: { depth: 64 } });
    const ka = shapeKey('google swiftshader', a);
    expect(ka).not.toBe(shapeKey('google swiftshader', b));
    expect(ka).not.toBe(shapeKey('nvidia ampere', a));
    // the seed and the learning rate do not change the shape
    expect(ka).toBe(shapeKey('google swiftshader', { ...a, seed: 99, train: { ...a.train, lr: 0.5 } }));
    rememberChoice(s, ka, { id: 'cpu', by: 'timed', reason: '9× faster' });
    expect(recallChoice(s, ka)).toMatchObject({ id: 'cpu', by: 'timed' });
    expect(recallChoice(s, shapeKey('google swiftshader', b))).toBeNull();
    rememberChoice(s, ka, null);
    expect(recallChoice(s, ka)).toBeNull();
    // garbage in storage is ignored
    s.setItem(CHOICES_KEY, '{not json');
    expect(recallChoice(s, ka)).toBeNull();
    s.setItem(CHOICES_KEY, JSON.stringify({ [ka]: { id: 'tpu', by: 'user' } }));
    expect(recallChoice(s, ka)).toBeNull();
    expect(recallChoice(null, ka)).toBeNull();
  });
});
