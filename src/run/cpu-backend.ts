// The float64 reference engine behind the Backend interface (in-process; the page wraps it in a Web Worker).
import { type ExperimentConfig, effectiveBatch } from '../core/config';
import { CpuTrainer } from '../core/trainer';
import type { Backend, BackendMemory } from './backend';
import { TrainerBackend, type TrainerStart, trainerMemory } from './trainer-backend';

const F64 = 8;

export class CpuBackend extends TrainerBackend<CpuTrainer> implements Backend {
  readonly kind = 'cpu' as const;
  readonly label = 'CPU · float64 reference';
  readonly memory: BackendMemory;

  constructor(config: ExperimentConfig, ...start: TrainerStart) {
    super(config, new CpuTrainer(config), 'float64', ...start);
    const { spec } = this.trainer;
    const B = effectiveBatch(config);
    const stateBytes = (spec.steps + 1) * B * spec.d * F64;
    const vec = B * spec.d * F64;
    const states = {
      name: 'states',
      bytes: stateBytes,
      holds: `every state x₀ … x_${spec.steps} of each sample`,
    };
    const cur = { name: 'state', bytes: vec, holds: 'the current (rebuilt) state of each sample' };
    const adj = { name: 'adjoint', bytes: vec, holds: 'the adjoint vector ∂L/∂x of each sample' };
    // weights, gradients and the optimizer's two moments
    const parameterBytes = 4 * spec.P * spec.setSize * F64;
    this.memory = trainerMemory(
      config.train.gradMode,
      'float64',
      { exact: [states, adj], adjoint: [cur, adj] },
      parameterBytes,
    );
  }
}
