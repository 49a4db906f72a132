// Agreement between two result.json files (the runner's and the exported PyTorch program's): every loss,
// evaluation and diagnostic both hold, and the final weights. The error of a pair (a, b) is
// |a − b| / max(|a|, |b|, floor): relative, except for values that are round-off themselves (a
// reconstruction error of 1e-17, an adjoint error of an exact reverse), where `floor` makes it absolute.

export interface Agreement {
  /** Largest error over every compared number. */
  maxError: number;
  /** Where it is, e.g. "diagnostics[2].reconError[5]". */
  where: string;
  /** How many numbers were compared. */
  count: number;
  /** Fields one side has and the other lacks (or null where the other has a number). */
  mismatches: string[];
}

export const DEFAULT_FLOOR = 1e-12;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function walk(a: Json, b: Json, path: string, floor: number, acc: Agreement): void {
  if (typeof a === 'number' && typeof b === 'number') {
    const e = Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), floor);
    acc.count++;
    if (!(e <= acc.maxError)) {
      acc.maxError = Number.isNaN(e) ? Number.POSITIVE_INFINITY : e;
      acc.where = path;
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) acc.mismatches.push(`${path}: length ${a.length} vs ${b.length}`);
    for (let i = 0; i < Math.min(a.length, b.length); i++) walk(a[i], b[i], `${path}[${i}]`, floor, acc);
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    for (const k of Object.keys(a)) {
      if (k in b) walk(a[k], b[k], path ? `${path}.${k}` : k, floor, acc);
      else acc.mismatches.push(`${path}.${k}: missing on the right`);
    }
    return;
  }
  if (a !== b) acc.mismatches.push(`${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
}

/** What of result.json is compared: the numbers both programs compute from the same definitions. */
function comparable(r: Record<string, unknown>): Json {
  const training = r.training as { losses: Json; evaluations: Json };
  const summary = r.summary as Record<string, Json>;
  const final = r.final as { weights: { sets: Json; readout: Json } };
  return {
    losses: training.losses,
    evaluations: training.evaluations,
    diagnostics: r.diagnostics as Json,
    summary: {
      trainLoss: summary.trainLoss,
      testLoss: summary.testLoss,
      trainAcc: summary.trainAcc,
      testAcc: summary.testAcc,
      gradErrorGlobal: summary.gradErrorGlobal,
      depthSmoothness: summary.depthSmoothness,
      weightChange: summary.weightChange,
    },
    weights: { sets: final.weights.sets, readout: final.weights.readout },
  };
}

export function compareResults(
  tool: Record<string, unknown>,
  pytorch: Record<string, unknown>,
  floor = DEFAULT_FLOOR,
): Agreement {
  const acc: Agreement = { maxError: 0, where: '', count: 0, mismatches: [] };
  walk(comparable(tool), comparable(pytorch), '', floor, acc);
  return acc;
}
