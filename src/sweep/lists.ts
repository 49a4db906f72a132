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
  for (let v = from; v <= to * (1 + 1e-9) && out.length < MAX_SWEEP_VALUES; v *= ratio)
    out.push(Math.round(v));
  return uniqueSorted(out);
}
