// The cheap presets, run through the headless runner's code on the float64 engine, reproduce their paper's
// qualitative result (the expensive ones are checked by hand with `npm run experiment`; numbers in the notes).
import { describe, expect, it } from 'vitest';
import { runExperiment } from '../cli/experiment';
import { runConfigSweep } from '../cli/sweep';
import type { ExperimentConfig } from '../core/config';
import { encodeLink } from '../link/codec';
import { CpuBackend } from '../run/cpu-backend';
import { PRESETS, presetConfig } from './presets';

const cpu = async (c: ExperimentConfig) => new CpuBackend(c);
const load = (id: string) => {
  const p = PRESETS.find((x) => x.id === id);
  if (!p) throw new Error(`no preset ${id}`);
  return { p, ...presetConfig(p) };
};
async function train(id: string, steps?: number) {
  const { p, config, views } = load(id);
  const n = steps ?? p.steps;
  return runExperiment(new CpuBackend(config), config, encodeLink(config, views), {
    steps: n,
    evalEvery: Math.max(1, n),
  });
}

describe('presets reproduce their figures (float64 runner)', () => {
  it('Fig. 1 (at N = 100, 1500 steps): x²/2 is fitted by an ODE-like net, −x²/2 only by crossing trajectories', async () => {
    const out: Record<string, Awaited<ReturnType<typeof runExperiment>>['result']['summary']> = {};
    for (const kind of ['square', 'neg-square'] as const) {
      const { config, views } = load(`sander-fig1-${kind}`);
      const c = { ...config, model: { ...config.model, depth: 100 } };
      const { result } = await runExperiment(new CpuBackend(c), c, encodeLink(c, views), {
        steps: 1500,
        evalEvery: 1500,
      });
      out[kind] = result.summary;
    }
    const sq = out.square;
    const neg = out['neg-square'];
    expect(sq.trainLoss).toBeLessThan(1e-5);
    expect(sq.crossings?.count).toBe(0);
    expect(sq.odeDistance?.relative).toBeLessThan(0.02);
    expect(neg.trainLoss).toBeLessThan(1e-4);
    // the order of the inputs is reversed: every pair of the fan crosses; the interpolated ODE cannot follow
    expect(neg.crossings?.pairs).toBe((24 * 23) / 2);
    expect(neg.odeDistance?.relative).toBeGreaterThan(0.3);
  }, 120_000);

  it('§3.1 counter-examples: the ResNet–ODE gap is 1/2 and 2/3 at every depth', async () => {
    for (const [id, gap] of [
      ['sander-counterexample-ramp', 0.5],
      ['sander-counterexample-alternating', 2 / 3],
    ] as const) {
      const { config, views } = load(id);
      const s = await runConfigSweep(config, views.sweep, cpu);
      expect(s.points.length).toBeGreaterThanOrEqual(5);
      for (const pt of s.points) expect(pt.y, `${id} N=${pt.N}`).toBeCloseTo(gap, 9);
      expect(Math.abs(s.series[0].slope ?? 1)).toBeLessThan(1e-6);
    }
  });

  it('order = slope: reconstruction error slopes −1 (Euler), −3 (midpoint), −5 (RK4) in float64', async () => {
    const { config, views } = load('order-equals-slope');
    const s = await runConfigSweep(config, views.sweep, cpu);
    const slope = (id: string) => s.series.find((x) => x.id === id)?.slope ?? Number.NaN;
    // measured: −0.997, −2.985, −4.969 (RK4's N = 512 point sits at the float64 floor and is left out)
    expect(slope('euler')).toBeGreaterThan(-1.1);
    expect(slope('euler')).toBeLessThan(-0.9);
    expect(slope('midpoint')).toBeGreaterThan(-3.2);
    expect(slope('midpoint')).toBeLessThan(-2.8);
    expect(slope('rk4')).toBeGreaterThan(-5.3);
    expect(slope('rk4')).toBeLessThan(-4.7);
  }, 120_000);

  it('Fig. 4 (mini): the trained loss is read out where it falls below a tenth of its initial value, not as a slope', async () => {
    const { config, views } = load('sander-fig4-mini');
    // the notes: the ResNet trains from N ≈ 32 (fails at 16), the HeunNet from N ≈ 8 (fails at 4); only the
    // depths either side of each switch are run (the full sweep takes 4× longer)
    for (const [scheme, depths] of [
      ['euler', [16, 32]],
      ['heun', [4, 8]],
    ] as const) {
      const s = await runConfigSweep(config, { ...views.sweep, schemes: [scheme], depths: [...depths] }, cpu);
      expect(s.series.map((x) => x.id)).toEqual([scheme]);
      const [x] = s.series;
      expect(x.slope).toBeNull();
      expect(x.fit).toMatchObject({ kind: 'threshold', outcome: 'crosses', bracket: depths });
      expect(x.readout).toMatch(/^trains from N ≈ [\d.]+ \(loss < 0\.0\d+;/);
    }
  }, 120_000);

  it('Fig. 2: the deep linear ResNet fits I + G, stays smooth, and converges in N at rate 1/N', async () => {
    const { result } = await train('sander-fig2-linear');
    const ev = result.training.evaluations;
    expect(ev.at(-1)!.trainLoss).toBeLessThan(ev[0].trainLoss / 100);
    // N·max‖θ_{n+1} − θ_n‖ bounded (a Lipschitz limit), not growing like N
    expect(result.summary.depthSmoothness).toBeLessThan(3);
    const { config, views } = load('sander-fig2-linear');
    const s = await runConfigSweep(config, views.sweep, cpu);
    expect(s.metric).toBe('deepReference');
    expect(s.series[0].slope).toBeGreaterThan(-1.2);
    expect(s.series[0].slope).toBeLessThan(-0.85);
  });

  it('lazy regime: the loss falls while the weights move by well under 1%; with α = 1 they move far more', async () => {
    const lazy = await train('mean-ode-lazy');
    const ev = lazy.result.training.evaluations;
    expect(ev.at(-1)!.trainLoss).toBeLessThan(0.7 * ev[0].trainLoss);
    expect(lazy.result.summary.weightChange).toBeLessThan(0.01);
    // the same network at α = 1 (learning rate not divided by α²)
    const { config, views } = load('mean-ode-lazy');
    const active = { ...config, model: { ...config.model, alpha: 1 } };
    const r = await runExperiment(new CpuBackend(active), active, encodeLink(active, views), {
      steps: 500,
      evalEvery: 500,
    });
    expect(r.result.summary.weightChange).toBeGreaterThan(10 * (lazy.result.summary.weightChange ?? 1));
  });
});
