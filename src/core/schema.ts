// Leaf schemas of the config with messages that name the allowed range (the field name is added from the issue
// path). Their own module so that the registries (residual kinds declare their fields) and config.ts share them
// without an import cycle.
import { z } from 'zod';

export function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  return Array.isArray(v) ? 'an array' : typeof v;
}

const fmt = (x: number) => (Number.isInteger(x) || Math.abs(x) >= 1e-3 ? String(x) : x.toExponential());

/** An integer in [min, max]. */
export function intIn(min: number, max: number) {
  const error = (iss: { input?: unknown }) =>
    `must be an integer in [${fmt(min)}, ${fmt(max)}] (got ${show(iss.input)})`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

/** A finite number in [min, max] (or (min, max] when `openMin`). zod 4 numbers reject NaN and ±Infinity. */
export function numIn(min: number, max: number, openMin = false) {
  const range = `${openMin ? '(' : '['}${fmt(min)}, ${fmt(max)}]`;
  const error = (iss: { input?: unknown }) => `must be a number in ${range} (got ${show(iss.input)})`;
  const n = z.number({ error });
  return (openMin ? n.gt(min, { error }) : n.min(min, { error })).max(max, { error });
}

/** One of a fixed list of strings. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  const error = (iss: { input?: unknown }) =>
    `must be one of ${values.map((v) => `'${v}'`).join(', ')} (got ${show(iss.input)})`;
  return z.enum(values, { error });
}

export const bool = () =>
  z.boolean({ error: (iss: { input?: unknown }) => `must be true or false (got ${show(iss.input)})` });
