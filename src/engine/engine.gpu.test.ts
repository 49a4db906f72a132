// The WebGPU engine against the float64 reference, under Node/Dawn on SwiftShader. For many seeded random configs
// across the config space (small sizes): states, gradients (exact and adjoint), the loss, one optimizer step's new
// weights and the diagnostics. Every output buffer starts poisoned with NaN, so an element a kernel forgot to
// write fails the comparison. Tolerance: norm-wise relative error ≤ 1e-4 (float32 vs float64) unless noted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatherRows } from '../core/batches';
import { computeGradients } from '../core/gradients';
import { perLayerDistance, relativeGradError, weightIncrements, weightNorms } from '../core/metrics';
import { embed, forward, reconstruct } from '../core/reference';
import { referenceStep0, relErr } from '../core/testing';
import { RESIDUAL_IDS, residualKind } from '../residuals';
import { SCHEME_IDS, scheme } from '../schemes';
import { GpuEngine } from './engine';
import { acquireNodeDevice, releaseNodeDevice } from './node-device';
import { MAX_BACKWARD_CHUNK, VARIANTS } from './plan';
import { randomConfig } from './testing';

let device: GPUDevice;
beforeAll(async () => {
  device = (await acquireNodeDevice()).device;
});
afterAll(async () => {
  await releaseNodeDevice();
});

const TOL = 1e-4;

const CASES = Array.from({ length: 40 }, (_, i) => i);

/** One training step of config `seed` on the GPU (variant forced, or picked by shape) against the CPU. */
async function checkStep0(seed: number, variant?: string) {
  const c = randomConfig(seed);
  // split variants: widths that give 2–4 hidden parts, the last one partly filled
  if (variant?.startsWith('split') && residualKind(c.model.residual).hasWidth)
    c.model.width = [17, 33, 50, 64][seed % 4];
  const label = `${variant ?? 'auto'} ${c.model.residual}/${c.model.scheme}/${c.model.convention}/${c.model.scale}/${c.data.kind}/${c.train.loss}/${c.train.optimizer}/${c.train.gradMode} N=${c.model.depth} d=${c.model.d} M=${c.model.width} B=${c.train.batchSize}`;
  const cpu = referenceStep0(c);
  const engine = await GpuEngine.create(device, c, { poison: true, variant });
  try {
    if (variant) expect(engine.variant).toBe(variant);
    engine.trainSteps(1);
    const [loss] = await engine.readLosses();
    expect(Math.abs(loss.loss - cpu.g.loss) / Math.max(Math.abs(cpu.g.loss), 1e-30), label).toBeLessThan(TOL);
    const grads = await engine.readGradients();
    expect(relErr(grads.residual, cpu.g.grad), `${label}: residual gradient`).toBeLessThan(TOL);
    const rg = new Float64Array([...cpu.g.gReadoutW, ...cpu.g.gReadoutB]);
    expect(relErr(grads.readout, rg), `${label}: read-out gradient`).toBeLessThan(TOL);
    if (c.train.gradMode === 'exact') {
      const [states] = await engine.readBufferBytes('train.states');
      expect(relErr(states, cpu.g.states!), `${label}: states`).toBeLessThan(TOL);
    } else {
      // after an adjoint sweep xcur holds the reconstruction x̃_0
      const [x0rec] = await engine.readBufferBytes('train.xcur');
      const d = cpu.spec.d;
      expect(relErr(x0rec, cpu.g.backwardStates.subarray(0, x0rec.length)), `${label}: x̃_0`).toBeLessThan(
        TOL,
      );
      expect(x0rec.length).toBe(d * (cpu.g.pred.length / cpu.spec.outputDim));
    }
    const p = await engine.readParams();
    expect(relErr(p.residual, cpu.next.residual), `${label}: updated weights`).toBeLessThan(TOL);
    expect(
      relErr(p.readout, [...cpu.next.readoutW, ...cpu.next.readoutB]),
      `${label}: updated read-out`,
    ).toBeLessThan(TOL);
  } finally {
    engine.dispose();
  }
}

describe('GPU engine matches the float64 reference (random configs, NaN-poisoned buffers)', () => {
  it('the random configs cover every residual kind, in the plain and in the forced-variant cases', () => {
    for (const seeds of [CASES, CASES.map((i) => 100 + i)]) {
      const drawn = new Set(seeds.map((s) => randomConfig(s).model.residual));
      for (const id of RESIDUAL_IDS) expect(drawn.has(id), id).toBe(true);
    }
  });

  it.each(CASES)('config #%i: loss, states, gradients, one optimizer step', (seed) => checkStep0(seed));
});

