// The export's data file, the probe's mini-batch record and the zip the app downloads.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExperiment, runProbe } from '../../cli/experiment';
import { batchIndices } from '../../core/batches';
import { makeDataset } from '../../core/data';
import { initWeights, netSpec } from '../../core/params';
import { makeConfig } from '../../core/testing';
import { CpuBackend } from '../../run/cpu-backend';
import { crc32, zipFiles } from '../zip';
import { pytorchExport, pytorchFiles } from './bundle';

const config = makeConfig({
  data: { kind: 'spirals', nTrain: 20, nTest: 6 },
  model: { d: 3, width: 4, depth: 5, embedding: 'random' },
  train: { batchSize: 6, optimizer: 'sgd', lrDepthMult: 'N' },
});

describe('experiment.json', () => {
  it('holds the data as generated, the derived numbers and the initial weights', () => {
    const spec = netSpec(config);
    const data = makeDataset(config);
    const w = initWeights(config, spec);
    const ex = pytorchExport(config, 'v=2', spec, data, w, 0);
    expect(ex.data.train.x.flat()).toEqual(Array.from(data.train.x));
    expect(ex.data.test.y.flat()).toEqual(Array.from(data.test.y));
    expect(ex.data.train.labels).toEqual(Array.from(data.train.labels!));
    expect(ex.data.diagnosticIndices).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(ex.model.residualScale).toBe(1 / 5);
    expect(ex.train.lrResidual).toBe(config.train.lr * 5);
    expect(ex.train.batch).toBe(6);
    expect(ex.initial.sets).toHaveLength(spec.P);
    expect(ex.initial.embedding.flat()).toEqual(Array.from(w.embed));
    // JSON keeps every float64 exactly
    const back = JSON.parse(pytorchFiles('', ex)['experiment.json']);
    expect(back.initial).toEqual(ex.initial);
  });

  it('refuses a scheme experiment.py does not implement, saying which (midpoint, RK4)', () => {
    for (const [id, name] of [
      ['midpoint', 'midpoint'],
      ['rk4', 'RK4'],
    ] as const) {
      const c = { ...config, model: { ...config.model, scheme: id } };
      const spec = netSpec(c);
      expect(() => pytorchExport(c, 'v=2', spec, makeDataset(c), initWeights(c, spec), 0)).toThrow(
        `the PyTorch export has no ${name} scheme yet: it exports model.scheme = euler, heun`,
      );
    }
  });
});

describe('probe.json', () => {
  it("records every step's mini-batch indices", async () => {
    const b = new CpuBackend(config);
    const { weights } = await runExperiment(b, config, '', { steps: 7, evalEvery: 7 });
    const probe = await runProbe(b, weights, { config, from: 0 });
    expect(probe.batches?.firstStep).toBe(1);
    expect(probe.batches?.indices).toHaveLength(7);
    // 3 batches of 6 per epoch (2 samples dropped), a new permutation each epoch
    expect(probe.batches?.indices[4]).toEqual(Array.from(batchIndices(config, 4)));
    expect(probe.batches?.indices[0]).not.toEqual(probe.batches?.indices[3]);
  });
});

describe('zip', () => {
  it('crc32 is the standard one', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it("Python's zipfile reads the archive back byte for byte", () => {
    const py = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'; // no torch needed
    const files = { 'experiment.py': 'print("π")\n', 'experiment.json': '{"a": [1, 2.5]}\n' };
    const dir = mkdtempSync(join(tmpdir(), 'ode-lens-zip-'));
    try {
      writeFileSync(join(dir, 'x.zip'), zipFiles(files, 'ode-lens-pytorch'));
      const r = spawnSync(py, ['-m', 'zipfile', '-t', 'x.zip'], { cwd: dir, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      spawnSync(py, ['-m', 'zipfile', '-e', 'x.zip', 'out'], { cwd: dir });
      for (const [name, text] of Object.entries(files))
        expect(readFileSync(join(dir, 'out', 'ode-lens-pytorch', name), 'utf8')).toBe(text);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
