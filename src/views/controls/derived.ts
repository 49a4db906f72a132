// Facts that follow from the model settings, shown next to the model controls so the conventions are explicit.
import {
  depthLayout,
  type ExperimentConfig,
  effectiveBatch,
  paramSetSize,
  residualLrMultiplier,
  residualScale,
} from '../../core/config';

export interface DerivedFacts {
  /** Residual steps S. */
  steps: number;
  /** Parameter sets P = S + 1. */
  paramSets: number;
  /** Sets the forward pass uses (Euler: S, Heun: S + 1). */
  usedSets: number;
  /** Residual scale h. */
  h: number;
  /** Floats per parameter set. */
  setSize: number;
  /** P · setSize. */
  residualParams: number;
  /** Effective batch. */
  batch: number;
  /** Learning-rate multiplier of the residual weights. */
  lrMult: number;
}

export function derivedFacts(c: ExperimentConfig): DerivedFacts {
  const { steps, paramSets, usedSets } = depthLayout(c.model);
  const setSize = paramSetSize(c.model);
  return {
    steps,
    paramSets,
    usedSets,
    h: residualScale(c.model),
    setSize,
    residualParams: paramSets * setSize,
    batch: effectiveBatch(c),
    lrMult: residualLrMultiplier(c),
  };
}

const SUB = '₀₁₂₃₄₅₆₇₈₉';

/** θ with a subscript index, e.g. θ₁₅. */
export function theta(n: number): string {
  return `θ${String(n).replace(/\d/g, (c) => SUB[Number(c)])}`;
}

/** Which θ's the network uses, in words: "θ₀ … θ₃₁; θ₃₂ only shapes the ODE" etc. */
export function usedSetsText(f: DerivedFacts): string {
  return f.usedSets === f.paramSets
    ? `all ${f.paramSets} (${theta(0)} … ${theta(f.paramSets - 1)})`
    : `${theta(0)} … ${theta(f.usedSets - 1)}; ${theta(f.paramSets - 1)} only shapes the ODE`;
}
