// Links for embedding: the experiment in embed mode (for an <iframe>), the same experiment as a full page (the
// embed's "open in ODE Lens"), and the <iframe> snippet to paste into a blog post or slides.
import type { ExperimentConfig } from '../core/config';
import type { ViewsState } from '../views/registry';
import { encodeLink } from './codec';

/** The page's address without its hash, e.g. https://host/ode-lens/. */
export type Base = string;

export function embedUrl(base: Base, config: ExperimentConfig, views: ViewsState): string {
  return `${base}#${encodeLink(config, { ...views, embed: true, present: false })}`;
}

export function fullPageUrl(base: Base, config: ExperimentConfig, views: ViewsState): string {
  return `${base}#${encodeLink(config, { ...views, embed: false })}`;
}

const escapeAttr = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An <iframe> for `url`; sizes are clamped to whole pixels in 200…4000. */
export function iframeSnippet(url: string, width: number, height: number, title = 'ODE Lens'): string {
  const px = (v: number) => Math.round(Math.min(4000, Math.max(200, Number.isFinite(v) ? v : 0)));
  return `<iframe src="${escapeAttr(url)}" width="${px(width)}" height="${px(height)}" title="${escapeAttr(title)}" style="border:0" loading="lazy" allow="fullscreen"></iframe>`;
}
