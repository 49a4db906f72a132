// How much CPU other processes use while the benchmark runs (Linux /proc): this 2-core machine is shared, and
// SwiftShader, TF.js and the float64 reference all run on those cores, so a busy neighbour slows every column.
// Busy ticks of the whole machine minus those of this process and its descendants (the browser), in cores.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_S = 100; // USER_HZ on Linux

function machineBusyTicks(): number {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal …: busy = all − idle − iowait (guest time is inside user)
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  return total - f[3] - f[4];
}

/** CPU ticks of `root` and all its descendants, and of `root` alone. */
function treeTicks(root: number): { all: number; self: number } {
  const procs: { pid: number; ppid: number; ticks: number }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const s = readFileSync(`/proc/${name}/stat`, 'utf8');
      const rest = s.slice(s.lastIndexOf(')') + 2).split(' ');
      // rest[0] = state (field 3), so field k is rest[k − 3]: ppid 4, utime 14, stime 15
      procs.push({ pid: Number(name), ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]) });
    } catch {
      // the process exited while we looked
    }
  }
  const children = new Map<number, number[]>();
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p.pid]);
  const mine = new Set<number>([root]);
  const stack = [root];
  while (stack.length) {
    for (const c of children.get(stack.pop()!) ?? []) {
      if (mine.has(c)) continue;
      mine.add(c);
      stack.push(c);
    }
  }
  return {
    all: procs.filter((p) => mine.has(p.pid)).reduce((s, p) => s + p.ticks, 0),
    self: procs.find((p) => p.pid === root)?.ticks ?? 0,
  };
}

/**
 * Cumulative CPU-seconds used by other processes, sampled every `intervalMs` (often, so that ticks of our own
 * short-lived children are not mistaken for foreign ones), and a gate that waits for a quiet machine.
 * Unavailable (NaN, and the gate opens at once) off Linux.
 */
export class CpuMonitor {
  private foreign = 0;
  private last: { busy: number; mine: number } | null = null;
  private readonly timer: ReturnType<typeof setInterval> | null = null;
  /** (time ms, cumulative foreign CPU-seconds), the last few minutes. */
  private readonly history: [number, number][] = [];

  constructor(intervalMs = 500) {
    try {
      this.sample();
      this.timer = setInterval(() => this.sample(), intervalMs);
      this.timer.unref();
    } catch {
      this.foreign = Number.NaN;
    }
  }

  /** Cumulative CPU-seconds other processes used since the monitor started. */
  sample(): number {
    if (Number.isNaN(this.foreign)) return Number.NaN;
    try {
      const now = { busy: machineBusyTicks(), mine: treeTicks(process.pid).all };
      if (this.last)
        this.foreign += Math.max(0, now.busy - this.last.busy - Math.max(0, now.mine - this.last.mine));
      this.last = now;
    } catch {
      this.foreign = Number.NaN;
    }
    const t = Date.now();
    const v = this.foreign / TICKS_PER_S;
    this.history.push([t, v]);
    while (this.history.length > 2 && this.history[0][0] < t - 300_000) this.history.shift();
    return v;
  }

  /** Cores other processes used over the last `windowMs` (NaN until there is a window's worth of samples). */
  recentCores(windowMs: number): number {
    const [t1, v1] = [Date.now(), this.sample()];
    const old = this.history.find(([t]) => t >= t1 - windowMs);
    if (!old || t1 - old[0] < windowMs / 2) return Number.NaN;
    return (v1 - old[1]) / ((t1 - old[0]) / 1000);
  }

  private timeouts = 0;
  private backoffUntil = 0;

  /**
   * Wait until other processes used < `cores` over the last `windowMs`, at most `maxWaitMs`; returns ms waited.
   * After 3 waits in a row that ran out, stops waiting for 10 minutes (the machine is busy for long stretches).
   */
  async waitQuiet(cores: number, maxWaitMs: number, windowMs = 2000): Promise<number> {
    const t0 = Date.now();
    if (t0 < this.backoffUntil) return 0;
    for (;;) {
      const c = this.recentCores(windowMs);
      if (!(c >= cores)) {
        this.timeouts = 0;
        return Date.now() - t0;
      }
      if (Date.now() - t0 >= maxWaitMs) {
        if (++this.timeouts >= 3) {
          this.timeouts = 0;
          this.backoffUntil = Date.now() + 600_000;
        }
        return Date.now() - t0;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** CPU-seconds used so far by this process's descendants (the browser), NaN off Linux. */
  browserCpuSeconds(): number {
    try {
      const t = treeTicks(process.pid);
      return (t.all - t.self) / TICKS_PER_S;
    } catch {
      return Number.NaN;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
