// Experiment links: the whole experiment (config incl. seed, the open views and their options) in the URL hash.
//
// Format v3 (current): `#v=3&model.depth=300&data.kind=square&views.open=trajectories,curves&...` — readable
// key=value pairs, only what differs from the defaults, so links stay short. Format v2: the same pairs against
// the defaults before the calmer default experiment (src/core/defaults-history.ts). Format v1 (the first one):
// `#v=1&c=` + base64url(JSON of the config and views). Older formats are migrated on read (MIGRATIONS).
//
// Decoding never throws and never evaluates anything: each value is parsed as the plain type its field has and
// validated on its own (unknown keys, wrong types and out-of-range values are rejected with a reason and fall back
// to the default), then cross-field rules revert the fields they name. The result is always a valid config.
// Besides the experiment a link may name the preset whose story it tells (`preset=<id>`) and ask for the guided
// tour (`tour=1`): options outside the config, so they never change the run (LinkOptions).
import type { z } from 'zod';
import {
  configObjectSchema,
  defaultConfig,
  type ExperimentConfig,
  POINT_DATASETS,
  parseConfig,
  SCHEMA_VERSION,
} from '../core/config';
import { defaultConfigV2, V2_CHANGED_DEFAULTS } from '../core/defaults-history';
import { PRESETS } from '../presets/presets';
import { defaultViews, getPath, setPath, type ViewsState } from '../state/experiment';
import { viewsSchema } from './views-schema';

export const LINK_VERSION = 3;
/** The version a link without `v=` is read as (hand-written links; see decodeLink). */
export const UNVERSIONED_LINK = 2;
/** Longer hashes are cut (a link is never legitimately this long). */
export const MAX_LINK_LENGTH = 16_384;
const MAX_VALUE_LENGTH = 512;
/**
 * Custom points travel as `data.points=x1_x2_c*x1_x2_c*…` (characters a query string leaves as they are, so the
 * link stays compact) when this text is at most this long; beyond it the link leaves them out and says so.
 */
export const MAX_LINK_POINTS_CHARS = 12_000;
export const TOO_MANY_POINTS = 'too many points for a link: save an experiment file';

type Point = NonNullable<ExperimentConfig['data']['points']>[number];

export function encodePoints(points: readonly Point[]): string {
  return points.map((p) => p.join('_')).join('*');
}

/** The rows of a points text (validated later with the whole config, which names a bad row). */
export function decodePoints(raw: string): unknown[] {
  if (raw === '') return [];
  return raw
    .split('*')
    .map((row) =>
      row.split('_').map((v) => (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(v) ? Number(v) : v)),
    );
}

/** Why a link of this config cannot carry its data (null when it can). */
export function linkDataProblem(config: ExperimentConfig): string | null {
  const pts = POINT_DATASETS.includes(config.data.kind) ? config.data.points : undefined;
  if (!pts) return null;
  return encodePoints(pts).length > MAX_LINK_POINTS_CHARS ? `${pts.length} ${TOO_MANY_POINTS}` : null;
}

export interface Rejected {
  /** The key as it appeared in the link. */
  field: string;
  /** The raw value (truncated for display). */
  value: string;
  reason: string;
}

export interface DecodedLink {
  config: ExperimentConfig;
  views: ViewsState;
  /** Fields that were ignored or reset to their defaults, with why. */
  rejected: Rejected[];
  /** The format version the link was written in (older ones are migrated). */
  version: number;
  /** The preset whose story the link tells (`preset=<id>`; absent when none or unknown). */
  preset?: string;
  /** The link asks to open with the guided tour (`tour=1`). */
  tour?: true;
}

/**
 * What a link can say besides the experiment: which preset it was opened from (so the page shows that preset's
 * explanation, and what was changed from it) and whether it opens with the guided tour. Not part of the config:
 * they never touch the run, and they are independent of the link's format version.
 */
export interface LinkOptions {
  preset?: string | null;
  tour?: boolean;
}

// ---------------------------------------------------------------------------------------------------------
// Field tables: every leaf of the config and of the views, with its type taken from the defaults.

