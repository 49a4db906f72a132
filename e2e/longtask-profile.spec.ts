// Where the main thread's long tasks come from (a diagnosis, not a check): trains N = 2048, M = 64 (or
// E2E_PROFILE_DEPTH / E2E_PROFILE_WIDTH) on each engine for E2E_PROFILE_S seconds under a Chromium trace (timeline
// and V8 sampling profiler), then prints every main-thread task over 50 ms with what ran in it: the trace events
// directly under it (script, style, layout, paint, GC) and the JS functions with the most self time in its samples.
// Opt-in: E2E_PROFILE=1 (E2E_PROFILE_ENGINES=cpu to profile one engine).
import { readFileSync, writeFileSync } from 'node:fs';
import { type CDPSession, expect, type Page, test } from '@playwright/test';
import { openDeep, pinEngine } from './run-helpers';

test.setTimeout(600_000);
// Playwright's trace recorder snapshots the DOM in the page on every action: hundreds of ms of main-thread tasks
// that are the harness's, not the app's (measured: ~90% of the long tasks of a traced run)
test.use({ trace: 'off', screenshot: 'off' });
test.skip(!process.env.E2E_PROFILE, 'set E2E_PROFILE=1 to profile main-thread long tasks');

const LONG_MS = 50;

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: Record<string, unknown> & { data?: Record<string, unknown> & { name?: string } };
}

interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { functionName: string; url?: string; lineNumber: number; columnNumber: number };
}

async function traced(cdp: CDPSession, run: () => Promise<void>): Promise<TraceEvent[]> {
  await cdp.send('Tracing.start', {
    transferMode: 'ReturnAsStream',
    traceConfig: {
      includedCategories: [
        'toplevel',
        'devtools.timeline',
        'disabled-by-default-devtools.timeline',
        'v8.execute',
        'disabled-by-default-v8.cpu_profiler',
        'blink.user_timing',
        'v8',
      ],
    },
  });
  await run();
  const done = new Promise<string>((resolve) =>
    cdp.once('Tracing.tracingComplete', (e) => resolve(e.stream as string)),
  );
  await cdp.send('Tracing.end');
  const stream = await done;
  const parts: string[] = [];
  for (;;) {
    const r = await cdp.send('IO.read', { handle: stream, size: 1 << 20 });
    parts.push(r.base64Encoded ? Buffer.from(r.data, 'base64').toString('utf8') : r.data);
    if (r.eof) break;
  }
  await cdp.send('IO.close', { handle: stream });
  const json = JSON.parse(parts.join('')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  return Array.isArray(json) ? json : (json.traceEvents ?? []);
}

/** The page's renderer main thread: the thread named CrRendererMain that ran the most script. */
function mainThread(events: TraceEvent[]): { pid: number; tid: number } {
  const mains = events.filter(
    (e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain',
  );
  let best = { pid: 0, tid: 0 };
  let most = -1;
  for (const m of mains) {
    const n = events.filter((e) => e.pid === m.pid && e.tid === m.tid && e.name === 'FunctionCall').length;
    if (n > most) [best, most] = [{ pid: m.pid, tid: m.tid }, n];
  }
  return best;
}

/** JS samples of the main thread: [timestamp µs, node id], with the node table. */
function samples(events: TraceEvent[], pid: number, tid: number) {
  const nodes = new Map<number, ProfileNode>();
  const out: [number, number][] = [];
  const profiles = new Map<string, number>(); // profile id → start time
  for (const e of events)
    if (e.name === 'Profile' && e.pid === pid && e.tid === tid && e.id)
      profiles.set(e.id, (e.args?.data as { startTime?: number } | undefined)?.startTime ?? e.ts);
  const clock = new Map<string, number>();
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || e.pid !== pid || !e.id || !profiles.has(e.id)) continue;
    const d = e.args?.data as {
      cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] };
      timeDeltas?: number[];
    };
    for (const n of d.cpuProfile?.nodes ?? []) nodes.set(n.id, n);
    let t = clock.get(e.id) ?? profiles.get(e.id)!;
    const s = d.cpuProfile?.samples ?? [];
    const dt = d.timeDeltas ?? [];
    for (let i = 0; i < s.length; i++) {
      t += dt[i] ?? 0;
      out.push([t, s[i]]);
    }
    clock.set(e.id, t);
  }
  return { nodes, samples: out };
}

