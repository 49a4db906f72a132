// The data file of a PyTorch export (experiment.json, format `ode-lens-pytorch`): the config, the data set
// exactly as the tool generated it, the derived numbers the network uses (h, c, the residual learning rate),
// and the weights the run starts from. experiment.py (the template next to this file) reads it. Pure: no
// file system, no `?raw` import, so the runner, the app and the tests share it.

import { type StructuredSet, structureSets } from '../../cli/experiment';
import { type ExperimentConfig, effectiveBatch, residualLrMultiplier, trainSize } from '../../core/config';
import type { Dataset, Split } from '../../core/data';
import type { NetSpec, Weights } from '../../core/params';
import { DIAG_BATCH } from '../../engine/plan';
import { RESIDUAL_KINDS, residualKind } from '../../residuals';
import { SCHEMES_INFO, scheme } from '../../schemes';

export const PYTORCH_FORMAT = 'ode-lens-pytorch';
/** Bumped when experiment.json or the meaning of a field changes; experiment.py checks it. */
export const PYTORCH_FORMAT_VERSION = 1;
export const PYTORCH_DATA_FILE = 'experiment.json';
export const PYTORCH_SCRIPT_FILE = 'experiment.py';

export interface PytorchExport {
  format: typeof PYTORCH_FORMAT;
  formatVersion: number;
  link: string;
  config: ExperimentConfig;
  model: {
    residual: 'linear' | 'mlp';
    activation: string;
    scheme: string;
    convention: string;
    readout: string;
    depth: number;
    d: number;
    width: number;
    steps: number;
    paramSets: number;
    usedSets: number;
    residualScale: number;
    innerScale: number;
    inputDim: number;
    outputDim: number;
  };
  train: {
    loss: string;
    optimizer: string;
    gradMode: string;
    lr: number;
    /** lr × the depth multiplier (train.lrDepthMult): the residual weights' learning rate. */
    lrResidual: number;
    momentum: number;
    beta1: number;
    beta2: number;
    eps: number;
    weightDecay: number;
    /** Effective mini-batch size (GD and 'matrix': the whole training set). */
    batch: number;
    steps: number;
  };
  data: {
    train: SplitJson;
    test: SplitJson;
    /** The diagnostic batch: the first min(32, n) training samples. */
    diagnosticIndices: number[];
  };
  initial: {
    step: number;
    sets: StructuredSet[];
    readout: { R: number[][]; r: number[] };
    embedding: number[][];
  };
}

interface SplitJson {
  n: number;
  x: number[][];
  y: number[][];
  labels: number[] | null;
}

const rows = (a: Float64Array, n: number, cols: number): number[][] =>
  Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * cols, (i + 1) * cols)));

function splitJson(s: Split, din: number, dout: number): SplitJson {
  return {
    n: s.n,
    x: rows(s.x, s.n, din),
    y: rows(s.y, s.n, dout),
    labels: s.labels ? Array.from(s.labels) : null,
  };
}

/** experiment.json for a run of `config` that starts from `weights` at training step `step`. */
export function pytorchExport(
  config: ExperimentConfig,
  link: string,
  spec: NetSpec,
  data: Dataset,
  weights: Weights,
  step: number,
): PytorchExport {
  const m = config.model;
  const t = config.train;
  const residual = residualKind(m.residual).pytorch;
  if (!residual) {
    const can = RESIDUAL_KINDS.filter((k) => k.pytorch).map((k) => k.id);
    throw new Error(
      `the PyTorch export has no residual '${m.residual}' yet: it exports model.residual = ${can.join(', ')}`,
    );
  }
  const sch = scheme(m.scheme);
  if (!sch.pytorch) {
    const can = SCHEMES_INFO.filter((s) => s.pytorch).map((s) => s.id);
    throw new Error(
      `the PyTorch export has no ${sch.name} scheme yet: it exports model.scheme = ${can.join(', ')}`,
    );
  }
  return {
    format: PYTORCH_FORMAT,
    formatVersion: PYTORCH_FORMAT_VERSION,
    link,
    config,
    model: {
      residual,
      activation: m.activation,
      scheme: sch.pytorch,
      convention: m.convention,
      readout: m.readout,
      depth: m.depth,
      d: m.d,
      width: m.width,
      steps: spec.steps,
      paramSets: spec.P,
      usedSets: spec.used,
      residualScale: spec.h,
      innerScale: spec.c,
      inputDim: spec.inputDim,
      outputDim: spec.outputDim,
    },
    train: {
      loss: t.loss,
      optimizer: t.optimizer,
      gradMode: t.gradMode,
      lr: t.lr,
      lrResidual: t.lr * residualLrMultiplier(config),
      momentum: t.momentum,
      beta1: t.beta1,
      beta2: t.beta2,
      eps: t.eps,
      weightDecay: t.weightDecay,
      batch: effectiveBatch(config),
      steps: t.steps,
    },
    data: {
      train: splitJson(data.train, data.inputDim, data.outputDim),
      test: splitJson(data.test, data.inputDim, data.outputDim),
      diagnosticIndices: Array.from({ length: Math.min(DIAG_BATCH, trainSize(config)) }, (_, i) => i),
    },
    initial: {
      step,
      sets: structureSets(spec, weights.residual),
      readout: {
        R: rows(weights.readoutW, spec.outputDim, spec.d),
        r: Array.from(weights.readoutB),
      },
      embedding: rows(weights.embed, spec.d, spec.inputDim),
    },
  };
}

/** The two files of an export: the program (the template, unchanged) and its data. */
export function pytorchFiles(script: string, ex: PytorchExport): Record<string, string> {
  return {
    [PYTORCH_SCRIPT_FILE]: script,
    [PYTORCH_DATA_FILE]: `${JSON.stringify(ex)}\n`,
  };
}