type Kind = 'number' | 'boolean' | 'string' | 'list';

function leaves(o: unknown, prefix: string, out: Map<string, Kind>): Map<string, Kind> {
  for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (Array.isArray(v)) out.set(path, 'list');
    else if (v !== null && typeof v === 'object') leaves(v, path, out);
    else out.set(path, typeof v as Kind);
  }
  return out;
}

const CONFIG_FIELDS = leaves(defaultConfig(), '', new Map());
CONFIG_FIELDS.delete('version');
const VIEW_FIELDS = leaves(defaultViews(), '', new Map());

/** The zod schema of one config leaf (for per-field validation with the schema's own messages). */
function configLeafSchema(path: string): z.ZodType {
  const [group, key] = path.split('.');
  const shape = configObjectSchema.shape as Record<string, z.ZodType>;
  if (!key) return shape[group];
  return (shape[group] as z.ZodObject<Record<string, z.ZodType>>).shape[key];
}

function viewLeafSchema(path: string): z.ZodType {
  let s: z.ZodType = viewsSchema;
  for (const k of path.split('.')) s = (s as z.ZodObject<Record<string, z.ZodType>>).shape[k];
  return s;
}

/** What a list field holds, from its schema (not from its default, which may be empty). */
function elementKind(schema: z.ZodType): 'number' | 'string' {
  const el = (schema as unknown as { element?: z.ZodType }).element;
  const t = el?.def.type;
  return t === 'string' || t === 'enum' || t === 'literal' ? 'string' : 'number';
}

/** Parse a raw string as the field's plain type; null when it cannot be that type. */
function parseRaw(kind: Kind, raw: string, listOf: 'number' | 'string'): unknown {
  switch (kind) {
    case 'number': {
      if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(raw.trim())) return null;
      return Number(raw);
    }
    case 'boolean':
      return raw === '1' || raw === 'true' ? true : raw === '0' || raw === 'false' ? false : null;
    case 'string':
      return raw;
    case 'list': {
      if (raw === '') return [];
      const parts = raw.split(',').map((p) => p.trim());
      if (listOf === 'string') return parts;
      const nums = parts.map((p) => (/^[-+]?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(p) ? Number(p) : Number.NaN));
      return nums.some(Number.isNaN) ? null : nums;
    }
  }
}

function formatRaw(v: unknown): string {
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (Array.isArray(v)) return v.map(String).join(',');
  return String(v);
}

const show = (raw: string) => (raw.length > 60 ? `${raw.slice(0, 60)}…` : raw);

// ---------------------------------------------------------------------------------------------------------
// Encoding

/** The hash (without '#') for an experiment: the current format, only values that differ from the defaults. */
export function encodeLink(config: ExperimentConfig, views: ViewsState, options: LinkOptions = {}): string {
  return encodePairs(config, views, LINK_VERSION, defaultConfig(), options);
}

/** Format v2 (key=value pairs against the v2 defaults), kept so old links can be tested and migrated. */
export function encodeLinkV2(config: ExperimentConfig, views: ViewsState): string {
  return encodePairs(config, views, 2, defaultConfigV2());
}

function encodePairs(
  config: ExperimentConfig,
  views: ViewsState,
  version: number,
  dc: ExperimentConfig,
  options: LinkOptions = {},
): string {
  const p = new URLSearchParams();
  p.set('v', String(version));
  if (options.preset) p.set('preset', options.preset);
  if (options.tour) p.set('tour', '1');
  for (const path of CONFIG_FIELDS.keys()) {
    const v = getPath(config, path);
    if (formatRaw(v) !== formatRaw(getPath(dc, path))) p.set(path, formatRaw(v));
  }
  const pts = POINT_DATASETS.includes(config.data.kind) ? config.data.points : undefined;
  if (pts && !linkDataProblem(config)) p.set('data.points', encodePoints(pts));
  const dv = defaultViews();
  for (const path of VIEW_FIELDS.keys()) {
    const v = getPath(views, path);
    if (formatRaw(v) !== formatRaw(getPath(dv, path))) p.set(`views.${path}`, formatRaw(v));
  }
  return p.toString();
}

