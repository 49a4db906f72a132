// The runner's sweep on the float64 engine: the papers' rates come out of the presets' own sweep settings.
import { describe, expect, it } from 'vitest';
import type { ExperimentConfig } from '../core/config';
import { PRESETS, presetConfig } from '../presets/presets';
import { CpuBackend } from '../run/cpu-backend';
import { runConfigSweep, SweepPlanError, sweepCsv } from './sweep';

const cpu = async (c: ExperimentConfig) => new CpuBackend(c);
const preset = (id: string) => {
  const p = PRESETS.find((x) => x.id === id);
  if (!p) throw new Error(`no preset ${id}`);
  return presetConfig(p);
};

describe('runner sweep', () => {
  it('§3.1 ramp counter-example: the distance to the ODE stays 1/2 at every depth (slope 0)', async () => {
    const { config, views } = preset('sander-counterexample-ramp');
    const r = await runConfigSweep(config, { ...views.sweep, depths: [4, 16, 64] }, cpu);
    expect(r.metric).toBe('odeDistance');
    expect(r.points).toHaveLength(3);
    for (const p of r.points) expect(p.y).toBeCloseTo(0.5, 6);
    expect(Math.abs(r.series[0].slope ?? 1)).toBeLessThan(0.01);
    const csv = sweepCsv(r).trim().split('\n');
    expect(csv[0]).toBe('series,N,M,x,y,floor,precision,loss,note,initial');
    expect(csv).toHaveLength(4);
    expect(csv[1]).toMatch(/^euler,4,\d+,4,0\.5/);
  });

  it('Fig. 3(c): adjoint gradient error slopes ≈ −1 (ResNet) and ≤ −2 (HeunNet) in float64', async () => {
    const { config, views } = preset('sander-fig3c-gradient-error');
    const r = await runConfigSweep(config, { ...views.sweep, depths: [16, 32, 64, 128] }, cpu);
    const euler = r.series.find((s) => s.id === 'euler');
    const heun = r.series.find((s) => s.id === 'heun');
    expect(euler?.slope).toBeGreaterThan(-1.2);
    expect(euler?.slope).toBeLessThan(-0.8);
    expect(heun?.slope).toBeLessThan(-1.9);
    expect(euler?.fit).toMatchObject({ kind: 'powerLaw', slope: euler?.slope, points: 4 });
    expect(euler?.readout).toMatch(/^slope −/);
    expect(r.points.every((p) => p.precision === 'float64')).toBe(true);
  });

  it('Fig. 4 (reduced): the trained loss is read out as a crossing depth, with no slope', async () => {
    const { config, views } = preset('sander-fig4-mini');
    const r = await runConfigSweep(config, { ...views.sweep, depths: [4, 8], trainSteps: 5 }, cpu);
    expect(r.metric).toBe('trainedLoss');
    expect(r.series.map((s) => s.label)).toEqual([
      'ResNet (Euler, adjoint gradients)',
      'HeunNet (Heun, adjoint gradients)',
    ]);
    for (const s of r.series) {
      expect(s.slope).toBeNull();
      expect(s.r2).toBeNull();
      expect(s.fit.kind).toBe('threshold');
      expect(s.readout).not.toMatch(/slope/);
      if (s.fit.kind === 'threshold') expect(s.fit.level).toBeGreaterThan(0);
    }
    for (const p of r.points) expect(p.initial).toBeGreaterThan(0);
    const csv = sweepCsv(r).trim().split('\n');
    expect(Number(csv[1].split(',')[9])).toBe(r.points[0].initial);
  });

  it('a sweep that cannot be planned is an error before anything runs', async () => {
    const { config, views } = preset('sander-counterexample-ramp');
    let built = 0;
    await expect(
      runConfigSweep(config, { ...views.sweep, depths: [8] }, async (c) => {
        built++;
        return new CpuBackend(c);
      }),
    ).rejects.toBeInstanceOf(SweepPlanError);
    expect(built).toBe(0);
  });
});

describe('runner depth × width sweep', () => {
  it('mean-ODE preset (reduced): one fit per width and a pooled fit through every point', async () => {
    const { config, views } = preset('mean-ode-limit');
    const r = await runConfigSweep(
      config,
      { ...views.sweep, depths: [4, 8], widths: [4, 8], trainSteps: 0 },
      cpu,
    );
    expect(r.kind).toBe('widthDepth');
    expect(r.reference).toEqual({ N: 32, M: 32 });
    expect(r.series.map((s) => s.id)).toEqual(['M4', 'M8']);
    expect(r.points.map((p) => p.x)).toEqual([16, 32, 32, 64]);
    expect(r.pooled?.points).toBe(4);
    // error against the reference falls with L·M
    expect(r.pooled?.slope).toBeLessThan(-0.2);
  });
});
