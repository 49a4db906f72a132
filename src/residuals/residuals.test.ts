// The residual-kind registry: every kind's layout tiles its parameter set with the blocks it names, the config
// fields it declares exist, and its per-unit norms fill every column.
import { describe, expect, it } from 'vitest';
import { defaultConfig, paramSetSize } from '../core/config';
import { hiddenWidth, RESIDUAL_IDS, RESIDUAL_KINDS, residualKind } from './index';

describe('residual kinds', () => {
  it('have unique ids, in the order of the model.residual options', () => {
    expect(RESIDUAL_IDS).toEqual(['linear', 'mlp', 'linear-s', 'mlp-s']);
    expect(new Set(RESIDUAL_IDS).size).toBe(RESIDUAL_KINDS.length);
  });

  for (const kind of RESIDUAL_KINDS)
    for (const bias of [false, true])
      it(`${kind.id}${bias ? ' with bias' : ''}: blocks tile the set in storage order and match the offsets`, () => {
        const shape = { d: 3, M: kind.hasWidth ? 5 : 0, bias };
        const l = kind.layout(shape);
        let at = 0;
        for (const b of l.blocks) {
          expect(b.offset, b.name).toBe(at);
          expect(l.off[b.name], b.name).toBe(b.offset);
          at += b.rows * b.cols;
        }
        expect(at).toBe(l.setSize);
        for (const [name, off] of Object.entries(l.off))
          if (off >= 0)
            expect(
              l.blocks.some((b) => b.name === name),
              name,
            ).toBe(true);
        expect(paramSetSize({ residual: kind.id, d: 3, width: 5, bias })).toBe(l.setSize);
        // per-unit norms: every column written, from a set of ones
        const cols = l.units.blocks.length * l.units.count;
        const out = new Float64Array(cols).fill(Number.NaN);
        l.units.norms(new Float64Array(l.setSize).fill(1), 0, out, 0);
        expect(out.every((v) => v > 0)).toBe(true);
      });

  it('each carry a label, a help line and a docs line', () => {
    for (const kind of RESIDUAL_KINDS)
      for (const text of [kind.label, kind.help, kind.docs]) expect(text.length, kind.id).toBeGreaterThan(5);
  });

  it('declare only config fields that exist', () => {
    const c = defaultConfig() as unknown as Record<string, Record<string, unknown>>;
    for (const kind of RESIDUAL_KINDS)
      for (const path of kind.fields) {
        const [group, key] = path.split('.');
        expect(c[group], `${kind.id}: ${path}`).toHaveProperty(key);
      }
  });

  it('have a hidden width only where they declare one', () => {
    expect(hiddenWidth({ residual: 'linear', width: 16 })).toBe(0);
    expect(hiddenWidth({ residual: 'mlp', width: 16 })).toBe(16);
    expect(residualKind('mlp').describe({ d: 2, width: 16, activation: 'tanh' })).toBe(
      'MLP d = 2, M = 16, tanh',
    );
  });
});