/** The first link format, kept so old links can be tested and migrated: base64url(JSON). */
export function encodeLinkV1(config: ExperimentConfig, views: ViewsState): string {
  const json = JSON.stringify({ config, views });
  const b64 = btoa(String.fromCharCode(...new TextEncoder().encode(json)));
  return `v=1&c=${b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

// ---------------------------------------------------------------------------------------------------------
// Decoding

type Pairs = [string, string][];

const OPTION_KEYS = new Set(['preset', 'tour']);

/** Read the link options (`preset`, `tour`), rejecting unknown presets and bad values with a reason. */
function readOptions(pairs: Pairs, rejected: Rejected[]): { preset?: string; tour?: true } {
  const out: { preset?: string; tour?: true } = {};
  const seen = new Set<string>();
  for (const [key, raw0] of pairs) {
    if (!OPTION_KEYS.has(key)) continue;
    const raw = show(raw0);
    if (seen.has(key)) {
      rejected.push({ field: key, value: raw, reason: 'given twice; the first value is used' });
      continue;
    }
    seen.add(key);
    if (key === 'preset') {
      if (PRESETS.some((p) => p.id === raw0)) out.preset = raw0;
      else
        rejected.push({ field: key, value: raw, reason: 'unknown preset; opened without its explanation' });
    } else if (raw0 === '1' || raw0 === 'true') out.tour = true;
    else if (raw0 !== '0' && raw0 !== 'false')
      rejected.push({ field: key, value: raw, reason: 'must be 1 or 0; opened without the tour' });
  }
  return out;
}

/** Migrations from older link formats to the current pairs. Each takes the raw pairs of its version. */
const MIGRATIONS: Record<number, (pairs: Pairs, rejected: Rejected[]) => Pairs> = {
  1: (pairs, rejected) => {
    // v1 carried the whole experiment as base64url JSON in `c`; flatten it into v2 pairs.
    const c = pairs.find(([k]) => k === 'c')?.[1];
    if (c === undefined) {
      rejected.push({
        field: 'c',
        value: '',
        reason: 'a version-1 link needs its c= parameter; using the defaults',
      });
      return [];
    }
    let obj: unknown;
    try {
      const b64 = c.replace(/-/g, '+').replace(/_/g, '/');
      const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
      obj = JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (ch) => ch.charCodeAt(0))));
    } catch {
      rejected.push({ field: 'c', value: show(c), reason: 'not valid base64 JSON; using the defaults' });
      return [];
    }
    const out: Pairs = [];
    const walk = (o: unknown, prefix: string) => {
      if (o === null || typeof o !== 'object' || Array.isArray(o)) {
        out.push([prefix, formatRaw(o)]);
        return;
      }
      for (const [k, v] of Object.entries(o)) walk(v, prefix ? `${prefix}.${k}` : k);
    };
    const root = (obj ?? {}) as Record<string, unknown>;
    walk(root.config ?? {}, '');
    if (root.views) walk(root.views, 'views');
    return out.filter(([k]) => k !== 'version');
  },
  2: (pairs, rejected) => {
    // v2 left out what equalled its defaults: a field whose default changed since gets its v2 default back, when
    // the link leaves it out and when the link's value is refused (a v2 link fell back to the v2 default)
    const out: Pairs = [];
    const done = new Set<string>();
    for (const [k, raw] of pairs) {
      const old = V2_CHANGED_DEFAULTS[k];
      if (old === undefined || done.has(k)) {
        out.push([k, raw]);
        continue;
      }
      done.add(k);
      const why = leafProblem(k, raw);
      if (why)
        rejected.push({ field: k, value: show(raw), reason: `${why}; using the default ${formatRaw(old)}` });
      out.push([k, why ? formatRaw(old) : raw]);
    }
    for (const [k, v] of Object.entries(V2_CHANGED_DEFAULTS)) if (!done.has(k)) out.push([k, formatRaw(v)]);
    return out;
  },
};

/** Why a raw value cannot be this config leaf's (null when it can): the same checks as decodeLink's. */
function leafProblem(path: string, raw: string): string | null {
  const kind = CONFIG_FIELDS.get(path);
  if (!kind) return 'unknown field';
  const schema = configLeafSchema(path);
  const listOf = elementKind(schema);
  const value = parseRaw(kind, raw, listOf);
  if (value === null) return `not a ${kind === 'list' ? `list of ${listOf}s` : kind}`;
  const r = schema.safeParse(value);
  return r.success ? null : (r.error.issues[0]?.message ?? 'invalid');
}

/** Decode a hash ('#…' or '…'), a query string or a whole URL. Never throws; always returns a valid config. */
export function decodeLink(input: string): DecodedLink {
  const rejected: Rejected[] = [];
  let text = typeof input === 'string' ? input : '';
  const hashAt = text.indexOf('#');
  if (hashAt >= 0) text = text.slice(hashAt + 1);
  else if (text.includes('?')) text = text.slice(text.indexOf('?') + 1);
  if (text.length > MAX_LINK_LENGTH) {
    rejected.push({
      field: '(link)',
      value: `${text.length} characters`,
      reason: `too long; only the first ${MAX_LINK_LENGTH} were read`,
    });
    text = text.slice(0, MAX_LINK_LENGTH);
  }
  let pairs: Pairs;
  try {
    pairs = [...new URLSearchParams(text).entries()];
  } catch {
    pairs = [];
    rejected.push({ field: '(link)', value: show(text), reason: 'not a query string; using the defaults' });
  }
  // the version: missing means a hand-written link, read as version 2 (the format such links were written against
  // before the defaults changed; every link the app writes carries v=); unknown ones are read as current
  const vRaw = pairs.find(([k]) => k === 'v')?.[1];
  let version = vRaw === undefined ? UNVERSIONED_LINK : LINK_VERSION;
  if (vRaw !== undefined) {
    const v = Number(vRaw);
    if (Number.isInteger(v) && v >= 1 && v <= LINK_VERSION) version = v;
    else
      rejected.push({
        field: 'v',
        value: show(vRaw),
        reason: `unknown link version; read as version ${LINK_VERSION}`,
      });
  }
  pairs = pairs.filter(([k]) => k !== 'v');
  const options = readOptions(pairs, rejected);
  pairs = pairs.filter(([k]) => !OPTION_KEYS.has(k));
  for (let v = version; v < LINK_VERSION; v++) pairs = MIGRATIONS[v]?.(pairs, rejected) ?? pairs;

  let config = defaultConfig();
  let views = defaultViews();
  const setFrom = new Map<string, string>();
  const seen = new Set<string>();
  for (const [key, raw0] of pairs) {
    if (key === 'data.points' && !seen.has(key)) {
      // custom data: not a leaf; checked row by row with the whole config below
      seen.add(key);
      config = { ...config, data: { ...config.data, points: decodePoints(raw0) as Point[] } };
      continue;
    }
    const raw = raw0.length > MAX_VALUE_LENGTH ? raw0.slice(0, MAX_VALUE_LENGTH) : raw0;
    if (seen.has(key)) {
      rejected.push({ field: show(key), value: show(raw), reason: 'given twice; the first value is used' });
      continue;
    }
    seen.add(key);
    const isView = key.startsWith('views.');
    const path = isView ? key.slice(6) : key;
    // own-property lookups in fixed tables: keys like __proto__ or constructor are simply unknown
    const kind = (isView ? VIEW_FIELDS : CONFIG_FIELDS).get(path);
    if (!kind) {
      rejected.push({ field: show(key), value: show(raw), reason: 'unknown field; ignored' });
      continue;
    }
    const current = getPath(isView ? defaultViews() : defaultConfig(), path);
    const schema = isView ? viewLeafSchema(path) : configLeafSchema(path);
    const listOf = elementKind(schema);
    const value = parseRaw(kind, raw, listOf);
    const r = value === null ? null : schema.safeParse(value);
    if (!r?.success) {
      const msg = r ? r.error.issues[0]?.message : `not a ${kind === 'list' ? `list of ${listOf}s` : kind}`;
      rejected.push({
        field: key,
        value: show(raw),
        reason: `${msg}; using the default ${formatRaw(current)}`,
      });
      continue;
    }
    if (isView) views = setPath(views, path, r.data);
    else {
      config = setPath(config, path, r.data);
      setFrom.set(path, raw);
    }
  }

  // custom points the config refuses (a bad row, too many, or a kind that does not use them) go as a whole,
  // with the data fields the link set for them
  if (config.data.points) {
    const r = parseConfig({ ...config, version: SCHEMA_VERSION });
    const bad = r.ok ? [] : r.errors.filter((e) => e.field === 'data.points' || e.field === 'data.nTrain');
    if (bad.length || !POINT_DATASETS.includes(config.data.kind)) {
      const n = config.data.points.length;
      rejected.push({
        field: 'data.points',
        value: `${n} points`,
        reason: bad.length
          ? `${bad.map((e) => e.message).join('; ')}; using the default data set`
          : `only the custom and curve data sets use points (data.kind is ${config.data.kind}); ignored`,
      });
      const { points: _dropped, ...rest } = config.data;
      const dd = defaultConfig().data;
      config = {
        ...config,
        data: bad.length ? { ...rest, kind: dd.kind, nTrain: dd.nTrain, nTest: dd.nTest } : rest,
      };
      if (bad.length) for (const f of ['data.kind', 'data.nTrain', 'data.nTest']) setFrom.delete(f);
    }
  }

  if (POINT_DATASETS.includes(config.data.kind) && !config.data.points) {
    // a link of too many points leaves them out: the data is in the experiment file
    const dd = defaultConfig().data;
    rejected.push({
      field: 'data.kind',
      value: config.data.kind,
      reason: `the link carries no points (${TOO_MANY_POINTS}); using the default ${dd.kind}`,
    });
    config = { ...config, data: { ...config.data, kind: dd.kind, nTrain: dd.nTrain, nTest: dd.nTest } };
    for (const f of ['data.kind', 'data.nTrain', 'data.nTest']) setFrom.delete(f);
  }

  // cross-field rules: revert the fields they name to their defaults; if that changes nothing (the field was
  // already at its default), revert the link's own fields, last first, until the config is valid
  const linkFields = [...setFrom.keys()];
  for (let round = 0; round < 64; round++) {
    const r = parseConfig({ ...config, version: SCHEMA_VERSION });
    if (r.ok) {
      config = r.config;
      break;
    }
    let changed = false;
    for (const e of r.errors) {
      const def = getPath(defaultConfig(), e.field);
      if (def === undefined || formatRaw(getPath(config, e.field)) === formatRaw(def)) continue;
      rejected.push({
        field: e.field,
        value: show(setFrom.get(e.field) ?? formatRaw(getPath(config, e.field))),
        reason: `${e.message}; using the default ${formatRaw(def)}`,
      });
      config = setPath(config, e.field, def);
      changed = true;
    }
    if (!changed) {
      const field = linkFields.pop();
      if (!field) {
        config = defaultConfig();
        break;
      }
      const def = getPath(defaultConfig(), field);
      if (formatRaw(getPath(config, field)) === formatRaw(def)) continue;
      rejected.push({
        field,
        value: show(setFrom.get(field) ?? ''),
        reason: `conflicts with other settings (${r.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}); using the default ${formatRaw(def)}`,
      });
      config = setPath(config, field, def);
    }
  }
  const vr = viewsSchema.safeParse(views);
  if (!vr.success) {
    rejected.push({
      field: 'views',
      value: '',
      reason: 'inconsistent view options; using the default views',
    });
    views = defaultViews();
  }
  // the options only when present, so links without them decode to exactly what they did before
  return { config, views: vr.success ? (vr.data as ViewsState) : views, rejected, version, ...options };
}
