// Command-line arguments of the headless runner (`npm run experiment -- ...`), parsed into options or a message.
import { RUNNER_BACKENDS, type RunnerBackend } from './engine';

export interface RunnerOptions {
  /** A link (URL, hash or query string) or a preset id: exactly one. */
  link: string | null;
  preset: string | null;
  out: string;
  /** Training steps (default: the config's train.steps). */
  steps: number | null;
  probe: boolean;
  /** Also run the sweep of the link's sweep view (depths, metric, training steps) and fit its slopes. */
  sweep: boolean;
  /** auto: the faster engine for this config on this machine (timed on a few steps); or that engine. */
  backend: RunnerBackend;
  /** Evaluate (full train/test loss, diagnostics) every this many steps. */
  evalEvery: number | null;
  quiet: boolean;
  /** Also write experiment.py + experiment.json: the run as a PyTorch program (src/export/pytorch). */
  pytorch: boolean;
  /** Start from the weights in this file (a result.json or an export's experiment.json) instead of the init. */
  weights: string | null;
  /** With --weights: they are the config's; run K× deeper with each layer repeated K times, adjoint gradients. */
  untie: number | null;
}

export const USAGE = `Usage: npm run experiment -- (--link "<url or query string>" | --preset NAME) --out DIR
                             [--steps K] [--probe] [--sweep] [--backend auto|webgpu|cpu|wasm] [--eval-every K] [--quiet]
                             [--pytorch] [--weights FILE [--untie K]]

  --link       an ODE Lens link (whole URL, #hash or ?query) describing the experiment
  --preset     a preset id instead of a link (--list-presets shows them)
  --out        directory for result.json, CSV files and (with --probe) probe.json; created if missing,
               must be empty or not exist (nothing is overwritten)
  --steps      training steps (default: the config's train.steps)
  --probe      also write the inputs, targets, weights per layer, forward and reconstructed states, the loss,
               exact and adjoint gradients at the final weights (probe.json)
  --sweep      also run the sweep the link's sweep view describes (depths or depth × width, metric, training
               steps per point) and write sweep.csv and the fitted slopes (result.json "sweep")
  --backend    auto (default: times a few training steps on each engine this machine has and trains on the
               fastest; the choice and why go to result.json), webgpu (Node + Dawn, float32), cpu (the
               float64 reference engine) or wasm (the float32 WASM SIMD CPU engine)
  --eval-every evaluate losses and diagnostics every K steps (default: about 20 times per run)
  --quiet      only errors
  --pytorch    also write experiment.py and experiment.json: the run as a PyTorch program that reproduces it
               (python3 experiment.py --steps K --out result.json; torchrun … experiment.py --ddp)
  --weights    start from the weights in FILE (a result.json, e.g. of a PyTorch run, or an experiment.json)
               instead of the config's initialisation; shapes are checked against the config
  --untie      with --weights: train a K× deeper network (K = 2…16) whose layer m starts from layer ⌊m/K⌋ of
               FILE's (untied: every layer then moves on its own), with the memory-free adjoint; the config must
               scale its residuals by 1/N (fine-tuning by untying, Sander et al. 2022 Table 2)`;

export type ParsedArgs =
  | { ok: true; options: RunnerOptions }
  | { ok: false; message: string; listPresets?: boolean };

export function parseArgs(argv: string[]): ParsedArgs {
  const o: RunnerOptions = {
    link: null,
    preset: null,
    out: '',
    steps: null,
    probe: false,
    sweep: false,
    backend: 'auto',
    evalEvery: null,
    quiet: false,
    pytorch: false,
    weights: null,
    untie: null,
  };
  const fail = (message: string): ParsedArgs => ({ ok: false, message: `${message}\n\n${USAGE}` });
  const positiveInt = (flag: string, v: string | undefined, min: number): number | string => {
    if (v === undefined) return `${flag} needs a value`;
    if (!/^\d+$/.test(v)) return `${flag} must be a whole number, got "${v}"`;
    const n = Number(v);
    if (n < min || n > 10_000_000) return `${flag} must be between ${min} and 10000000, got ${v}`;
    return n;
  };
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    // a repeated flag is a mistake either way (which one was meant?): never silently take the last
    if (a.startsWith('-') && seen.has(a)) return fail(`${a} is given more than once`);
    seen.add(a);
    switch (a) {
      case '--link': {
        const v = next();
        if (v === undefined || v.startsWith('--')) return fail('--link needs a value');
        o.link = v;
        break;
      }
      case '--preset': {
        const v = next();
        if (v === undefined || v.startsWith('--')) return fail('--preset needs a value');
        o.preset = v;
        break;
      }
      case '--out': {
        const v = next();
        if (v === undefined || v.startsWith('--')) return fail('--out needs a directory');
        o.out = v;
        break;
      }
      case '--steps': {
        const n = positiveInt('--steps', next(), 0);
        if (typeof n === 'string') return fail(n);
        o.steps = n;
        break;
      }
      case '--eval-every': {
        const n = positiveInt('--eval-every', next(), 1);
        if (typeof n === 'string') return fail(n);
        o.evalEvery = n;
        break;
      }
      case '--backend': {
        const v = next();
        const ok = RUNNER_BACKENDS.find((b) => b === v);
        if (!ok)
          return fail(
            `--backend must be ${RUNNER_BACKENDS.slice(0, -1).join(', ')} or ${RUNNER_BACKENDS.at(-1)}, got "${v ?? ''}"`,
          );
        o.backend = ok;
        break;
      }
      case '--probe':
        o.probe = true;
        break;
      case '--sweep':
        o.sweep = true;
        break;
      case '--quiet':
        o.quiet = true;
        break;
      case '--pytorch':
        o.pytorch = true;
        break;
      case '--weights': {
        const v = next();
        if (v === undefined || v.startsWith('--')) return fail('--weights needs a file');
        o.weights = v;
        break;
      }
      case '--untie': {
        const n = positiveInt('--untie', next(), 2);
        if (typeof n === 'string') return fail(n);
        if (n > 16) return fail(`--untie must be between 2 and 16, got ${n}`);
        o.untie = n;
        break;
      }
      case '--list-presets':
        return { ok: false, message: '', listPresets: true };
      case '--help':
      case '-h':
        return { ok: false, message: USAGE };
      default:
        return fail(`unknown argument "${a}"`);
    }
  }
  if ((o.link === null) === (o.preset === null)) return fail('give exactly one of --link or --preset');
  if (!o.out) return fail('--out DIR is required');
  if (o.untie !== null && o.weights === null)
    return fail('--untie needs --weights FILE (the trained network to untie)');
  return { ok: true, options: o };
}
