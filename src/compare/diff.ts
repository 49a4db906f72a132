// What differs between two runs, in words: the config fields (with the controls' labels and option names,
// src/views/controls/fields.ts) and the final numbers; and a pin's default label from its differences.
import type { ExperimentConfig } from '../core/config';
import { formatNumber } from '../views/common/format';
import { ALL_FIELDS, type FieldSpec, fieldApplies } from '../views/controls/fields';
import type { PinFinal } from './pin';

export interface ConfigDifference {
  path: string;
  /** The control's label and symbol, e.g. 'Depth (N)'. */
  label: string;
  a: string;
  b: string;
}

const FIELDS = new Map(ALL_FIELDS.map((f) => [f.path, f]));
/** Leaves that are not controls. */
const OTHER_LABELS: Record<string, string> = { seed: 'Seed', 'data.points': 'Custom points' };
const SKIP = new Set(['version']);

/** Every leaf of a config as dotted path → value (arrays are leaves). */
function leaves(o: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (o && typeof o === 'object' && !Array.isArray(o))
    for (const [k, v] of Object.entries(o)) leaves(v, prefix ? `${prefix}.${k}` : k, out);
  else out.set(prefix, o);
  return out;
}

function showValue(f: FieldSpec | undefined, path: string, v: unknown): string {
  if (v === undefined) return '—';
  if (path === 'data.points' && Array.isArray(v)) return `${v.length} points`;
  if (f?.kind === 'checkbox') return v ? 'on' : 'off';
  if (typeof v === 'string') return f?.optionLabels?.[v] ?? v;
  if (typeof v === 'number') return String(v);
  return JSON.stringify(v);
}

function labelOf(f: FieldSpec | undefined, path: string): string {
  if (!f) return OTHER_LABELS[path] ?? path;
  return f.symbol ? `${f.label} (${f.symbol})` : f.label;
}

/** The fields that differ between a and b (in the controls' order; fields that apply to neither are left out). */
export function configDiff(a: ExperimentConfig, b: ExperimentConfig): ConfigDifference[] {
  const la = leaves(a);
  const lb = leaves(b);
  const order = [...ALL_FIELDS.map((f) => f.path), ...new Set([...la.keys(), ...lb.keys()])];
  const out: ConfigDifference[] = [];
  for (const path of new Set(order)) {
    if (SKIP.has(path) || (!la.has(path) && !lb.has(path))) continue;
    const va = la.get(path);
    const vb = lb.get(path);
    if (JSON.stringify(va) === JSON.stringify(vb)) continue;
    const f = FIELDS.get(path);
    if (f && !fieldApplies(f, a) && !fieldApplies(f, b)) continue;
    out.push({ path, label: labelOf(f, path), a: showValue(f, path, va), b: showValue(f, path, vb) });
  }
  return out;
}

/** A short name for one difference: 'N = 16' for a field with a symbol, the option for a choice ('adjoint'). */
function shortName(path: string, v: unknown): string {
  const f = FIELDS.get(path);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return `${f?.label.toLowerCase() ?? path} ${v ? 'on' : 'off'}`;
  if (path === 'data.points' && Array.isArray(v)) return `${v.length} custom points`;
  return `${f?.symbol ?? f?.label.toLowerCase() ?? OTHER_LABELS[path]?.toLowerCase() ?? path} = ${String(v)}`;
}

/** A pin's default label: what sets `config` apart from `reference` (two differences at most), else `fallback`. */
export function defaultLabel(
  config: ExperimentConfig,
  reference: ExperimentConfig,
  fallback: string,
): string {
  const diffs = configDiff(reference, config);
  if (!diffs.length) return fallback;
  const la = leaves(config);
  const names = diffs.slice(0, 2).map((d) => shortName(d.path, la.get(d.path)));
  return diffs.length > 2 ? `${names.join(', ')} …` : names.join(', ');
}

export interface FinalDelta {
  name: string;
  a: number;
  b: number;
  /** b − a as text ('' when either is missing), and b/a for positive quantities measured on a log scale. */
  delta: string;
}

const FINAL_ROWS: { key: keyof PinFinal; name: string; ratio: boolean }[] = [
  { key: 'step', name: 'Step', ratio: false },
  { key: 'trainLoss', name: 'Train loss', ratio: true },
  { key: 'testLoss', name: 'Test loss', ratio: true },
  { key: 'gradError', name: 'Adjoint gradient error', ratio: true },
  { key: 'trainAcc', name: 'Train accuracy', ratio: false },
  { key: 'testAcc', name: 'Test accuracy', ratio: false },
];

/** The final numbers of two runs side by side with b − a (and b / a for losses and errors). */
export function finalDeltas(a: PinFinal, b: PinFinal): FinalDelta[] {
  const out: FinalDelta[] = [];
  for (const r of FINAL_ROWS) {
    const va = a[r.key];
    const vb = b[r.key];
    if (!Number.isFinite(va) && !Number.isFinite(vb)) continue;
    let delta = '';
    if (Number.isFinite(va) && Number.isFinite(vb)) {
      const d = vb - va;
      delta = `${d > 0 ? '+' : d < 0 ? '−' : '±'}${formatNumber(Math.abs(d))}`;
      if (r.ratio && va > 0 && vb > 0) delta += ` (×${formatNumber(vb / va)})`;
    }
    out.push({ name: r.name, a: va, b: vb, delta });
  }
  return out;
}