function frameName(n: ProfileNode | undefined): string {
  if (!n) return '?';
  const f = n.callFrame;
  const file = (f.url ?? '').split('/').pop() ?? '';
  return `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}` : ''}`;
}

function top(m: Map<string, number>, k: number, unit = 'ms'): string {
  return [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .map(([n, v]) => `      ${v.toFixed(1).padStart(7)} ${unit}  ${n}`)
    .join('\n');
}

function add(m: Map<string, number>, k: string, v: number) {
  m.set(k, (m.get(k) ?? 0) + v);
}

/** A text report of each long task of the main thread. */
function report(events: TraceEvent[]): string {
  const { pid, tid } = mainThread(events);
  const mine = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.dur !== undefined);
  const tasks = mine
    .filter((e) => e.name === 'RunTask' && e.dur! > LONG_MS * 1000)
    .sort((a, b) => a.ts - b.ts);
  const { nodes, samples: js } = samples(events, pid, tid);
  const t0 = mine.length ? Math.min(...mine.map((e) => e.ts)) : 0;
  const lines = [
    `${tasks.length} main-thread tasks over ${LONG_MS} ms (renderer pid ${pid}, ${js.length} JS samples)`,
  ];
  const allKinds = new Map<string, number>();
  const allSelf = new Map<string, number>();
  for (const task of tasks) {
    const [a, b] = [task.ts, task.ts + task.dur!];
    // self time of the trace events inside the task, by name (an event's time less its children's)
    const inside = mine
      .filter((e) => e !== task && e.ts >= a && e.ts + e.dur! <= b)
      .sort((x, y) => x.ts - y.ts || y.dur! - x.dur!);
    const kinds = new Map<string, number>();
    const open: { end: number; key: string; child: number; dur: number }[] = [];
    const close = (until: number) => {
      while (open.length && open[open.length - 1].end <= until) {
        const o = open.pop()!;
        add(kinds, o.key, (o.dur - o.child) / 1000);
      }
    };
    for (const e of inside) {
      close(e.ts);
      if (open.length) open[open.length - 1].child += e.dur!;
      const what = e.args?.data?.type ?? e.args?.data?.functionName ?? e.args?.data?.name ?? '';
      open.push({ end: e.ts + e.dur!, key: `${e.name}${what ? ` (${what})` : ''}`, child: 0, dur: e.dur! });
    }
    close(Number.POSITIVE_INFINITY);
    const self = new Map<string, number>();
    const stacks = new Map<string, number>();
    for (let i = 0; i < js.length; i++) {
      const [t, id] = js[i];
      if (t < a || t > b) continue;
      const dt = ((js[i + 1]?.[0] ?? t) - t) / 1000;
      const n = nodes.get(id);
      add(self, frameName(n), dt);
      // the nearest frames of the app's own code (skip the runtime's and the library's)
      const chain: string[] = [];
      for (let p: ProfileNode | undefined = n; p && chain.length < 4; p = nodes.get(p.parent ?? -1))
        if (/\/(assets|src)\//.test(p.callFrame.url ?? '')) chain.push(frameName(p));
      if (chain.length) add(stacks, chain.join(' ← '), dt);
    }
    for (const [k, v] of kinds) add(allKinds, k, v);
    for (const [k, v] of self) add(allSelf, k, v);
    lines.push(
      `  task at ${((a - t0) / 1e6).toFixed(2)} s: ${(task.dur! / 1000).toFixed(0)} ms`,
      '    events:',
      top(kinds, 8),
      '    JS self time:',
      top(self, 8),
      '    app frames (innermost first):',
      top(stacks, 6),
    );
  }
  lines.push('  over all long tasks, events:', top(allKinds, 12), '  JS self time:', top(allSelf, 15));
  return lines.join('\n');
}

const engines = (process.env.E2E_PROFILE_ENGINES ?? 'webgpu,cpu').split(',') as ('webgpu' | 'cpu')[];
const depth = Number(process.env.E2E_PROFILE_DEPTH ?? 2048);
const width = Number(process.env.E2E_PROFILE_WIDTH ?? 64);
const seconds = Number(process.env.E2E_PROFILE_S ?? 20);

// E2E_PROFILE_FILE=trace.json: report on a trace saved by an earlier run (no browser)
const saved = process.env.E2E_PROFILE_FILE;
if (saved)
  test(`report on ${saved}`, () => {
    const json = JSON.parse(readFileSync(saved, 'utf8')) as { traceEvents: TraceEvent[] };
    console.log(report(json.traceEvents));
  });

for (const engine of saved ? [] : engines) {
  test(`profile the main thread at N = ${depth}, M = ${width} on ${engine}`, async ({ page }, info) => {
    await pinEngine(page, engine);
    await openDeep(page, depth, width);
    const cdp = await page.context().newCDPSession(page as Page);
    const events = await traced(cdp, async () => {
      await page.locator('body').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('Space');
      await expect(page.getByTestId('run-bar')).toHaveAttribute('data-status', 'playing');
      for (let i = 0; i < seconds; i++) {
        await page.waitForTimeout(1000);
        await page.keyboard.press('Shift');
      }
      await page.keyboard.press('Space');
    });
    // the raw trace too (chrome://tracing or the DevTools Performance panel open it)
    // (E2E_PROFILE_OUT: a folder outside test-results, which the next run empties)
    const out = process.env.E2E_PROFILE_OUT;
    const path = out ? `${out}/trace-${engine}.json` : info.outputPath('trace.json');
    writeFileSync(path, JSON.stringify({ traceEvents: events }));
    const text = `[${engine}] ${report(events)}`;
    writeFileSync(info.outputPath('longtasks.txt'), text);
    console.log(text);
  });
}
