// What a sweep needs to know about a scheme: the network's name, the method's name and its order, from the scheme
// registry (src/schemes).
import type { Scheme } from '../core/config';
import { scheme } from '../schemes';

export interface SchemeFacts {
  id: Scheme;
  /** 'ResNet', 'HeunNet': the network the scheme makes. */
  netName: string;
  /** 'Euler', 'Heun': the method, as in "reverse Euler". */
  method: string;
  /** Order p of the forward step. */
  order: number;
  /** Expected slope in N of the reverse-pass errors with smooth weights: −p, or −(p + 1) for even p. */
  reconRate: number;
  /** Expected slope in N of the forward errors (distance to the ODE, to a deeper net): −p. */
  odeRate: number;
}

export function schemeFacts(id: Scheme): SchemeFacts {
  const s = scheme(id);
  return {
    id,
    netName: s.netName,
    method: s.name,
    order: s.order,
    reconRate: s.reconRate,
    odeRate: s.odeRate,
  };
}

/** The schemes a comparison sweep runs by default (views.sweep.schemes), in order. */
export const COMPARED_SCHEMES: readonly Scheme[] = ['euler', 'heun'];
