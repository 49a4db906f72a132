// What a sweep needs to know about a scheme: the network's name, the method's name and its order. Local until the
// scheme registry exists; then these facts come from it.
import type { Scheme } from '../core/config';

export interface SchemeFacts {
  id: Scheme;
  /** 'ResNet', 'HeunNet': the network the scheme makes. */
  netName: string;
  /** 'Euler', 'Heun': the method, as in "reverse Euler". */
  method: string;
  /** Order p of the forward step. */
  order: number;
}

const FACTS: Record<Scheme, SchemeFacts> = {
  euler: { id: 'euler', netName: 'ResNet', method: 'Euler', order: 1 },
  heun: { id: 'heun', netName: 'HeunNet', method: 'Heun', order: 2 },
};

export const schemeFacts = (id: Scheme): SchemeFacts => FACTS[id];

/** The schemes a comparison sweep runs by default (views.sweep.schemes), in order. */
export const COMPARED_SCHEMES: readonly Scheme[] = ['euler', 'heun'];
