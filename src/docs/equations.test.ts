// docs/equations.md, the map from the papers' equations to the code, cannot go stale silently: every relative
// link points at a file that exists, every name in backticks (a function, a kind, a test title) occurs in the file
// it links to, and Sander et al.'s equations 1–9 each have a row.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DOC = resolve(ROOT, 'docs/equations.md');
const text = readFileSync(DOC, 'utf8');

/** Markdown links [label](target) with a relative target (no scheme, no anchor-only link). */
const links = [...text.matchAll(/\[([^\]]+)\]\(([^)\s]+)\)/g)]
  .map(([, label, target]) => ({ label, target }))
  .filter((l) => !/^[a-z]+:/i.test(l.target) && !l.target.startsWith('#'));

/** Whether `name` occurs in `src`: as a whole word for identifiers, as a substring for titles. */
function occurs(name: string, src: string): boolean {
  if (/^[A-Za-z_]\w*$/.test(name)) return new RegExp(`\\b${name}\\b`).test(src);
  return src.includes(name);
}

describe('docs/equations.md (paper → code map)', () => {
  it('links many files, relative to docs/', () => {
    expect(links.length).toBeGreaterThan(50);
    for (const l of links) expect(l.target, l.target).not.toMatch(/#L\d/);
  });

  it.each(links.map((l) => [`${l.label} → ${l.target}`, l] as const))('%s', (_name, l) => {
    const file = resolve(dirname(DOC), l.target.split('#')[0]);
    expect(existsSync(file), `${l.target} exists`).toBe(true);
    const name = /^`([^`]+)`$/.exec(l.label)?.[1];
    if (name) expect(occurs(name, readFileSync(file, 'utf8')), `'${name}' occurs in ${l.target}`).toBe(true);
  });

  it("has a row for each of Sander et al.'s equations 1–9", () => {
    for (let k = 1; k <= 9; k++) expect(text, `eq. ${k}`).toMatch(new RegExp(`\\*\\*eq\\. ${k}\\*\\*`));
  });

  it('the checker fails on a missing file and on a name the file lacks (it can fail)', () => {
    expect(existsSync(resolve(dirname(DOC), '../src/core/no-such-file.ts'))).toBe(false);
    const ref = readFileSync(resolve(ROOT, 'src/core/reference.ts'), 'utf8');
    expect(occurs('backwardExact', ref)).toBe(true);
    expect(occurs('backwardExac', ref)).toBe(false);
    expect(occurs('gradients against nothing', ref)).toBe(false);
  });
});
