import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { build, type PreviewServer, preview } from 'vite';
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/chromium';
import { CpuMonitor } from './cpu-monitor';
import { type BenchOptions, parseArgs, USAGE } from './grid';
import {
  type BenchRun,
  breakdownTable,
  type CaseResult,
  type CheckResult,
  checkTable,
  cpuTimeTable,
  evaluateTargets,
  formatTargets,
  markdownReport,
  mergeRuns,
  resultsTable,
  rooflineTable,
} from './report';

const BENCH_ARGS = ['--enable-unsafe-webgpu', ...CHROMIUM_ARGS];

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');
const minutes = (ms: number) => `${(ms / 60000).toFixed(1)} min`;

function printReport(run: BenchRun): void {
  const out: string[] = [];
  if (run.checks.length)
    out.push('', 'Check: losses at steps 1..4 (each before its update)', checkTable(run.checks));
  const rt = rooflineTable(run.roofline);
  if (rt) out.push('', 'Roofline: plain f32 matmul on the same adapter', rt);
  out.push('', `ms per training step (${run.adapter})`, resultsTable(run.results));
  const ct = cpuTimeTable(run.results);
  if (ct)
    out.push('', 'CPU time of the browser per step (ms; SwiftShader is a CPU: robust to other load)', ct);
  const bd = breakdownTable(run.results);
  if (bd) out.push('', 'Forward only vs full step (wall ms)', bd);
  out.push('', 'Targets (wall time)', formatTargets(evaluateTargets(run.results)));
  if (ct)
    out.push(
      '',
      'Targets (a)–(c) judged on CPU time',
      formatTargets(evaluateTargets(run.results, 'cpu').filter((t) => t.id !== 'd')),
    );
  if (!run.complete) out.push('', `INCOMPLETE RUN: ${run.error ?? 'stopped early'}`);
  console.log(out.join('\n'));
}

