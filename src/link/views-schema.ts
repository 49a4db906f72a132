// Validation of the views part of a link (and of experiment files): assembled from the view registry, so the
// views state, its defaults and its link schema are declared once (src/views/*/view.ts).
import { z } from 'zod';
import { numIn, oneOf } from '../core/config';
import { MAX_LARGE, VIEW_IDS, VIEWS } from '../views/registry';

const options = Object.fromEntries(VIEWS.flatMap((v) => (v.options ? [[v.id, v.options]] : []))) as {
  [V in (typeof VIEWS)[number] as V['options'] extends z.ZodObject ? V['id'] : never]: Exclude<
    V['options'],
    null
  >;
};

export const viewsSchema = z.object({
  open: z
    .array(oneOf(VIEW_IDS), { error: `must be a comma-separated list of ${VIEW_IDS.join(', ')}` })
    .max(VIEW_IDS.length)
    .refine((a) => new Set(a).size === a.length, { error: 'lists a view twice' }),
  ...options,
  speed: numIn(0.25, 16),
  large: z
    .array(oneOf(VIEW_IDS), { error: `must be a comma-separated list of ${VIEW_IDS.join(', ')}` })
    .max(MAX_LARGE, { error: `at most ${MAX_LARGE} views are shown large` })
    .refine((a) => new Set(a).size === a.length, { error: 'lists a view twice' }),
  present: z.boolean({ error: 'must be 0 or 1' }),
  embed: z.boolean({ error: 'must be 0 or 1' }),
});
