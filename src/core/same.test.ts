import { describe, expect, it } from 'vitest';
import { defaultViews } from '../state/experiment';
import { defaultConfig } from './config';
import { same } from './same';

describe('same', () => {
  it('compares configs and views by value, not identity', () => {
    expect(same(defaultConfig(), defaultConfig())).toBe(true);
    expect(same(defaultViews(), structuredClone(defaultViews()))).toBe(true);
    const c = defaultConfig();
    expect(same(c, { ...c, model: { ...c.model, depth: c.model.depth + 1 } })).toBe(false);
    expect(same(c, { ...c, seed: c.seed + 1 })).toBe(false);
  });

  it('tells arrays from objects, order in arrays, missing keys, and treats undefined keys as absent', () => {
    expect(same([1, 2], [2, 1])).toBe(false);
    expect(same([1, 2], { 0: 1, 1: 2 })).toBe(false);
    expect(same({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(same({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(same({ a: undefined }, { b: undefined })).toBe(true);
    expect(same({ a: null }, { a: undefined })).toBe(false);
    expect(same(Number.NaN, Number.NaN)).toBe(true);
    expect(same(0, '0')).toBe(false);
    expect(same(0, -0)).toBe(true);
    expect(same(null, {})).toBe(false);
  });
});
