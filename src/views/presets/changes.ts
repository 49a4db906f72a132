// What the current experiment changed from the open preset, field by field with the controls' labels, for the
// preset's explanation ("changed from the preset"). Pure: the explanation and its unit test share it.
import type { ExperimentConfig } from '../../core/config';
import { ALL_FIELDS, type FieldSpec } from '../controls/fields';

export interface PresetChange {
  /** Dotted config path, e.g. 'model.depth'. */
  path: string;
  /** The control's label, with its paper symbol when it has one (e.g. 'Depth N'). */
  label: string;
  /** The preset's value and the current one, as the controls show them. */
  from: string;
  to: string;
}

const SPECS = new Map<string, FieldSpec>(ALL_FIELDS.map((f) => [f.path, f]));
/** Fields that are not controls of the settings panel, with their labels. */
const OTHER_LABELS: Record<string, string> = { seed: 'Seed', 'data.points': 'Your data points' };

function formatValue(spec: FieldSpec | undefined, path: string, v: unknown): string {
  if (v === undefined) return '—';
  if (path === 'data.points') return Array.isArray(v) ? `${v.length} points` : '—';
  if (typeof v === 'boolean') return v ? 'on' : 'off';
  if (typeof v === 'number') return v.toLocaleString('en-US', { maximumSignificantDigits: 6 });
  if (typeof v === 'string') return spec?.optionLabels?.[v] ?? v;
  if (Array.isArray(v)) return v.join(', ');
  return JSON.stringify(v);
}

function leafPaths(o: unknown, prefix: string, out: Set<string>): Set<string> {
  for (const [k, v] of Object.entries((o ?? {}) as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${k}` : k;
    // custom points are one value (a list of rows), not a subtree
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) leafPaths(v, path, out);
    else out.add(path);
  }
  return out;
}

const valueAt = (o: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((acc, k) => (acc as Record<string, unknown> | undefined)?.[k], o);

/**
 * The fields where `current` differs from the preset's config, in the order of the settings panel (then the
 * others: seed, data points). Values are compared as data, so an equal config gives no change.
 */
export function presetChanges(preset: ExperimentConfig, current: ExperimentConfig): PresetChange[] {
  const paths = leafPaths(current, '', leafPaths(preset, '', new Set()));
  paths.delete('version');
  const order = (p: string) => {
    const i = ALL_FIELDS.findIndex((f) => f.path === p);
    return i < 0 ? ALL_FIELDS.length : i;
  };
  const out: PresetChange[] = [];
  for (const path of [...paths].sort((a, b) => order(a) - order(b))) {
    const a = valueAt(preset, path);
    const b = valueAt(current, path);
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    const spec = SPECS.get(path);
    const label = spec
      ? `${spec.label}${spec.symbol ? ` ${spec.symbol}` : ''}`
      : (OTHER_LABELS[path] ?? path);
    out.push({ path, label, from: formatValue(spec, path, a), to: formatValue(spec, path, b) });
  }
  return out;
}
