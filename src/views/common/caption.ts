// What an exported image or recording says about itself: the view, the training step, the settings that make
// the picture (scheme, depth, residual kind, gradient, data, seed), what the picture leaves out (a deep net's
// read-outs cut to their cost, as the view's badge says) and the experiment's link, as caption lines
// and as a file name that cannot be confused with another view's or another step's. Pure: the Panel passes in
// the config, the step and the link; the canvas and SVG renderers only lay the lines out.
import type { ExperimentConfig } from '../../core/config';
import { residualKind } from '../../residuals';
import { scheme } from '../../schemes';
import { ALL_FIELDS } from '../controls/fields';

export interface CaptionInfo {
  /** The view's file-name stem, e.g. 'trajectories'. */
  name: string;
  /** The view's title, e.g. 'Trajectories through depth'. */
  title: string;
  /** The training step the picture shows (a recording: the first and the last). */
  step: number | { from: number; to: number };
  config: ExperimentConfig;
  /** The experiment's full link (origin + path + '#' + encodeLink). */
  link: string;
  /**
   * What the picture leaves out, in the words the view shows it with (a deep net's read-outs cut to their cost:
   * "regions on a 19×19 grid: the net is deep", src/views/trajectories/caps.ts), so an exported figure says it
   * too; null or absent when nothing is.
   */
  note?: string | null;
}

/** A caption: a title line, one line of settings, a note when there is one, and the link (the renderer wraps them). */
export interface Caption {
  title: string;
  settings: string;
  note?: string;
  link: string;
}

const oneSpace = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The control's label for a select's value (the words the settings panel shows), else the value itself. */
function optionLabel(path: string, value: string): string {
  const f = ALL_FIELDS.find((x) => x.path === path);
  return oneSpace(f?.optionLabels?.[value] ?? value);
}

function stepText(step: CaptionInfo['step']): string {
  const n = (v: number) => v.toLocaleString('en-US');
  if (typeof step === 'number') return `step ${n(step)}`;
  return step.from === step.to ? `step ${n(step.to)}` : `steps ${n(step.from)}–${n(step.to)}`;
}

export function captionFor(info: CaptionInfo): Caption {
  const c = info.config;
  const settings = [
    `${scheme(c.model.scheme).name} scheme`,
    `depth N = ${c.model.depth}`,
    `residual ${oneSpace(residualKind(c.model.residual).label)}`,
    optionLabel('train.gradMode', c.train.gradMode),
    `data: ${optionLabel('data.kind', c.data.kind)}`,
    `seed ${c.seed}`,
  ].join(' · ');
  const note = info.note ? oneSpace(info.note) : '';
  return {
    title: `${info.title} · ${stepText(info.step)}`,
    settings,
    ...(note ? { note } : {}),
    link: `ODE Lens: ${info.link}`,
  };
}

/** One plain-text paragraph of the caption (SVG <desc>, PNG metadata). */
export function captionText(c: Caption): string {
  return [c.title, c.settings, c.note, c.link].filter(Boolean).join('\n');
}

/** Lower-case letters, digits and single dashes: safe in every file system and download folder. */
export function sanitizeName(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * `odelens-trajectories-heun-N64-step1200.png`: the view, the scheme, the depth and the step (a recording:
 * `step0-1200`), so exports of different views or steps never share a name.
 */
export function exportFileName(info: Omit<CaptionInfo, 'title' | 'link'>, ext: string): string {
  const step =
    typeof info.step === 'number'
      ? `step${info.step}`
      : info.step.from === info.step.to
        ? `step${info.step.to}`
        : `step${info.step.from}-${info.step.to}`;
  const parts = [
    'odelens',
    sanitizeName(info.name) || 'view',
    sanitizeName(info.config.model.scheme),
    `N${info.config.model.depth}`,
    step,
  ];
  return `${parts.join('-')}.${ext.toLowerCase().replace(/[^a-z0-9]/g, '') || 'bin'}`;
}

/**
 * Greedy word wrap of `text` into lines at most `maxWidth` wide by `measure`; a word wider than a line (a link)
 * is cut between characters. At most `maxLines` lines: the last one kept ends with '…' when text was left out.
 */
export function wrapText(
  text: string,
  maxWidth: number,
  measure: (s: string) => number,
  maxLines = Number.POSITIVE_INFINITY,
): string[] {
  const lines: string[] = [];
  let line = '';
  const push = (l: string) => lines.push(l);
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (measure(candidate) <= maxWidth) {
      line = candidate;
      continue;
    }
    if (measure(word) <= maxWidth) {
      if (line) push(line);
      line = word;
      continue;
    }
    // a word longer than a line (a link): cut it into pieces that fit, the first one after the line's words
    let piece = line ? `${line} ` : '';
    for (const ch of word) {
      if (piece && measure(piece + ch) > maxWidth) {
        push(piece);
        piece = '';
      }
      piece += ch;
    }
    line = piece;
  }
  if (line) push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, Math.max(1, maxLines));
  let last = kept[kept.length - 1];
  while (last.length > 0 && measure(`${last}…`) > maxWidth) last = last.slice(0, -1);
  kept[kept.length - 1] = `${last}…`;
  return kept;
}
