// Fault injection for the runner as users run it (the built script in a child process): output directories the
// file system refuses, repeated flags, SIGINT/SIGTERM in the middle of a run, a diverging run. Each fault must end
// fast with one line, the documented exit code and nothing left behind (no output, no hidden `.partial` folder).
// Before these fixes: EACCES/EPERM/ENOTDIR surfaced as a stack trace after the whole run, `--out /proc/x` looped
// forever in mkdir, a kill left `.DIR.partial-PID`, a repeated flag took the last value, no progress was printed.
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtRunner } from './built-runner';

const runner = builtRunner('faults-test');
const script = runner.script;
const dir = () => runner.dir();

/** A run that would train for hours: a check that waits for the end of training cannot pass in time. */
const LONG = ['--link', '#v=2', '--steps', '10000000', '--backend', 'cpu'];

function run(args: string[], opts: { uid?: number; timeout?: number } = {}) {
  return runner.run(args, { timeout: 60_000, ...opts });
}

/** No hidden partial folder anywhere under the test directory. */
function partials(): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name.includes('.partial-')) found.push(join(d, e.name));
      if (e.isDirectory()) walk(join(d, e.name));
    }
  };
  walk(dir());
  return found;
}

/** One line on stderr, `error: …`, and no stack frame. */
function expectOneLine(err: string, message: RegExp) {
  const lines = err.trim().split('\n');
  expect(lines, err).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[0]).toMatch(message);
  expect(err).not.toMatch(/^\s+at /m);
}

describe('runner faults: output directories the file system refuses (checked before any training)', () => {
  const root0 = process.getuid?.() === 0;
  const cases: { name: string; out: () => string | null; message: RegExp; uid?: number }[] = [
    {
      name: 'ENOTDIR: a path through a regular file',
      out: () => {
        writeFileSync(join(dir(), 'afile'), 'x');
        return join(dir(), 'afile', 'sub');
      },
      message: /not a directory/,
    },
    {
      name: 'an existing regular file',
      out: () => {
        writeFileSync(join(dir(), 'bfile'), 'x');
        return join(dir(), 'bfile');
      },
      message: /exists and is not a directory/,
    },
    {
      name: 'a missing parent',
      out: () => join(dir(), 'no', 'such', 'parent'),
      message: /parent directory .* does not exist/,
    },
    {
      name: '/proc/x (a recursive mkdir looped there forever)',
      out: () => (existsSync('/proc/self') ? '/proc/ode-lens-x' : null),
      message: /cannot write in \/proc: no such directory \(ENOENT\)/,
    },
    {
      name: 'EPERM: /sys',
      out: () => (existsSync('/sys/kernel') ? '/sys/ode-lens-x' : null),
      message:
        /cannot write in \/sys: (operation not permitted \(EPERM\)|permission denied \(EACCES\)|read-only)/,
    },
    {
      name: 'EACCES: a directory without write permission',
      out: () => {
        const locked = join(dir(), 'locked');
        mkdirSync(locked, { mode: 0o555 });
        chmodSync(locked, 0o555);
        return join(locked, 'out');
      },
      message: /cannot write in .*locked: permission denied \(EACCES\)/,
      // root may write anywhere: run the runner as `nobody` to meet the permission check
      uid: root0 ? 65534 : undefined,
    },
  ];
  for (const c of cases)
    it(`${c.name}: exits 2 within seconds with one line, leaves nothing`, (ctx) => {
      const out = c.out();
      if (out === null) ctx.skip();
      const r = run([...LONG, '--out', out!], { uid: c.uid, timeout: 30_000 });
      expect(r.signal, 'the runner hung').toBeNull();
      expect(r.code, r.err).toBe(2);
      expectOneLine(r.err, c.message);
      expect(r.ms).toBeLessThan(15_000);
      expect(r.out).not.toMatch(/step/); // no training happened
      if (c.name.startsWith('an existing')) expect(readFileSync(out!, 'utf8')).toBe('x');
      else expect(existsSync(out!)).toBe(false);
      expect(partials()).toEqual([]);
    });
});

describe('runner faults: repeated flags', () => {
  it.each([
    ['--out', ['--preset', 'sander-fig2-linear', '--out', 'a', '--out', 'b']],
    ['--steps', ['--preset', 'sander-fig2-linear', '--out', 'a', '--steps', '1', '--steps', '2']],
  ])('a repeated %s exits 2 and writes nothing', (flag, args) => {
    const r = run(args as string[]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${flag} is given more than once`);
    expect(existsSync('a') || existsSync('b')).toBe(false);
  });
});

function spawnRun(args: string[]): { child: ChildProcess; err: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (b) => {
    err += b;
  });
  child.stdout!.resume();
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, err: () => err, exit };
}

async function until(ok: () => boolean, ms: number): Promise<void> {
  const t0 = Date.now();
  while (!ok()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('runner faults: SIGINT/SIGTERM during a run', () => {
  // three kill times each: as soon as the hidden folder exists, after the first progress line, a second later
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)
    for (const when of ['reserved', 'training', 'later'] as const)
      it(`${signal} (${when}) exits ${code}, says so and leaves no partial folder`, async () => {
        const out = join(dir(), `killed-${signal}-${when}`);
        const r = spawnRun([...LONG, '--out', out]);
        await until(() => partials().length > 0, 30_000);
        if (when !== 'reserved') await until(() => /step +\d+\/10000000/.test(r.err()), 30_000);
        if (when === 'later') await new Promise((ok) => setTimeout(ok, 1000));
        r.child.kill(signal);
        expect(await r.exit).toBe(code);
        expect(r.err()).toContain(`interrupted (${signal}): nothing was written`);
        expect(existsSync(out)).toBe(false);
        expect(partials()).toEqual([]);
      }, 60_000);
});

describe('runner faults: divergence and progress', () => {
  it('a diverging run exits 1 with one line, no stack trace, and writes nothing', () => {
    const target = join(dir(), 'diverged');
    const link =
      '#v=2&model.residual=linear&model.scale=1&model.depth=32&train.optimizer=gd&train.lr=1000000&train.lrDepthMult=N';
    const r = run(['--link', link, '--out', target, '--steps', '50', '--backend', 'cpu', '--quiet']);
    expect(r.code).toBe(1);
    expectOneLine(r.err, /diverged/);
    expect(existsSync(target)).toBe(false);
    expect(partials()).toEqual([]);
  });

  it('progress goes to stderr (results stay on stdout) and --quiet turns it off', () => {
    const args = ['--link', '#v=2', '--steps', '40', '--backend', 'cpu'];
    const loud = run([...args, '--out', join(dir(), 'loud')]);
    expect(loud.code, loud.err).toBe(0);
    expect(loud.err).toMatch(/step +40\/40 \(100%\) {2}loss \d\.\d{4}e[-+]\d+ {2}.* left/);
    expect(loud.out).not.toMatch(/step +\d+\//);
    expect(loud.out).toMatch(/^done: /m);
    const quiet = run([...args, '--quiet', '--out', join(dir(), 'quiet')]);
    expect(quiet.code, quiet.err).toBe(0);
    expect(quiet.err).toBe('');
    expect(quiet.out).toBe('');
    expect(readdirSync(join(dir(), 'quiet'))).toContain('result.json');
  });
});