// Every kernel variant of plan.ts, forced on 40 more random configs (their batches of 4, 5 or 32 samples leave
// partly filled tiles and several workgroups, so the tail handling and the fixed-order reduction are exercised).
it('the forced-variant configs draw every registered scheme, each in both gradient modes, the blended-set ones deep enough for several backward chunks', () => {
  const cs = CASES.map((i) => randomConfig(100 + i));
  for (const id of SCHEME_IDS) {
    const mine = cs.filter((c) => c.model.scheme === id);
    for (const mode of ['exact', 'adjoint'])
      expect(
        mine.some((c) => c.train.gradMode === mode),
        `${id} ${mode}`,
      ).toBe(true);
    // blended sets: their gradient slots cross backward chunks (wreduce); Heun's deep draw is in the suite above
    if (scheme(id).mix)
      expect(Math.max(...mine.map((c) => c.model.depth)), id).toBeGreaterThan(MAX_BACKWARD_CHUNK);
  }
});

describe.each(VARIANTS.map((v) => v.name))('kernel variant %s, forced', (variant) => {
  it.each(CASES.map((i) => 100 + i))('config #%i', (seed) => checkStep0(seed, variant));
});

describe('GPU diagnostics match the reference', () => {
  // Diagnostics are differences of nearly equal float32 quantities (states and their reconstructions, exact and
  // adjoint gradients, neighbouring weights), so they are compared with an absolute tolerance scaled by the
  // magnitude of what is subtracted, plus 1e-4 relative.
  const close = (gpu: number, cpu: number, scale: number, what: string) => {
    if (Number.isNaN(cpu)) expect(gpu, `${what}: NaN on the CPU (0/0), so on the GPU too`).toBeNaN();
    else expect(Math.abs(gpu - cpu), what).toBeLessThanOrEqual(1e-5 * scale + 1e-4 * Math.abs(cpu));
  };

  it.each([3, 7, 11, 19, 23, 31])(
    'config #%i: reconstruction error, gradient error, increments, norms',
    async (seed) => {
      // h = 1/N keeps two training steps finite for every draw (unscaled deep nets can diverge at once)
      const r = randomConfig(seed);
      const c = { ...r, model: { ...r.model, scale: '1/N' as const } };
      const engine = await GpuEngine.create(device, c, { poison: true, diagBatch: 8 });
      try {
        engine.trainSteps(2);
        const diag = await engine.diagnostics();
        const w = await engine.readWeightsF64();
        const { spec, data: ds } = engine;
        const B = Math.min(8, ds.train.n);
        const idx = Int32Array.from({ length: B }, (_, i) => i);
        const x = gatherRows(ds.train.x, ds.inputDim, idx);
        const y = gatherRows(ds.train.y, ds.outputDim, idx);
        const ex = computeGradients(spec, w, x, y, B, c.train.loss, 'exact');
        const ad = computeGradients(spec, w, x, y, B, c.train.loss, 'adjoint');
        const states = forward(spec, w.residual, embed(spec, w, x, B), B, true).states!;
        const rec = reconstruct(spec, w.residual, states.subarray(spec.steps * B * spec.d), B);
        const cpuRecon = perLayerDistance(states, rec, B, spec.d);
        const stateScale = Math.sqrt(states.reduce((a, v) => a + v * v, 0) / ((spec.steps + 1) * B));
        for (let n = 0; n <= spec.steps; n++)
          close(diag.reconError[n], cpuRecon[n], stateScale, `recon layer ${n}`);
        const ge = relativeGradError(spec, ex.grad, ad.grad);
        close(diag.gradErrorGlobal, ge.global, 1, 'global gradient error');
        for (let n = 0; n < spec.P; n++)
          close(diag.gradErrorPerLayer[n], ge.perLayer[n], 10, `gradient error of set ${n}`);
        const norms = weightNorms(spec, w.residual);
        const inc = weightIncrements(spec, w.residual);
        const wScale = Math.max(...norms);
        for (let n = 0; n < inc.length; n++) close(diag.increments[n], inc[n], wScale, `increment ${n}`);
        expect(relErr(diag.norms, norms)).toBeLessThan(TOL);
        expect(Math.abs(diag.loss - ex.loss) / Math.abs(ex.loss)).toBeLessThan(TOL);
      } finally {
        engine.dispose();
      }
    },
  );
});
