// Choosing Fashion-MNIST in the controls opens the misclassified view through the views state; closing it after
// that keeps it closed through later edits; loading a config (link, preset) keeps the views it carries.
import { beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../core/config';
import { defaultViews } from '../views/registry';
import { useExperiment } from './experiment';

const store = () => useExperiment.getState();

beforeEach(() => store().load(defaultConfig(), defaultViews()));

describe('views a data kind opens', () => {
  it('choosing Fashion-MNIST opens the misclassified view, once', () => {
    expect(store().views.open).not.toContain('misclassified');
    const before = store().views.open;
    expect(
      store().setFields({ 'data.kind': 'fashion-mnist', 'train.loss': 'xent', 'model.embedding': 'random' }),
    ).toBe(true);
    expect(store().views.open).toContain('misclassified');
    // the others stay, in their order
    expect(store().views.open.filter((v) => v !== 'misclassified')).toEqual(before);
    // closed on purpose: a later edit of the same data does not reopen it
    store().setOpenViews(store().views.open.filter((v) => v !== 'misclassified'));
    expect(store().setField('data.nTest', 50)).toBe(true);
    expect(store().views.open).not.toContain('misclassified');
  });

  it('a refused edit changes no views; other kinds open nothing; load keeps the given views', () => {
    const v0 = store().views;
    expect(store().setFields({ 'data.kind': 'fashion-mnist', 'data.nTrain': -1 })).toBe(false);
    expect(store().views).toBe(v0);
    expect(store().setFields({ 'data.kind': 'spirals', 'train.loss': 'xent' })).toBe(true);
    expect(store().views).toBe(v0);
    const c = { ...defaultConfig(), data: { ...defaultConfig().data, kind: 'fashion-mnist' as const } };
    store().load(c, defaultViews());
    expect(store().views.open).not.toContain('misclassified');
  });
});
