import { describe, expect, it } from 'vitest';
import { initWeights, netSpec } from '../core/params';
import { makeConfig } from '../core/testing';
import { defaultViews } from '../state/experiment';
import { exportExperiment, importExperiment } from './experiment-file';

const config = makeConfig({ model: { depth: 6, width: 4 }, seed: 9 });
const weights = initWeights(config, netSpec(config));
const history = {
  losses: [
    { step: 1, loss: 0.7, acc: 0.5 },
    { step: 2, loss: 0.6, acc: Number.NaN },
  ],
  evals: [{ step: 2, trainLoss: 0.6, testLoss: 0.65, trainAcc: 0.5, testAcc: 0.4 }],
  gradErrors: [{ step: 2, value: 0.01 }],
};

describe('experiment files', () => {
  it('export → import gives back the config, views, step, weights and history', () => {
    const views = { ...defaultViews(), speed: 2 };
    const r = importExperiment(exportExperiment(config, views, 2, weights, history));
    if (!r.ok) throw new Error(r.message);
    expect(r.config).toEqual(config);
    expect(r.views).toEqual(views);
    expect(r.step).toBe(2);
    expect(r.weights.residual).toEqual(weights.residual);
    expect(r.weights.readoutW).toEqual(weights.readoutW);
    expect(r.history.losses[1].acc).toBeNaN();
    expect(r.history.evals).toEqual(history.evals);
  });

  it.each([
    ['not json', /not JSON/],
    ['{"format":"something-else"}', /not an ODE Lens experiment file/],
    ['{"format":"ode-lens-experiment","formatVersion":7}', /unsupported experiment file version 7/],
  ])('rejects %s', (text, msg) => {
    const r = importExperiment(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(msg);
  });

  it('rejects an invalid config and weights that do not fit the config', () => {
    const good = JSON.parse(exportExperiment(config, defaultViews(), 0, weights, history));
    const badConfig = { ...good, config: { ...good.config, model: { ...good.config.model, depth: -1 } } };
    const r1 = importExperiment(JSON.stringify(badConfig));
    expect(r1.ok || r1.message).toMatch(/model\.depth: must be an integer/);
    const badWeights = { ...good, weights: { ...good.weights, residual: good.weights.residual.slice(1) } };
    const r2 = importExperiment(JSON.stringify(badWeights));
    expect(r2.ok || r2.message).toMatch(/weights\.residual must be \d+ finite numbers/);
    const nanWeights = { ...good, weights: { ...good.weights, readoutB: [null, 1] } };
    expect(importExperiment(JSON.stringify(nanWeights)).ok).toBe(false);
  });
});
