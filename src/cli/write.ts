// Writing the runner's files all-or-nothing: everything goes to a sibling temporary directory that is renamed to
// the output directory only when complete, so a failure never leaves a half-written result.
import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** Why `dir` cannot receive results, or null if it can (missing, or an empty directory). */
export function checkOutDir(dir: string): string | null {
  const abs = resolve(dir);
  if (!existsSync(abs))
    return existsSync(dirname(abs)) ? null : `the parent directory of ${abs} does not exist`;
  try {
    if (readdirSync(abs).length > 0)
      return `${abs} is not empty (nothing is overwritten; choose a new directory)`;
  } catch {
    return `${abs} exists and is not a directory`;
  }
  return null;
}

export function writeAllOrNothing(dir: string, files: Record<string, string>): void {
  const abs = resolve(dir);
  const tmp = join(dirname(abs), `.${basename(abs)}.partial-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(tmp, name), text);
    if (existsSync(abs)) rmdirSync(abs); // empty (checked before the run)
    renameSync(tmp, abs);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
