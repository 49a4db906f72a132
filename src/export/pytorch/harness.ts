// Test harness for the PyTorch export: run a config on the float64 CPU engine exactly as the runner does
// (`--backend cpu --pytorch`), write the export, run the exported program with python3 (alone or under
// torchrun) and read its result.json. Used by the tests; needs python3 with torch (Debian's python3-torch).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExperiment } from '../../cli/experiment';
import type { ExperimentConfig } from '../../core/config';
import { encodeLink } from '../../link/codec';
import { CpuBackend } from '../../run/cpu-backend';
import { defaultViews } from '../../state/experiment';
import { PYTORCH_SCRIPT_FILE, pytorchExport, pytorchFiles } from './bundle';
import { PYTORCH_SCRIPT } from './template';

export type Json = Record<string, unknown>;

/** The runner's result.json (through JSON, as written) and the export of the same run in a fresh directory. */
export async function runAndExport(
  config: ExperimentConfig,
  steps: number,
  evalEvery: number,
): Promise<{ tool: Json; dir: string; cleanup: () => void }> {
  const link = encodeLink(config, defaultViews());
  const backend = new CpuBackend(config);
  const start = await backend.readWeights();
  const { result } = await runExperiment(backend, config, link, { steps, evalEvery });
  const dir = mkdtempSync(join(tmpdir(), 'ode-lens-pytorch-'));
  const files = pytorchFiles(
    PYTORCH_SCRIPT,
    pytorchExport(config, link, backend.spec, backend.data, start, 0),
  );
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return {
    tool: JSON.parse(JSON.stringify(result)),
    dir,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * torch 1.13's launcher (Debian 12's) on Python 3.11 turns its default `--redirects 0 --tee 0` into None (3.11
 * no longer iterates the zero member of an IntFlag) and crashes; a mapping for a rank that does not exist
 * leaves every real rank at the default. Harmless on torch ≥ 2, which fixed it.
 */
export const TORCHRUN_PY311_FIX = ['--redirects', '9:1', '--tee', '9:1'];

/** Run the exported program; `procs` > 1 runs it under torchrun with DDP (gloo on the CPU). */
export function runPytorch(
  dir: string,
  args: string[],
  procs = 1,
): { result: Json | null; output: string; status: number | null } {
  const out = join(dir, `result-${procs}-${args.join('_').replace(/[^\w.-]/g, '')}.json`);
  const cmd =
    procs > 1
      ? [
          '-m',
          'torch.distributed.run',
          '--standalone',
          `--nproc_per_node=${procs}`,
          // the launcher checks on its workers every 5 s by default: most of a short test's time
          '--monitor_interval',
          '0.2',
          ...TORCHRUN_PY311_FIX,
          PYTORCH_SCRIPT_FILE,
          '--ddp',
        ]
      : [PYTORCH_SCRIPT_FILE];
  const r = spawnSync(python() ?? 'python3', [...cmd, ...args, '--out', out], {
    cwd: dir,
    encoding: 'utf8',
    // one thread per process: the numbers do not depend on it, and CI has two cores
    env: { ...process.env, OMP_NUM_THREADS: '1' },
    timeout: 120_000,
  });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}`;
  let result: Json | null = null;
  try {
    result = JSON.parse(readFileSync(out, 'utf8'));
  } catch {
    result = null;
  }
  return { result, output, status: r.status };
}

let found: string | null | undefined;

/**
 * A python3 that can import torch: $ODE_LENS_PYTHON, else Debian's /usr/bin/python3 (where python3-torch
 * installs; a pyenv or venv python3 first on the PATH may not see it), else `python3`.
 */
export function python(): string | null {
  if (found !== undefined) return found;
  const candidates = [process.env.ODE_LENS_PYTHON, '/usr/bin/python3', 'python3'].filter(
    (p): p is string => !!p,
  );
  found =
    candidates.find((p) => spawnSync(p, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0) ?? null;
  return found;
}

/** Whether a python3 with torch exists; the message says how to install it when not. */
export function torchAvailable(): { ok: boolean; message: string } {
  const p = python();
  return p
    ? { ok: true, message: p }
    : {
        ok: false,
        message:
          "no python3 here can import torch (install Debian's python3-torch, as scripts/lib.sh does, or set ODE_LENS_PYTHON)",
      };
}
