// The views of an experiment file, option by option: a valid value is kept, an invalid or missing one becomes
// the default and is named in a note (the file opens, and the user is told what changed).
import type { z } from 'zod';
import { viewsSchema } from '../link/views-schema';
import { defaultViews, type ViewsState } from '../state/experiment';

const show = (v: unknown) => {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 40 ? `${s.slice(0, 37)}…` : s;
};

/** Options added after files were first written: a file without them is not missing anything. */
const ADDED_LATER = new Set(['views.sweep.schemes', 'views.large', 'views.present', 'views.embed']);

function check(schema: z.ZodType, value: unknown, fallback: unknown, path: string, notes: string[]): unknown {
  if (value === undefined) {
    if (!ADDED_LATER.has(path)) notes.push(`${path} missing → ${show(fallback)}`);
    return fallback;
  }
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  notes.push(`${path} = ${show(value)} (${r.error.issues[0]?.message ?? 'invalid'}) → ${show(fallback)}`);
  return fallback;
}

/** The file's views, every option validated; `replaced` lists each one that was not usable and what it became. */
export function fileViews(raw: unknown): { views: ViewsState; replaced: string[] } {
  const replaced: string[] = [];
  const def = defaultViews() as unknown as Record<string, unknown>;
  if (raw === undefined || raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    replaced.push(`views = ${show(raw)} (not an object) → the defaults`);
    return { views: defaultViews(), replaced };
  }
  const src = raw as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(viewsSchema.shape) as [string, z.ZodType][]) {
    const sub = (schema as unknown as { shape?: Record<string, z.ZodType> }).shape;
    if (!sub) {
      out[key] = check(schema, src[key], def[key], `views.${key}`, replaced);
      continue;
    }
    const given = src[key];
    const defs = def[key] as Record<string, unknown>;
    if (given === undefined || given === null || typeof given !== 'object' || Array.isArray(given)) {
      if (given !== undefined) replaced.push(`views.${key} = ${show(given)} (not an object) → the defaults`);
      else replaced.push(`views.${key} missing → the defaults`);
      out[key] = defs;
      continue;
    }
    const g = given as Record<string, unknown>;
    out[key] = Object.fromEntries(
      Object.entries(sub).map(([k, s]) => [k, check(s, g[k], defs[k], `views.${key}.${k}`, replaced)]),
    );
  }
  return { views: out as unknown as ViewsState, replaced };
}
