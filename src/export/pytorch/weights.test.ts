// Importing weights: what the export and the exported program write comes back exactly; any tensor of the wrong
// shape (or not numbers) is refused with its name and both shapes.
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../cli/args';
import { defaultConfig, type ExperimentConfig } from '../../core/config';
import { makeDataset } from '../../core/data';
import { initWeights, netSpec } from '../../core/params';
import { pytorchExport } from './bundle';
import { importWeights } from './weights';

function setup(patch: Partial<ExperimentConfig['model']> = {}) {
  const c = defaultConfig();
  c.model = { ...c.model, depth: 4, width: 3, ...patch };
  c.data = { ...c.data, nTrain: 8, nTest: 4 };
  const spec = netSpec(c);
  const w = initWeights(c, spec);
  w.readoutB[1] = 0.25;
  const ex = pytorchExport(c, 'v=2', spec, makeDataset(c), w, 7);
  return { c, spec, w, ex };
}

/** A result.json as the exported program writes it, holding `ex`'s weights. */
const asResult = (ex: ReturnType<typeof setup>['ex'], step = 12) => ({
  format: 'ode-lens-result',
  formatVersion: 1,
  producer: { format: 'ode-lens-pytorch', formatVersion: 1 },
  training: { steps: step },
  final: {
    step,
    weights: { sets: ex.initial.sets, readout: ex.initial.readout, embedding: ex.initial.embedding },
  },
});

describe('importWeights', () => {
  it('reads the weights of an export and of a PyTorch result exactly, with their step', () => {
    const { spec, w, ex } = setup();
    const a = importWeights(JSON.stringify(ex), spec, w.embed);
    expect(a.ok && a.step).toBe(7);
    if (!a.ok) return;
    expect(a.weights.residual).toEqual(w.residual);
    expect(a.weights.readoutW).toEqual(w.readoutW);
    expect(a.weights.readoutB).toEqual(w.readoutB);
    expect(a.weights.embed).toEqual(w.embed);
    const b = importWeights(JSON.stringify(asResult(ex)), spec, w.embed);
    expect(b.ok && [b.step, b.source]).toEqual([12, 'a PyTorch run']);
    if (b.ok) expect(b.weights.residual).toEqual(w.residual);
  });

  it('linear residuals without bias round-trip too', () => {
    const { spec, w, ex } = setup({ residual: 'linear', bias: false, d: 3, embedding: 'random' });
    const r = importWeights(JSON.stringify(asResult(ex)), spec, new Float64Array(spec.d * spec.inputDim));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.weights.residual).toEqual(w.residual);
      expect(r.weights.embed).toEqual(w.embed);
    }
  });

  it('names the tensor and both shapes when they do not match the config', () => {
    const wide = setup({ width: 5 });
    const { spec, w } = setup();
    const r = importWeights(JSON.stringify(asResult(wide.ex)), spec, w.embed);
    expect(r).toEqual({
      ok: false,
      message: 'sets[0].W has shape [5][2], but this config needs [3][2]',
    });
    const deep = setup({ depth: 6 });
    expect(importWeights(JSON.stringify(deep.ex), spec, w.embed)).toMatchObject({
      ok: false,
      message: 'sets has 7 parameter sets, but this config needs 5',
    });
    const { ex } = setup();
    const bad = structuredClone(asResult(ex));
    bad.final.weights.readout.R = [[1, 2]];
    expect(importWeights(JSON.stringify(bad), spec, w.embed)).toMatchObject({
      message: 'readout.R has shape [1][2], but this config needs [2][2]',
    });
  });

  it('refuses non-numbers, ragged arrays, missing or extra tensors and other files', () => {
    const { spec, w, ex } = setup();
    const edit = (f: (r: ReturnType<typeof asResult>) => void) => {
      const r = structuredClone(asResult(ex));
      f(r);
      return importWeights(JSON.stringify(r), spec, w.embed);
    };
    expect(
      edit(
        (r) =>
          ((r.final.weights.sets[2] as { V: unknown }).V = [
            [1, null, 3],
            [1, 2, 3],
          ]),
      ),
    ).toMatchObject({
      message: 'sets[2].V holds null (a NaN or infinite value?)',
    });
    expect(
      edit((r) => ((r.final.weights.sets[1] as { W: unknown }).W = [[1, 2], [3], [4, 5]])),
    ).toMatchObject({
      message: 'sets[1].W is ragged (rows of shape [2] and [1])',
    });
    expect(edit((r) => delete (r.final.weights.sets[0] as { b?: unknown }).b)).toMatchObject({
      message: 'sets[0].b is missing (this config needs [3])',
    });
    expect(edit((r) => ((r.final.weights.sets[0] as { theta?: unknown }).theta = [[1]]))).toMatchObject({
      message: "sets[0] has theta, which this config's residual does not have",
    });
    expect(edit((r) => ((r.final.weights as { embedding: unknown }).embedding = [[1, 0, 0]]))).toMatchObject({
      message: 'embedding has shape [1][3], but this config needs [2][2]',
    });
    expect(edit((r) => (r.final.step = 1e300))).toMatchObject({
      message: 'the step must be a whole number in [0, 1000000000] (got 1e+300)',
    });
    expect(edit((r) => (r.final.step = 2.5))).toMatchObject({ ok: false });
    expect(importWeights('{"format":"ode-lens-experiment"}', spec, w.embed)).toMatchObject({ ok: false });
    expect(importWeights('not json', spec, w.embed)).toMatchObject({ ok: false });
  });
});

describe('runner flags', () => {
  it('--pytorch and --weights FILE parse; --weights needs a file', () => {
    const r = parseArgs(['--link', '#v=2', '--out', 'd', '--pytorch', '--weights', 'w.json']);
    expect(r.ok && [r.options.pytorch, r.options.weights]).toEqual([true, 'w.json']);
    const plain = parseArgs(['--link', '#v=2', '--out', 'd']);
    expect(plain.ok && [plain.options.pytorch, plain.options.weights]).toEqual([false, null]);
    const bad = parseArgs(['--link', '#v=2', '--out', 'd', '--weights', '--pytorch']);
    expect(!bad.ok && bad.message).toMatch(/^--weights needs a file/);
  });
});
