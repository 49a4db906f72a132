// Headless experiment runner: `npm run experiment -- (--link URL | --preset NAME) --out DIR [--steps K] [--probe]
// [--sweep] [--backend auto|webgpu|cpu|wasm]`. Runs the same engine as the app (Node + Dawn, or the float64 CPU engine), prints
// progress on stderr, writes DIR/result.json, CSVs and (with --probe) probe.json. Exit codes: 0 ok, 2 bad
// arguments, link or output directory, 3 the config does not fit the GPU, 1 anything else (one line, no stack),
// 130/143 interrupted by SIGINT/SIGTERM; nothing is written unless the run completes.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs, USAGE } from '../src/cli/args';
import { type RunnerEngine, resultChoice, selectBackend, timingLines } from '../src/cli/engine';
import { resultCsvs, runExperiment, runProbe } from '../src/cli/experiment';
import { provisionFromDisk } from '../src/cli/images';
import { progressLine, throttled } from '../src/cli/progress';
import { runConfigSweep, sweepCsv } from '../src/cli/sweep';
import { discardReservations, reserveOutDir } from '../src/cli/write';
import type { ExperimentConfig } from '../src/core/config';
import { initWeights, netSpec, type Weights } from '../src/core/params';
import { untiedConfig, untieWeights } from '../src/core/untie';
import { EngineLimitError } from '../src/engine/plan';
import { PYTORCH_SCRIPT_FILE, pytorchExport, pytorchFiles } from '../src/export/pytorch/bundle';
import { PYTORCH_SCRIPT } from '../src/export/pytorch/template';
import { importWeights } from '../src/export/pytorch/weights';
import { decodeLink, encodeLink } from '../src/link/codec';
import { PRESETS, presetConfig } from '../src/presets/presets';
import { ENGINE_LABELS } from '../src/run/auto-backend';
import { CpuBackend } from '../src/run/cpu-backend';
import { GpuBackend } from '../src/run/gpu-backend';
import { WasmBackend } from '../src/run/wasm-backend';
import type { ViewsState } from '../src/state/experiment';
import { planSweep } from '../src/sweep/plan';
import { wasmSimdSupported } from '../src/wasm/engine';

const PROGRESS_MS = 3000;

class Exit extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

function resolveConfig(
  link: string | null,
  preset: string | null,
): { config: ExperimentConfig; views: ViewsState; link: string } {
  if (preset !== null) {
    const p = PRESETS.find((x) => x.id === preset);
    if (!p)
      throw new Exit(2, `unknown preset "${preset}"; available: ${PRESETS.map((x) => x.id).join(', ')}`);
    const { config, views } = presetConfig(p);
    return { config, views, link: encodeLink(config, views) };
  }
  const d = decodeLink(link ?? '');
  if (d.rejected.length)
    throw new Exit(
      2,
      `the link has settings that cannot be used:\n${d.rejected.map((r) => `  ${r.field}${r.value ? ` = ${r.value}` : ''}: ${r.reason}`).join('\n')}`,
    );
  return { config: d.config, views: d.views, link: encodeLink(d.config, d.views) };
}

