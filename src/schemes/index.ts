// The scheme registry: adding a scheme is one module and one line here. Order = the order of the model.scheme
// options.
import type { Ids } from '../residuals';
import { euler } from './euler';
import { heun } from './heun';
import { midpoint } from './midpoint';
import { rk4 } from './rk4';
import type { Scheme, SchemeInfo } from './types';

const SCHEME_DEFS = [euler, heun, midpoint, rk4] as const;

export type SchemeId = (typeof SCHEME_DEFS)[number]['id'];

/** The ids, as the non-empty tuple zod's enum needs (link values of model.scheme). */
export const SCHEME_IDS = SCHEME_DEFS.map((s) => s.id) as unknown as Ids<typeof SCHEME_DEFS>;

/** The facts engines need, derived from the tableau (checked by schemes.test.ts). */
export function describeScheme<Id extends string>(s: Scheme<Id>): SchemeInfo<Id> {
  const { a, b, w } = s.tableau;
  const stages = b.length;
  if (a.length !== stages || w.length !== stages || a.some((row, i) => row.length !== i))
    throw new Error(
      `scheme ${s.id}: the tableau needs ${stages} rows a[i] of length i and ${stages} positions w`,
    );
  const reverseW = s.reverseW ?? w.map((x) => 1 - x);
  const all = [...w, ...reverseW];
  const p = s.order;
  return {
    ...s,
    stages,
    reverseW,
    usesNext: all.some((x) => x > 0),
    nextGrad: w.includes(1),
    mix: all.some((x) => x > 0 && x < 1),
    // forward-then-reverse cancels the leading local error of an even-order scheme, one order more (the
    // derivation: schemes.test.ts, above the rates test)
    reconRate: p % 2 === 0 ? -(p + 1) : -p,
    odeRate: -p,
  };
}

export const SCHEMES_INFO = SCHEME_DEFS.map(describeScheme) as readonly SchemeInfo<SchemeId>[];

const BY_ID = new Map<string, SchemeInfo>(SCHEMES_INFO.map((s) => [s.id, s]));

/** The scheme of an id from a config or NetSpec (validated data); throws a clear error for an unknown one. */
export function scheme(id: string): SchemeInfo {
  const s = BY_ID.get(id);
  if (!s) throw new RangeError(`unknown scheme '${id}' (known: ${SCHEME_IDS.join(', ')})`);
  return s;
}

export type { Scheme, SchemeInfo, Tableau } from './types';
