import { describe, expect, it } from 'vitest';
import { configObjectSchema, defaultConfig, type ExperimentConfig } from '../../core/config';
import { planCommit } from './commit';
import { derivedFacts, usedSetsText } from './derived';
import { ALL_FIELDS, companionEdits, fieldApplies, GROUPS, parseNumberText } from './fields';

function configPaths(): string[] {
  const out: string[] = [];
  const shape = configObjectSchema.shape;
  for (const [k, v] of Object.entries(shape)) {
    if (k === 'version') continue;
    const inner = (v as { shape?: Record<string, unknown> }).shape;
    // data.points (custom data) is edited by the CSV dialog, not by a field control
    if (inner) {
      for (const f of Object.keys(inner)) if (`${k}.${f}` !== 'data.points') out.push(`${k}.${f}`);
    } else out.push(k);
  }
  return out;
}

const at = (path: string) => ALL_FIELDS.find((f) => f.path === path)!;
const cfg = (patch: (c: ExperimentConfig) => void) => {
  const c = defaultConfig();
  patch(c);
  return c;
};

describe('control specs', () => {
  it('has exactly one control for every config field but the seed (which has its own)', () => {
    const paths = ALL_FIELDS.map((f) => f.path);
    expect(new Set(paths).size).toBe(paths.length);
    expect([...paths, 'seed'].sort()).toEqual(configPaths().sort());
  });

  it('puts gradMode under Gradients and every field has a label and help', () => {
    expect(GROUPS.find((g) => g.id === 'grad')!.fields.map((f) => f.path)).toEqual(['train.gradMode']);
    for (const f of ALL_FIELDS) {
      expect(f.label.length, f.path).toBeGreaterThan(1);
      expect(f.help.length, f.path).toBeGreaterThan(15);
      if (f.kind === 'select') expect(f.options?.length, f.path).toBeGreaterThan(1);
    }
  });

  it('hides the fields that do not apply', () => {
    const linear = cfg((c) => {
      c.model.residual = 'linear';
    });
    for (const p of ['model.width', 'model.activation', 'model.innerScale', 'init.stdV'])
      expect(fieldApplies(at(p), linear), p).toBe(false);
    const d = defaultConfig(); // moons, mlp, adam, smooth
    expect(fieldApplies(at('model.width'), d)).toBe(true);
    expect(fieldApplies(at('data.lo'), d)).toBe(false);
    expect(fieldApplies(at('data.inputDim'), d)).toBe(false);
    expect(fieldApplies(at('data.targetStd'), d)).toBe(false);
    expect(fieldApplies(at('train.momentum'), d)).toBe(false);
    expect(fieldApplies(at('train.beta1'), d)).toBe(true);
    expect(fieldApplies(at('model.alpha'), d)).toBe(false);
    expect(fieldApplies(at('init.lengthScale'), d)).toBe(true);
    const square = cfg((c) => {
      c.data.kind = 'square';
    });
    expect(fieldApplies(at('data.lo'), square)).toBe(true);
    expect(fieldApplies(at('data.hi'), square)).toBe(true);
    const gauss = cfg((c) => {
      c.data.kind = 'gaussian';
    });
    expect(fieldApplies(at('data.inputDim'), gauss)).toBe(true);
    expect(fieldApplies(at('data.outputDim'), gauss)).toBe(true);
    const sgd = cfg((c) => {
      c.train.optimizer = 'sgd';
    });
    expect(fieldApplies(at('train.momentum'), sgd)).toBe(true);
    expect(fieldApplies(at('train.eps'), sgd)).toBe(false);
    const gd = cfg((c) => {
      c.train.optimizer = 'gd';
    });
    expect(fieldApplies(at('train.batchSize'), gd)).toBe(false);
    const lazy = cfg((c) => {
      c.train.lrDepthMult = '1/alpha^2';
    });
    expect(fieldApplies(at('model.alpha'), lazy)).toBe(true);
    expect(
      fieldApplies(
        at('model.alpha'),
        cfg((c) => {
          c.model.scale = 'alpha/N';
        }),
      ),
    ).toBe(true);
    const matrix = cfg((c) => {
      c.data.kind = 'matrix';
    });
    expect(fieldApplies(at('data.targetStd'), matrix)).toBe(true);
    expect(fieldApplies(at('data.nTrain'), matrix)).toBe(false);
  });

  it('switches the loss with the kind of dataset', () => {
    const d = defaultConfig();
    expect(companionEdits(d, 'data.kind', 'square')).toEqual({ 'train.loss': 'mse' });
    expect(companionEdits(d, 'data.kind', 'spirals')).toEqual({});
    expect(companionEdits(d, 'model.depth', 4)).toEqual({});
  });

  it('parses number text, keeping what is not a number for the message', () => {
    expect(parseNumberText(' 12 ')).toBe(12);
    expect(parseNumberText('1e-3')).toBe(0.001);
    expect(parseNumberText('abc')).toBe('abc');
    expect(parseNumberText('')).toBe('');
  });
});

describe('planCommit', () => {
  const c = defaultConfig();

  it('applies a valid edit and rejects an invalid one', () => {
    expect(planCommit(c, {}, 'model.depth', 8)).toEqual({
      kind: 'apply',
      edits: { 'model.depth': 8 },
      redraft: {},
    });
    expect(planCommit(c, {}, 'model.depth', 0)).toEqual({ kind: 'reject', edits: { 'model.depth': 0 } });
  });

  it('does nothing when the value is the running one, dropping its draft', () => {
    expect(planCommit(c, {}, 'model.depth', c.model.depth)).toEqual({ kind: 'noop', redraft: {} });
    expect(planCommit(c, { 'model.depth': 0, 'model.d': -1 }, 'model.depth', c.model.depth)).toEqual({
      kind: 'noop',
      redraft: { 'model.d': -1 },
    });
  });

  it('applies pending drafts once a companion edit makes them fit', () => {
    // 'square' with cross-entropy was rejected; choosing mse makes both valid together
    const drafts = { 'data.kind': 'square' };
    expect(planCommit(c, drafts, 'train.loss', 'mse')).toEqual({
      kind: 'apply',
      edits: { 'data.kind': 'square', 'train.loss': 'mse' },
      redraft: {},
    });
  });

  it('applies a valid edit alone and keeps an unrelated bad draft pending', () => {
    expect(planCommit(c, { 'model.depth': 0 }, 'model.width', 8)).toEqual({
      kind: 'apply',
      edits: { 'model.width': 8 },
      redraft: { 'model.depth': 0 },
    });
  });
});

describe('derived facts', () => {
  it('follows the depth conventions', () => {
    const paper = derivedFacts(defaultConfig()); // N = 32, Euler, paper, mlp d=2 M=16 bias
    expect(paper.steps).toBe(32);
    expect(paper.paramSets).toBe(33);
    expect(paper.usedSets).toBe(32);
    expect(paper.h).toBeCloseTo(1 / 32);
    expect(paper.setSize).toBe(16 * 2 + 16 + 2 * 16);
    expect(paper.residualParams).toBe(33 * 80);
    expect(usedSetsText(paper)).toBe('θ₀ … θ₃₁; θ₃₂ only shapes the ODE');
    const code = derivedFacts(
      cfg((x) => {
        x.model.convention = 'code';
        x.model.scheme = 'heun';
      }),
    );
    expect(code.steps).toBe(31);
    expect(code.paramSets).toBe(32);
    expect(usedSetsText(code)).toBe('all 32 (θ₀ … θ₃₁)');
  });
});
