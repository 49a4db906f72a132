// Pins as JSON (localStorage and experiment files) and back. Writing is JSON.stringify (NaN, a value not
// measured, becomes null); reading checks everything, so a bad pin is rejected with a message that names it and
// what is wrong, and nothing is half-read.
import { z } from 'zod';
import { parseConfig } from '../core/config';
import { MAX_PINS, type Pin } from './pin';

/** Characters of JSON the pins may take (localStorage gives a page about 5 MB; pins share it). */
export const MAX_PINS_CHARS = 1_500_000;

const num = z
  .number()
  .nullable()
  .transform((v) => v ?? Number.NaN);
const step = z.number().int().min(0);
const finiteArray = z.array(z.number().refine(Number.isFinite, 'must be a finite number'));

const curves = z.object({
  losses: z.array(z.object({ step, loss: num, acc: num })).max(10_000),
  evals: z.array(z.object({ step, trainLoss: num, testLoss: num, trainAcc: num, testAcc: num })).max(10_000),
  gradErrors: z.array(z.object({ step, value: num })).max(10_000),
});

const final = z.object({
  step,
  loss: num,
  trainLoss: num,
  testLoss: num,
  gradError: num,
  trainAcc: num,
  testAcc: num,
});

const snapshot = z
  .object({
    step,
    mode: z.enum(['line', 'plane']),
    d: z.number().int().min(1),
    s: finiteArray.max(1000),
    F: z.number().int().min(0).max(256),
    xy: z.array(num).max(1_000_000),
    colors: z.array(z.string().max(40)),
    grid: z
      .object({
        nx: z.number().int().min(1).max(400),
        ny: z.number().int().min(1).max(400),
        x0: z.number(),
        x1: z.number(),
        y0: z.number(),
        y1: z.number(),
        kind: z.enum(['probability', 'class', 'value']),
        values: z.array(num),
      })
      .refine((g) => g.values.length === g.nx * g.ny, 'grid.values must have nx·ny entries')
      .nullable(),
    norms: z
      .object({
        rows: z.number().int().min(1).max(10_000),
        cols: z.number().int().min(1).max(10_000),
        values: z.array(num),
        blocks: z.array(z.object({ label: z.string().max(80), count: z.number().int().min(1) })),
      })
      .refine((m) => m.values.length === m.rows * m.cols, 'norms.values must have rows·cols entries')
      .refine((m) => m.blocks.reduce((a, b) => a + b.count, 0) === m.cols, 'norms.blocks must add up to cols')
      .nullable(),
  })
  .refine((p) => p.xy.length === p.s.length * p.F * 2, 'xy must have 2 numbers per layer and input')
  .refine((p) => p.colors.length === p.F, 'colors must have one colour per input');

const sweep = z.object({
  kind: z.string().max(40),
  metric: z.string().max(40),
  xLabel: z.string().max(200),
  yLabel: z.string().max(200),
  series: z
    .array(
      z.object({
        id: z.string().max(80),
        label: z.string().max(200),
        points: z.array(z.object({ x: z.number(), y: num })).max(1000),
      }),
    )
    .max(40),
});

const pinSchema = z.object({
  id: z.string().min(1).max(40),
  label: z.string().max(80),
  at: z.number(),
  config: z.unknown(),
  curves,
  final,
  snapshot: snapshot.nullable(),
  sweep: sweep.optional(),
});

export type PinsRead = { ok: true; pins: Pin[] } | { ok: false; message: string };

/** Pins from parsed JSON (an experiment file's `pins`, or localStorage), every field checked. */
export function readPins(raw: unknown): PinsRead {
  if (!Array.isArray(raw)) return { ok: false, message: 'pins must be a list' };
  if (raw.length > MAX_PINS)
    return { ok: false, message: `${raw.length} pins, at most ${MAX_PINS} can be kept` };
  const pins: Pin[] = [];
  for (const [i, item] of raw.entries()) {
    const name = `pin ${i + 1}${item && typeof item.label === 'string' ? ` ("${item.label.slice(0, 40)}")` : ''}`;
    const r = pinSchema.safeParse(item);
    if (!r.success) {
      const issue = r.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
      return { ok: false, message: `${name}: ${where}${issue?.message ?? 'invalid'}` };
    }
    const c = parseConfig(r.data.config);
    if (!c.ok)
      return {
        ok: false,
        message: `${name}: invalid config: ${c.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
      };
    if (pins.some((p) => p.id === r.data.id)) return { ok: false, message: `${name}: its id is used twice` };
    pins.push({ ...r.data, config: c.config } as Pin);
  }
  return { ok: true, pins };
}

/** Pins as JSON text (NaN → null). */
export function pinsJson(pins: readonly Pin[]): string {
  return JSON.stringify(pins);
}

/** Why these pins cannot be kept (too large), or null. */
export function pinsTooLarge(pins: readonly Pin[]): string | null {
  const n = pinsJson(pins).length;
  return n > MAX_PINS_CHARS
    ? `The pinned runs would take ${(n / 1e6).toFixed(1)} MB, more than the ${(MAX_PINS_CHARS / 1e6).toFixed(1)} MB kept for them: unpin one first.`
    : null;
}
