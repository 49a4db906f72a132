// Config fields that only kinds with a hidden layer read: their ranges (spread into config.ts's schema in the
// link-parameter order), defaults and controls. A kind lists the paths it reads in `fields`; the controls show a
// field only for the kinds that list it.
import { ACTIVATIONS } from '../core/activations';
import { intIn, numIn, oneOf } from '../core/schema';
import type { FieldControl } from './types';

export const MAX_WIDTH = 1024;
/** Inner scale c in f(h) = V σ(c·W h + b). */
export const INNER_SCALES = ['1', '1/sqrt(d)', '1/d'] as const;

/** model.* fields of hidden-layer kinds, in link order (after model.bias). */
export const HIDDEN_MODEL_SHAPE = {
  /** Hidden width M (MLP residuals). */
  width: intIn(1, MAX_WIDTH),
  activation: oneOf(ACTIVATIONS),
  innerScale: oneOf(INNER_SCALES),
};

/** init.* fields of hidden-layer kinds, in link order (after init.std). */
export const HIDDEN_INIT_SHAPE = {
  /** Std of V entries (MLP). */
  stdV: numIn(0, 100),
};

export const HIDDEN_MODEL_DEFAULTS = { width: 16, activation: 'tanh', innerScale: '1' } as const;
export const HIDDEN_INIT_DEFAULTS = { stdV: 0.5 } as const;

export const HIDDEN_CONTROLS: readonly FieldControl[] = [
  {
    path: 'model.width',
    label: 'Hidden width',
    symbol: 'M',
    kind: 'int',
    help: 'Width M of the residual MLP, 1–1024. Marion et al. study the mean-ODE limit as M and N grow together.',
  },
  {
    path: 'model.activation',
    label: 'Activation',
    symbol: 'σ',
    kind: 'select',
    options: ACTIVATIONS,
    help: 'Non-linearity σ of the residual MLP. Smooth σ (tanh, gelu) keeps f Lipschitz-smooth in x, which the adjoint error bound needs.',
  },
  {
    path: 'model.innerScale',
    label: 'Inner scale',
    symbol: 'c',
    kind: 'select',
    options: INNER_SCALES,
    help: 'Scale c in f(x) = V σ(c·W x + b): 1, 1/√d or 1/d.',
  },
];

/** Paths read only by hidden-layer kinds (init.stdV's control stays with the init group). */
export const HIDDEN_FIELDS: readonly string[] = [...HIDDEN_CONTROLS.map((f) => f.path), 'init.stdV'];
