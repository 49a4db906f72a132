// Lists of depths and widths typed by the user.

/** Depths and widths a sweep accepts, and how many points at most (one backend each). */
export const MAX_SWEEP_VALUES = 24;

export const uniqueSorted = (v: readonly number[]) => [...new Set(v)].sort((a, b) => a - b);

export type ListParse = { ok: true; values: number[] } | { ok: false; message: string };

/** Parse "4, 8, 16 32" (commas and/or spaces) into sorted unique integers in [min, max]. */
export function parseIntList(text: string, min: number, max: number, what = 'values'): ListParse {
  const parts = text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 0) return { ok: false, message: `Enter ${what}, e.g. "4, 8, 16, 32".` };
  const values: number[] = [];
  for (const p of parts) {
    if (!/^\d+$/.test(p)) return { ok: false, message: `"${p}" is not a whole number.` };
    const v = Number(p);
    if (v < min || v > max) return { ok: false, message: `${v} is outside [${min}, ${max}].` };
    values.push(v);
  }
  const out = uniqueSorted(values);
  if (out.length > MAX_SWEEP_VALUES) return { ok: false, message: `At most ${MAX_SWEEP_VALUES} ${what}.` };
  return { ok: true, values: out };
}

/** from, from·r, from·r², … ≤ to (rounded, unique): a geometric range for log-log axes. */
export function geometricRange(from: number, to: number, ratio: number): number[] {
  const out: number[] = [];
  if (!(from >= 1) || !(to >= from) || !(ratio > 1)) return [Math.max(1, Math.round(from))];
  // a value that rounds to `to` is in (the list a range gave, read back as from…to, rebuilds it: rangeOf)
  for (let v = from; Math.round(v) <= to && out.length < MAX_SWEEP_VALUES; v *= ratio)
    out.push(Math.round(v));
  return uniqueSorted(out);
}

/** The range ratios the range builder offers. */
export const RANGE_RATIOS = [2, Math.SQRT2, 4] as const;

/**
 * The range builder's fields for a depth list: its first and last value and the offered ratio that rebuilds it
 * (×2 when none does), so the fields agree with the listed depths.
 */
export function rangeOf(values: readonly number[]): { from: number; to: number; ratio: number } {
  if (values.length === 0) return { from: 4, to: 256, ratio: 2 };
  const from = Math.min(...values);
  const to = Math.max(...values);
  const sorted = uniqueSorted([...values]);
  const ratio =
    RANGE_RATIOS.find((r) => {
      const g = geometricRange(from, to, r);
      return g.length === sorted.length && g.every((v, i) => v === sorted[i]);
    }) ?? 2;
  return { from, to, ratio };
}
