// Weights trained elsewhere, back into the tool: the `final.weights` of a result.json (written by the exported
// PyTorch program or by the runner) or the `initial` weights of an export's experiment.json. Every tensor is
// checked against the config's shapes; a mismatch names the tensor and both shapes, and nothing is loaded.
import type { NetSpec, Weights } from '../../core/params';
import { MAX_STEP } from '../../core/training-state'; // the one step limit files and engines share
import { residualKind } from '../../residuals';
import { PYTORCH_FORMAT } from './bundle';

export type WeightsImport =
  | { ok: true; weights: Weights; step: number; source: string }
  | { ok: false; message: string };

/** Shape of a regular nested array of finite numbers, or why it is not one. */
function shapeOf(v: unknown): number[] | string {
  if (typeof v === 'number') return Number.isFinite(v) ? [] : `holds a non-finite number (${v})`;
  if (v === null) return 'holds null (a NaN or infinite value?)';
  if (!Array.isArray(v)) return `holds ${typeof v}, not numbers`;
  if (v.length === 0) return [0];
  let inner: number[] | null = null;
  for (const e of v) {
    const s = shapeOf(e);
    if (typeof s === 'string') return s;
    if (inner && (s.length !== inner.length || s.some((x, i) => x !== inner![i])))
      return `is ragged (rows of shape ${fmt(inner)} and ${fmt(s)})`;
    inner = s;
  }
  return [v.length, ...(inner ?? [])];
}

const fmt = (s: number[]) => (s.length ? s.map((x) => `[${x}]`).join('') : 'a scalar');

/** The tensors of one parameter set and their expected shapes (the kind's layout, src/residuals). */
function setShapes(spec: NetSpec): [string, number[]][] {
  return residualKind(spec.residual)
    .layout({ d: spec.d, M: spec.M, bias: spec.bias })
    .blocks.map((b) => [b.name, b.vector ? [b.rows] : [b.rows, b.cols]]);
}

class ShapeError extends Error {}

function take(name: string, v: unknown, expected: number[], out: Float64Array, offset: number): void {
  const got = shapeOf(v);
  if (typeof got === 'string') throw new ShapeError(`${name} ${got}`);
  if (got.length !== expected.length || got.some((x, i) => x !== expected[i]))
    throw new ShapeError(`${name} has shape ${fmt(got)}, but this config needs ${fmt(expected)}`);
  const flat = (expected.length === 0 ? [v] : (v as unknown[]).flat(expected.length)) as number[];
  out.set(flat, offset);
}

interface WeightsJson {
  sets?: unknown;
  readout?: { R?: unknown; r?: unknown };
  embedding?: unknown;
}

/** Parse a weights file for the network `spec`. `embed` is the config's embedding, used when the file has none. */
export function importWeights(text: string, spec: NetSpec, embed: Float64Array): WeightsImport {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `not JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  let w: WeightsJson | undefined;
  let step: number;
  let source: string;
  const f = raw && typeof raw === 'object' ? raw : {};
  if (f.format === 'ode-lens-result') {
    const fin = f.final as { weights?: WeightsJson; step?: unknown } | undefined;
    const training = f.training as { steps?: unknown } | undefined;
    w = fin?.weights;
    step = Number(fin?.step ?? training?.steps ?? 0);
    const producer = f.producer as { format?: unknown } | undefined;
    source = producer?.format === PYTORCH_FORMAT ? 'a PyTorch run' : 'a runner result';
  } else if (f.format === PYTORCH_FORMAT) {
    const init = f.initial as (WeightsJson & { step?: unknown }) | undefined;
    w = init;
    step = Number(init?.step ?? 0);
    source = 'a PyTorch export';
  } else {
    return {
      ok: false,
      message: `not a weights file: expected format "ode-lens-result" (a result.json) or "${PYTORCH_FORMAT}" (an export's experiment.json), got ${JSON.stringify(f.format ?? null)}`,
    };
  }
  if (!w || typeof w !== 'object') return { ok: false, message: 'the file holds no weights' };
  // the step decides the batch schedule from here on: a whole number the counters hold exactly
  if (!Number.isSafeInteger(step) || step < 0 || step > MAX_STEP)
    return {
      ok: false,
      message: `the step must be a whole number in [0, ${MAX_STEP}] (got ${String(step)})`,
    };
  const { P, setSize, d, outputDim: K, inputDim } = spec;
  const residual = new Float64Array(P * setSize);
  const readoutW = new Float64Array(K * d);
  const readoutB = new Float64Array(K);
  let embedding = embed.slice();
  try {
    const sets = w.sets;
    if (!Array.isArray(sets))
      throw new ShapeError('sets is missing (one entry per parameter set θ_0..θ_{P−1})');
    if (sets.length !== P)
      throw new ShapeError(`sets has ${sets.length} parameter sets, but this config needs ${P}`);
    const names = setShapes(spec);
    sets.forEach((s: Record<string, unknown>, n) => {
      if (!s || typeof s !== 'object') throw new ShapeError(`sets[${n}] is not an object`);
      const extra = Object.keys(s).filter((k) => !['n', 's', ...names.map(([k2]) => k2)].includes(k));
      if (extra.length)
        throw new ShapeError(
          `sets[${n}] has ${extra.join(', ')}, which this config's residual does not have`,
        );
      let off = n * setSize;
      for (const [k, shape] of names) {
        if (!(k in s)) throw new ShapeError(`sets[${n}].${k} is missing (this config needs ${fmt(shape)})`);
        take(`sets[${n}].${k}`, s[k], shape, residual, off);
        off += shape.reduce((a, b) => a * b, 1);
      }
    });
    take('readout.R', w.readout?.R, [K, d], readoutW, 0);
    take('readout.r', w.readout?.r, [K], readoutB, 0);
    if (w.embedding !== undefined) {
      embedding = new Float64Array(d * inputDim);
      take('embedding', w.embedding, [d, inputDim], embedding, 0);
    }
  } catch (e) {
    if (e instanceof ShapeError) return { ok: false, message: e.message };
    throw e;
  }
  return { ok: true, weights: { residual, readoutW, readoutB, embed: embedding }, step, source };
}
