// Untying (Sander et al. 2022, Table 2 in miniature): the weights of a trained network of depth N copied into one
// of depth K·N, each parameter set θ_n repeated K times, with the residual scale h = 1/N becoming 1/(K·N). K Euler
// steps of h/K with θ_n approximate the one step of h (the error is O(h²) per step), so the deeper network starts
// from nearly the function the shallow one learned, every layer now free to move on its own (untied), and deep
// enough for the memory-free adjoint to give accurate gradients. A network whose layers are all equal (tied)
// stays exactly that: the same ODE with constant weights, discretised K times more finely. Pure functions.
import { type ExperimentConfig, parseConfig } from './config';
import type { NetSpec, Weights } from './params';

/** The largest factor offered (the deeper network must stay buildable; the config's limits check the rest). */
export const MAX_UNTIE_FACTOR = 16;

export type UntiedConfig = { ok: true; config: ExperimentConfig } | { ok: false; message: string };

/** The deeper config: depth × K, trained from here with the memory-free adjoint; everything else unchanged. */
export function untiedConfig(c: ExperimentConfig, K: number): UntiedConfig {
  if (!Number.isInteger(K) || K < 2 || K > MAX_UNTIE_FACTOR)
    return {
      ok: false,
      message: `the factor must be a whole number from 2 to ${MAX_UNTIE_FACTOR} (got ${K})`,
    };
  if (c.model.scale !== '1/N' && c.model.scale !== 'alpha/N')
    return {
      ok: false,
      message: `untying keeps the learned function only when the residual scale shrinks like 1/N (model.scale is '${c.model.scale}')`,
    };
  const r = parseConfig({
    ...c,
    model: { ...c.model, depth: c.model.depth * K },
    train: { ...c.train, gradMode: 'adjoint' },
  });
  if (!r.ok) return { ok: false, message: r.errors.map((e) => `${e.field}: ${e.message}`).join('; ') };
  return { ok: true, config: r.config };
}

/**
 * Weights of the network `to` (depth K·N) from those of `from` (depth N): set m of the deeper network is set
 * ⌊m/K⌋ of the shallow one (the last set, which only Heun and the ODE read, maps to the last); the embedding
 * and the read-out are copied. Throws when the two networks are not one architecture at depths N and K·N.
 */
export function untieWeights(from: NetSpec, w: Weights, to: NetSpec): Weights {
  const K = to.N / from.N;
  const same =
    from.residual === to.residual &&
    from.d === to.d &&
    from.M === to.M &&
    from.setSize === to.setSize &&
    from.inputDim === to.inputDim &&
    from.outputDim === to.outputDim &&
    from.scheme === to.scheme;
  if (!same) throw new Error('untying needs the same architecture (kind, d, width, data and scheme)');
  if (!Number.isInteger(K) || K < 1)
    throw new Error(`the deeper depth ${to.N} is not a multiple of ${from.N}`);
  if (Math.abs(to.h * K - from.h) > 1e-12 * Math.abs(from.h))
    throw new Error(`the residual scale must shrink by the factor ${K} (h = ${from.h} → ${to.h})`);
  if (w.residual.length !== from.P * from.setSize)
    throw new Error(
      `the weights hold ${w.residual.length} residual numbers, the network ${from.P * from.setSize}`,
    );
  const S = from.setSize;
  const residual = new Float64Array(to.P * S);
  for (let m = 0; m < to.P; m++) {
    const n = Math.min(Math.floor(m / K), from.P - 1);
    residual.set(w.residual.subarray(n * S, (n + 1) * S), m * S);
  }
  return {
    residual,
    embed: w.embed.slice(),
    readoutW: w.readoutW.slice(),
    readoutB: w.readoutB.slice(),
  };
}