function save(root: string, run: BenchRun): string {
  const dir = resolve(root, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const base = resolve(dir, stamp());
  writeFileSync(`${base}.json`, `${JSON.stringify(run, null, 2)}\n`);
  writeFileSync(`${base}.md`, markdownReport(run));
  return base;
}

async function main(): Promise<number> {
  const root = process.cwd();
  if (!existsSync(resolve(root, 'bench/index.html'))) {
    console.error('run `npm run bench` from the repository root');
    return 2;
  }
  const argv = process.argv.slice(2);
  if (argv.includes('--node')) {
    // Node + Dawn instead of Chromium (bench/node.ts): no page, no baselines
    const { runNodeBench } = await import('./node');
    return runNodeBench(argv);
  }
  if (argv[0] === '--report') {
    // re-print (and merge) saved runs: npm run bench -- --report bench-results/a.json [b.json …]
    const files = argv.slice(1);
    if (files.length === 0) {
      console.error('--report needs one or more bench-results/*.json files');
      return 2;
    }
    const run = mergeRuns(files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as BenchRun));
    printReport(run);
    if (files.length > 1) console.log(`\nmerged ${files.length} runs; wrote ${save(root, run)}.{json,md}`);
    return 0;
  }
  let cli: ReturnType<typeof parseArgs>;
  try {
    cli = parseArgs(argv);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    return 2;
  }
  if (cli.help) {
    console.log(USAGE);
    console.log(
      'npm run bench -- --node [options]   the engine under Node + Dawn, no browser (--node --help)',
    );
    return 0;
  }
  const options: BenchOptions = cli.bench;
  const configFile = resolve(root, 'bench/vite.config.ts');
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    console.error(`Chromium not found at ${executablePath} (set CHROMIUM_PATH).`);
    return 2;
  }

  const t0 = Date.now();
  console.log('building the bench page (vite build --mode page) …');
  await build({ configFile, mode: 'page', logLevel: 'warn' });
  let server: PreviewServer | null = null;
  let browser: Browser | null = null;
  // what the page has streamed so far: kept if the run dies half-way
  const checks: CheckResult[] = [];
  const results: CaseResult[] = [];
  let adapter = 'unknown adapter';
  let finished: BenchRun | null = null;
  let exit = 0;
  const monitor = new CpuMonitor();
  const runStart = { t: Date.now(), foreign: monitor.sample() };
  let caseStart = { ...runStart };
  const otherCores = (from: { t: number; foreign: number }) =>
    (monitor.sample() - from.foreign) / Math.max(1e-3, (Date.now() - from.t) / 1000);

  const gate = Number.isFinite(cli.quietBelow)
    ? `before each round of timed blocks the page waited until other processes had used < ${cli.quietBelow} cores over 2 s (at most ${cli.maxWaitMs / 1000} s each time; after 3 such timeouts in a row, no waiting for 10 min)`
    : 'no waiting for a quiet machine (--no-wait)';
  const partial = (error: string): BenchRun => ({
    startedAt: new Date(t0).toISOString(),
    adapter,
    userAgent: '',
    tfjsBackend: '',
    options,
    checks,
    results,
    elapsedMs: Date.now() - t0,
    complete: false,
    error,
    otherCores: otherCores(runStart),
    gate,
  });

  const onSignal = async () => {
    console.error('\ninterrupted: writing what has finished');
    const run = partial('interrupted');
    printReport(run);
    console.log(`wrote ${save(root, run)}.{json,md}`);
    await Promise.race([browser?.close(), new Promise((r) => setTimeout(r, 5000))]);
    process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    server = await preview({
      configFile,
      mode: 'page',
      logLevel: 'warn',
      preview: { host: '127.0.0.1', strictPort: false },
    });
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('vite preview did not report a URL');
    console.log(`serving ${url}; launching ${executablePath} (headless${cli.headed ? ': off' : ''})`);
    browser = await chromium.launch({ executablePath, headless: !cli.headed, args: BENCH_ARGS });
    const page = await browser.newPage();
    page.on('console', (msg) => {
      const text = msg.text();
      if (text.startsWith('BENCH:RESULT ')) {
        const r = JSON.parse(text.slice(13)) as CaseResult;
        r.otherCores = otherCores(caseStart);
        results.push(r);
        console.log(`  other processes used ${r.otherCores.toFixed(2)} CPU cores during this case`);
      } else if (text.startsWith('BENCH:CHECK ')) checks.push(JSON.parse(text.slice(12)) as CheckResult);
      else {
        if (text.startsWith('adapter: ')) adapter = text.slice(9);
        if (/^\[\d+\/\d+\] /.test(text)) caseStart = { t: Date.now(), foreign: monitor.sample() };
        console.log(`${msg.type() === 'error' ? '[page error] ' : ''}${text}`);
      }
    });
    await page.exposeFunction('benchCpuSeconds', () => monitor.browserCpuSeconds());
    if (Number.isFinite(cli.quietBelow))
      await page.exposeFunction('benchGate', () => monitor.waitQuiet(cli.quietBelow, cli.maxWaitMs));
    page.on('pageerror', (e) => console.error(`[page] ${e.name}: ${e.message}`));
    page.on('crash', () => console.error('[page] crashed'));
    await page.goto(url);
    await page.waitForFunction(() => window.benchReady === true);
    const g = options.grid;
    console.log(
      `grid: N ∈ {${g.N.join(', ')}}, B ∈ {${g.B.join(', ')}}, d ∈ {${g.d.join(', ')}}, M ∈ {${g.M.join(', ')}}, ` +
        `${g.schemes.join(' + ')}; baselines: ${[options.tfjs && 'TF.js', options.jax.length && `jax-js ${options.jax.join('+')}`, options.cpu && 'CPU float64', options.wasm && 'our WASM float32'].filter(Boolean).join(', ') || 'none'}`,
    );
    const run = await page.evaluate((o) => window.runBench(o), options);
    // the streamed copies carry the runner's load measurements
    finished = { ...run, results: results.length === run.results.length ? results : run.results };
    finished.otherCores = otherCores(runStart);
    finished.gate = gate;
    if (!finished.complete) exit = 1;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    console.error(`\nABORTED: ${msg}`);
    finished = partial(msg);
    exit = 1;
  } finally {
    monitor.stop();
    await browser?.close().catch(() => {});
    await server?.close().catch(() => {});
  }
  printReport(finished);
  console.log(`\ntotal ${minutes(Date.now() - t0)}; wrote ${save(root, finished)}.{json,md}`);
  return exit;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
