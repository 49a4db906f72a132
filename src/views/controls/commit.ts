// What committing one control does, decided without touching the store: apply the edit together with the
// pending drafts when they now fit together; else apply the edit alone and keep the other drafts pending;
// else keep everything as drafts (the store then shows the messages). Re-entering the running value just
// drops that field's draft instead of restarting the run.
import { type ExperimentConfig, parseConfig } from '../../core/config';
import { getPath, setPath } from '../../state/experiment';
import { companionEdits } from './fields';

export type Edits = Record<string, unknown>;

export type CommitPlan =
  | { kind: 'apply'; edits: Edits; redraft: Edits }
  | { kind: 'reject'; edits: Edits }
  | { kind: 'noop'; redraft: Edits };

function applyEdits(c: ExperimentConfig, edits: Edits): ExperimentConfig {
  let next = c;
  for (const [p, v] of Object.entries(edits)) next = setPath(next, p, v);
  return next;
}

const valid = (c: ExperimentConfig, edits: Edits) => parseConfig(applyEdits(c, edits)).ok;

function without(edits: Edits, keys: Edits): Edits {
  const out: Edits = {};
  for (const [k, v] of Object.entries(edits)) if (!(k in keys)) out[k] = v;
  return out;
}

export function planCommit(
  config: ExperimentConfig,
  drafts: Edits,
  path: string,
  value: unknown,
): CommitPlan {
  if (Object.is(getPath(config, path), value)) {
    const rest = without(drafts, { [path]: value });
    // the drafts that remain may fit now that this field is back at its running value
    if (Object.keys(rest).length && valid(config, rest)) return { kind: 'apply', edits: rest, redraft: {} };
    return { kind: 'noop', redraft: rest };
  }
  const edit = { ...companionEdits(config, path, value), [path]: value };
  const all = { ...drafts, ...edit };
  if (valid(config, all)) return { kind: 'apply', edits: all, redraft: {} };
  if (valid(config, edit)) return { kind: 'apply', edits: edit, redraft: without(drafts, edit) };
  return { kind: 'reject', edits: all };
}
