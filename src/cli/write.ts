// The runner's output directory, all-or-nothing. Before any training, `reserveOutDir` checks the directory, creates
// a hidden sibling (`.NAME.partial-PID`) and writes a test file in it, so an unwritable place fails in a second, not
// after the run. The results go into that sibling, which is renamed to the output directory only when complete;
// `discardReservations` removes it (on an error, SIGINT or SIGTERM), so a failure never leaves anything behind.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** Why the file system refused, in words, from a Node error code (the raw message names the syscall). */
const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a part of the path is not a directory',
  ENOENT: 'no such directory',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EEXIST: 'already exists',
  EISDIR: 'is a directory',
  ENAMETOOLONG: 'name too long',
  ELOOP: 'too many symbolic links',
  EIO: 'input/output error',
  ENOTEMPTY: 'the directory is no longer empty',
};

/** One line for a file-system error: the reason in words and the code (no stack, no syscall dump). */
export function fsReason(e: unknown): string {
  const code = (e as { code?: unknown })?.code;
  if (typeof code === 'string') return `${REASONS[code] ?? 'file system error'} (${code})`;
  return e instanceof Error ? e.message : String(e);
}

/** Why `dir` cannot receive results, or null if it can (missing with an existing parent, or an empty directory). */
export function checkOutDir(dir: string): string | null {
  const abs = resolve(dir);
  let isDir: boolean;
  try {
    isDir = statSync(abs).isDirectory();
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code !== 'ENOENT') return `cannot use ${abs}: ${fsReason(e)}`;
    // missing: its parent must be a directory (nothing is created above the output directory)
    try {
      if (statSync(dirname(abs)).isDirectory()) return null;
      return `cannot create ${abs}: ${dirname(abs)} is not a directory`;
    } catch (pe) {
      return (pe as { code?: unknown }).code === 'ENOENT'
        ? `the parent directory of ${abs} does not exist`
        : `cannot create ${abs}: ${fsReason(pe)}`;
    }
  }
  if (!isDir) return `${abs} exists and is not a directory`;
  try {
    if (readdirSync(abs).length > 0)
      return `${abs} is not empty (nothing is overwritten; choose a new directory)`;
  } catch (e) {
    return `cannot read ${abs}: ${fsReason(e)}`;
  }
  return null;
}

/** A checked, write-tested place for the results: `commit` writes them, `discard` leaves nothing behind. */
export interface OutDir {
  /** The output directory (absolute). */
  readonly path: string;
  /** The hidden sibling the files are written to before the rename. */
  readonly partial: string;
  /** Write every file, then rename the sibling to the output directory (all or nothing). */
  commit(files: Record<string, string>): void;
  /** Remove the sibling and whatever is in it (idempotent). */
  discard(): void;
}

const live = new Set<OutDir>();

/** Remove every reservation not yet committed: for error paths and signal handlers (synchronous). */
export function discardReservations(): void {
  for (const r of [...live]) r.discard();
}

/**
 * Check `dir`, create its hidden sibling and test that a file can be written there. Either an OutDir, or a
 * one-line reason (the caller exits 2: the output directory is an argument). Never creates parents: a
 * recursive mkdir loops forever in places like /proc.
 */
export function reserveOutDir(dir: string): { ok: true; out: OutDir } | { ok: false; message: string } {
  const problem = checkOutDir(dir);
  if (problem) return { ok: false, message: problem };
  const abs = resolve(dir);
  const partial = join(dirname(abs), `.${basename(abs)}.partial-${process.pid}`);
  try {
    rmSync(partial, { recursive: true, force: true }); // a leftover of an earlier run with the same pid
    mkdirSync(partial);
  } catch (e) {
    return { ok: false, message: `cannot write in ${dirname(abs)}: ${fsReason(e)}` };
  }
  const probe = join(partial, '.write-test');
  try {
    writeFileSync(probe, 'ok');
    unlinkSync(probe);
  } catch (e) {
    rmSync(partial, { recursive: true, force: true });
    return { ok: false, message: `cannot write in ${dirname(abs)}: ${fsReason(e)}` };
  }
  const out: OutDir = {
    path: abs,
    partial,
    commit(files) {
      if (!live.has(out)) throw new Error('the output directory was already written or discarded');
      try {
        for (const [name, text] of Object.entries(files)) writeFileSync(join(partial, name), text);
        if (existsSync(abs)) rmdirSync(abs); // empty (checked before the run; rmdir refuses otherwise)
        renameSync(partial, abs);
        live.delete(out);
      } catch (e) {
        out.discard();
        throw new Error(`could not write ${abs}: ${fsReason(e)}`);
      }
    },
    discard() {
      live.delete(out);
      rmSync(partial, { recursive: true, force: true });
    },
  };
  live.add(out);
  return { ok: true, out };
}
