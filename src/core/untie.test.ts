import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../run/cpu-backend';
import { netSpec } from './params';
import { makeConfig } from './testing';
import { untiedConfig, untieWeights } from './untie';

const base = (over: { depth?: number; init?: 'tied' | 'smooth' } = {}) =>
  makeConfig({
    seed: 3,
    data: { kind: 'gaussian', inputDim: 4, outputDim: 4, nTrain: 32, nTest: 8 },
    model: { d: 4, residual: 'mlp', width: 8, activation: 'tanh', depth: over.depth ?? 8, embedding: 'pad' },
    init: { kind: over.init ?? 'smooth', std: 1, stdV: 1, biasStd: 0.5, lengthScale: 0.5 },
    train: { loss: 'mse', gradMode: 'exact' },
  });

/** Final states x_S of the network with these weights on its first 16 training inputs. */
async function outputs(c: ReturnType<typeof base>, w?: ReturnType<typeof untieWeights>) {
  const b = new CpuBackend(c, w);
  const F = 16;
  const x = b.data.train.x.slice(0, F * b.data.inputDim);
  const states = await b.trajectories(x, F);
  return Float64Array.from(states.subarray(b.spec.steps * F * b.spec.d));
}

const dist = (a: Float64Array, b: Float64Array) =>
  Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0) / a.reduce((s, v) => s + v * v, 0));

describe('untying: the weights of depth N copied into depth K·N', () => {
  it('repeats each set K times, keeps embedding and read-out, and trains with the adjoint', async () => {
    const c = base();
    const r = untiedConfig(c, 4);
    if (!r.ok) throw new Error(r.message);
    expect(r.config.model.depth).toBe(32);
    expect(r.config.train.gradMode).toBe('adjoint');
    const from = netSpec(c);
    const to = netSpec(r.config);
    const w = await new CpuBackend(c).readWeights();
    const u = untieWeights(from, w, to);
    const S = from.setSize;
    expect(u.residual.length).toBe(to.P * S);
    for (const m of [0, 3, 4, 17, 31, 32]) {
      const n = Math.min(Math.floor(m / 4), from.P - 1);
      expect(Array.from(u.residual.subarray(m * S, (m + 1) * S))).toEqual(
        Array.from(w.residual.subarray(n * S, (n + 1) * S)),
      );
    }
    expect(u.readoutW).toEqual(w.readoutW);
    expect(u.embed).toEqual(w.embed);
  });

  it('the deeper network computes nearly the same function, closer as N grows (an O(1/N) refinement)', async () => {
    const gap = async (N: number) => {
      const c = base({ depth: N });
      const r = untiedConfig(c, 4);
      if (!r.ok) throw new Error(r.message);
      const w = await new CpuBackend(c).readWeights();
      const u = untieWeights(netSpec(c), w, netSpec(r.config));
      return dist(await outputs(r.config, u), await outputs(c));
    };
    const g8 = await gap(8);
    const g32 = await gap(32);
    expect(g8).toBeGreaterThan(0);
    expect(g8).toBeLessThan(0.2);
    // one Euler step of h against four of h/4: the gap shrinks like 1/N (measured 0.105 at N = 8, 0.027 at 32)
    expect(g32).toBeLessThan(g8 / 3);
  });

  it('refuses what would not keep the function, saying why', async () => {
    const c = base();
    expect(untiedConfig(c, 1)).toMatchObject({ ok: false, message: /from 2 to 16/ });
    const flat = { ...c, model: { ...c.model, scale: '1' as const } };
    expect(untiedConfig(flat, 2)).toMatchObject({ ok: false, message: /scale shrinks like 1\/N/ });
    const w = await new CpuBackend(c).readWeights();
    const deeper = { ...c, model: { ...c.model, depth: 20 } };
    expect(() => untieWeights(netSpec(c), w, netSpec(deeper))).toThrow(/not a multiple of 8/);
    const wider = { ...c, model: { ...c.model, depth: 16, width: 16 } };
    expect(() => untieWeights(netSpec(c), w, netSpec(wider))).toThrow(/same architecture/);
  });
});
