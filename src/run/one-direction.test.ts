// One direction of flow: the run code (controller, sweep runner, backends, sweeps) knows no store; the stores subscribe
// to its events (src/state/run.ts, src/state/sweep.ts, wired in src/app). And the view registry stays free of
// React and CSS, since the link codec (and through it the e2e specs) reads it.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../', import.meta.url);

function sources(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(new URL(dir, SRC), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\.ts$/.test(f) && keep(f))
    .map((f) => `${dir}${f}`);
}

const imports = (file: string) =>
  [...readFileSync(new URL(file, SRC), 'utf8').matchAll(/^(?:import|export)[^;]*?from '([^']+)'/gms)].map(
    (m) => m[1],
  );

describe('one direction of flow', () => {
  it('nothing under src/run (or the sweep code it runs, src/sweep) imports a store', () => {
    const files = [...sources('run/', () => true), ...sources('sweep/', () => true)];
    expect(files.length).toBeGreaterThan(10);
    const bad = files.flatMap((f) =>
      imports(f)
        .filter((i) => /(^|\/)state\//.test(i))
        .map((i) => `${f} → ${i}`),
    );
    expect(bad).toEqual([]);
  });

  it('the view registry and the views’ declarations import no React, CSS or store', () => {
    const files = [
      'views/registry.ts',
      'views/types.ts',
      ...sources('views/', (f) => /(^|\/)(view|grid)\.ts$/.test(f)),
    ];
    expect(files.length).toBeGreaterThanOrEqual(8);
    const bad = files.flatMap((f) =>
      imports(f)
        .filter((i) => /^react|\.css$|\.tsx$|(^|\/)state\/|\/[A-Z]\w*$/.test(i))
        .map((i) => `${f} → ${i}`),
    );
    expect(bad).toEqual([]);
  });
});
