// The residual-kind registry: adding a kind is one module (+ its WGSL snippet) and one line here. Order = the
// order of the model.residual options.
import { linearS, mlpS } from './depth-input';
import { linear } from './linear';
import { mlp } from './mlp';
import type { ResidualKind } from './types';

export const RESIDUAL_KINDS = [linear, mlp, linearS, mlpS] as const;

export type ResidualId = (typeof RESIDUAL_KINDS)[number]['id'];

/** The ids, as the non-empty tuple zod's enum needs (link values of model.residual). */
export const RESIDUAL_IDS = RESIDUAL_KINDS.map((k) => k.id) as unknown as Ids<typeof RESIDUAL_KINDS>;

/** The tuple of ids of a tuple of entries (generic, so the mapped type keeps the tuple). */
export type Ids<T extends readonly { id: string }[]> = { readonly [I in keyof T]: T[I]['id'] };

const BY_ID = new Map<string, ResidualKind>(RESIDUAL_KINDS.map((k) => [k.id, k]));

/** The kind of an id from a config or NetSpec (validated data); throws a clear error for an unknown one. */
export function residualKind(id: string): ResidualKind {
  const k = BY_ID.get(id);
  if (!k) throw new RangeError(`unknown residual kind '${id}' (known: ${RESIDUAL_IDS.join(', ')})`);
  return k;
}

/** Hidden width M of a model: its width for kinds that have one, else 0. */
export function hiddenWidth(m: { residual: string; width: number }): number {
  return residualKind(m.residual).hasWidth ? m.width : 0;
}

/** Whether a config path (e.g. 'model.width') matters for a kind. */
export function kindReads(id: string, path: string): boolean {
  return residualKind(id).fields.includes(path);
}

export type { ResidualKind } from './types';