async function main(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    if (parsed.listPresets) {
      for (const p of PRESETS) console.log(`${p.id.padEnd(28)} ${p.title}`);
      return 0;
    }
    if (parsed.message === USAGE) {
      console.log(USAGE);
      return 0;
    }
    throw new Exit(2, parsed.message);
  }
  const o = parsed.options;
  const resolved = resolveConfig(o.link, o.preset);
  const { views } = resolved;
  // --untie K: the weights file belongs to this config; the run is the K× deeper untied network
  let { config, link } = resolved;
  const shallow = config;
  if (o.untie !== null) {
    const u = untiedConfig(config, o.untie);
    if (!u.ok) throw new Exit(2, `--untie ${o.untie}: ${u.message}`);
    config = u.config;
    link = encodeLink(config, views);
  }
  // image data: read and verified from public/data before anything is built (scripts/ and dist-cli/ sit beside it)
  try {
    await provisionFromDisk(config, fileURLToPath(new URL('../public/', import.meta.url)));
  } catch (e) {
    throw new Exit(1, `the data cannot be loaded: ${e instanceof Error ? e.message : String(e)}`);
  }
  // before any work: an output directory that cannot be written fails now, not after the run
  const reserved = reserveOutDir(o.out);
  if (!reserved.ok) throw new Exit(2, reserved.message);
  const outDir = reserved.out;
  const steps = o.steps ?? config.train.steps;
  const evalEvery = o.evalEvery ?? Math.max(1, Math.ceil(steps / 20));
  const log = (s: string) => {
    if (!o.quiet) console.log(s);
  };
  // progress goes to stderr (stdout is for results), a line every few seconds at most
  const progress = throttled((s) => {
    if (!o.quiet) process.stderr.write(`${s}\n`);
  }, PROGRESS_MS);

  if (o.sweep) {
    // a sweep that cannot be planned is a bad argument: say so before training anything
    const planned = planSweep(config, views.sweep);
    if (!planned.ok) throw new Exit(2, `the sweep cannot run: ${planned.errors.join(' ')}`);
  }

  // --weights: the run starts from these (checked against the config's shapes before anything runs)
  let init: { weights: Weights; step: number } | undefined;
  if (o.weights !== null) {
    let text: string;
    try {
      text = readFileSync(o.weights, 'utf8');
    } catch (e) {
      throw new Exit(2, `cannot read --weights ${o.weights}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const r = importWeights(text, netSpec(shallow), initWeights(shallow).embed);
    if (!r.ok) throw new Exit(2, `--weights ${o.weights}: ${r.message}`);
    if (o.untie !== null) {
      // a fresh optimizer from step 0: the deeper network is a new run that starts from copied weights
      init = { weights: untieWeights(netSpec(shallow), r.weights, netSpec(config)), step: 0 };
      log(
        `starting from the weights of ${r.source} (${o.weights}), untied ×${o.untie}: N = ${shallow.model.depth} → ${config.model.depth}, adjoint gradients`,
      );
    } else {
      init = { weights: r.weights, step: r.step };
      log(`starting from the weights of ${r.source} (${o.weights}) at step ${r.step}`);
    }
  }
  // only the run's own config starts from them (not the sweep's other networks)
  const from = (c: ExperimentConfig) => (c === config ? init : undefined);

  // the engines this runner has; --backend auto times them on a few steps and takes the faster
  const engines: RunnerEngine[] = [
    {
      id: 'webgpu',
      open: async () => {
        const { acquireNodeDevice, releaseNodeDevice } = await import('../src/engine/node-device');
        const { device, info } = await acquireNodeDevice();
        const adapterLabel = `${info.vendor} ${info.architecture}`;
        const short = /swiftshader/i.test(`${adapterLabel} ${info.description}`)
          ? 'SwiftShader'
          : info.vendor;
        return {
          label: `${ENGINE_LABELS.webgpu}${short ? ` (${short})` : ''}`,
          create: (c) =>
            GpuBackend.create(device, c, {
              adapterLabel,
              weights: from(c)?.weights,
              startStep: from(c)?.step,
            }),
          release: releaseNodeDevice,
        };
      },
    },
    {
      id: 'cpu',
      open: async () => ({
        label: ENGINE_LABELS.cpu,
        create: async (c) => new CpuBackend(c, from(c)?.weights, undefined, from(c)?.step),
        release: async () => {},
      }),
    },
    {
      id: 'wasm',
      open: async () => {
        if (!wasmSimdSupported()) throw new Error('this Node cannot compile WASM SIMD');
        return {
          label: ENGINE_LABELS.wasm,
          create: async (c) => new WasmBackend(c, from(c)?.weights, undefined, from(c)?.step),
          release: async () => {},
        };
      },
    },
  ];
  if (o.backend === 'auto') log('choosing the engine: timing a few training steps on each…');
  let selected: Awaited<ReturnType<typeof selectBackend>>;
  try {
    selected = await selectBackend(o.backend, config, engines);
  } catch (e) {
    if (e instanceof EngineLimitError)
      throw new Exit(3, `this configuration does not fit the GPU: ${e.message}`);
    throw e;
  }
  const { backend, makeBackend, choice, release } = selected;
  const timings = timingLines(choice);
  log(`engine: ${choice.label} · ${choice.reason}${timings.length ? ` (${timings.join('; ')})` : ''}`);
  try {
    log(
      `ODE Lens runner · ${backend.label} · N=${config.model.depth} ${config.model.scheme} ${config.train.gradMode} · ${steps} steps`,
    );
    const t0 = performance.now();
    // the export starts where this run starts, so that its program reproduces this run
    const firstStep = backend.step;
    const start = o.pytorch ? { weights: await backend.readWeights(), step: firstStep } : null;
    const step0 = firstStep;
    const { result, weights } = await runExperiment(backend, config, link, {
      steps,
      evalEvery,
      choice: resultChoice(o.backend, choice),
      onProgress: (step, loss) =>
        progress(
          () => progressLine(step, step0 + steps, loss, performance.now() - t0, step - step0),
          step === step0 + steps,
        ),
    });
    if (o.sweep) {
      result.sweep = await runConfigSweep(config, views.sweep, makeBackend, (p) => {
        if (p.task)
          progress(
            () =>
              `  sweep ${p.done}/${p.total}: ${p.task!.role === 'reference' ? 'reference ' : ''}N=${p.task!.N} M=${p.task!.M} ${p.phase}${p.phase === 'train' ? ` ${p.trainStep}/${p.trainTotal}` : ''}`,
            p.phase === 'finished',
          );
      });
    }
    const files: Record<string, string> = {
      'result.json': `${JSON.stringify(result, null, 1)}\n`,
      ...resultCsvs(result),
      'timing.json': `${JSON.stringify({ seconds: (performance.now() - t0) / 1000, backend: backend.label, engineTimings: choice.timings, date: new Date().toISOString() }, null, 1)}\n`,
    };
    if (result.sweep) files['sweep.csv'] = sweepCsv(result.sweep);
    if (start)
      Object.assign(
        files,
        pytorchFiles(
          PYTORCH_SCRIPT,
          pytorchExport(config, link, backend.spec, backend.data, start.weights, start.step),
        ),
      );
    if (o.probe)
      files['probe.json'] =
        `${JSON.stringify(await runProbe(backend, weights, { config, from: firstStep }), null, 1)}\n`;
    outDir.commit(files);
    const sm = result.summary;
    const e = (v: number | null) => (v !== null && Number.isFinite(v) ? v.toExponential(3) : '—');
    log(
      `done: train loss ${e(sm.trainLoss)}, test loss ${e(sm.testLoss)}` +
        (sm.testAcc !== null ? `, test accuracy ${(100 * sm.testAcc).toFixed(1)}%` : '') +
        `, adjoint gradient error ${e(sm.gradErrorGlobal)}, N·max‖Δθ‖ ${e(sm.depthSmoothness)}` +
        `, ‖θ − θ_init‖/‖θ_init‖ ${e(sm.weightChange)}` +
        (sm.odeDistance
          ? `, distance to the ODE ${e(sm.odeDistance.max)} (${(100 * sm.odeDistance.relative).toFixed(1)}% of the states' spread)`
          : '') +
        (sm.crossings ? `, crossings ${sm.crossings.count} (${sm.crossings.pairs} pairs)` : ''),
    );
    if (result.sweep) {
      log(`sweep (${result.sweep.metric} against ${result.sweep.xLabel}):`);
      for (const sr of result.sweep.series)
        log(
          sr.fit.kind === 'powerLaw'
            ? `  ${sr.label.padEnd(12)} slope ${sr.slope === null ? '—' : sr.slope.toFixed(3)} (r² ${sr.r2 === null ? '—' : sr.r2.toFixed(3)}, ${sr.points} points${sr.excluded ? `, ${sr.excluded} left out near round-off` : ''}); theory: ${sr.expected}`
            : `  ${sr.label.padEnd(12)} ${sr.readout} (${sr.points} points); theory: ${sr.expected}`,
        );
    }
    const pooled = result.sweep?.pooled;
    if (pooled)
      log(
        `  all points   slope ${pooled.slope === null ? '—' : pooled.slope.toFixed(3)} (r² ${pooled.r2 === null ? '—' : pooled.r2.toFixed(3)}, ${pooled.points} points)`,
      );
    log(`wrote ${o.out}/ (${Object.keys(files).join(', ')})`);
    if (start)
      log(
        `PyTorch: cd ${o.out} && python3 ${PYTORCH_SCRIPT_FILE} --steps ${steps} --out result-pytorch.json [--dtype float32] [--device cuda]`,
      );
    return 0;
  } finally {
    backend.dispose();
    await release();
  }
}

// whatever ends the process, the hidden partial directory goes (a no-op after a completed write)
process.on('exit', discardReservations);
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)
  process.on(signal, () => {
    discardReservations();
    console.error(`interrupted (${signal}): nothing was written`);
    process.exit(code);
  });

/** One line for any failure: the message, never a stack (a stack says nothing a user can act on). */
function oneLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0] || (e instanceof Error ? e.name : 'unknown error');
}

function fail(e: unknown): never {
  discardReservations();
  // argument errors carry the usage or the list of rejected link fields on purpose: print them whole
  console.error(`error: ${e instanceof Exit ? e.message : oneLine(e)}`);
  process.exit(e instanceof Exit ? e.code : 1);
}
// an engine's stray rejection or exception ends the run the same way, not with Node's stack dump
process.on('unhandledRejection', fail);
process.on('uncaughtException', fail);

main(process.argv.slice(2)).then((code) => process.exit(code), fail);
