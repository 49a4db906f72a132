// The float32 WASM SIMD engine (src/wasm) behind the Backend interface, in-process (the page hosts it in the
// CPU worker). Training, losses, evaluation, final states and checkpoints run on it; the throttled read-outs
// (diagnostics, probe, trajectories) use the float64 reference functions on the current weights (TrainerBackend).
import { type ExperimentConfig, effectiveBatch } from '../core/config';
import { activationBytes } from '../wasm/engine';
import { WasmTrainer } from '../wasm/trainer';
import type { Backend, BackendMemory } from './backend';
import { TrainerBackend, type TrainerStart, trainerMemory } from './trainer-backend';

const F64 = 8;

export class WasmBackend extends TrainerBackend<WasmTrainer> implements Backend {
  readonly kind = 'wasm' as const;
  readonly label = 'CPU · float32 WASM SIMD';
  readonly memory: BackendMemory;

  /** Float32 kernels, but float64 master weights: a state must fit float32 to be computed with. */
  constructor(config: ExperimentConfig, ...start: TrainerStart) {
    super(config, new WasmTrainer(config), 'float32', ...start);
    const { spec, net } = this.trainer;
    const B = effectiveBatch(config);
    const scratch = activationBytes(spec, B, 'adjoint');
    const work = {
      name: 'scratch',
      bytes: scratch,
      holds: "the step's working set (current states, adjoint vectors)",
    };
    const kept = activationBytes(spec, B, 'exact') - scratch;
    this.memory = trainerMemory(
      config.train.gradMode,
      'float32',
      {
        exact: [
          { name: 'states', bytes: kept, holds: 'every state (and MLP activation) of each sample' },
          work,
        ],
        adjoint: [work],
      },
      // float64 weights and two moments in JS; float32 weights (packed both ways) and gradients in WASM
      spec.P * spec.setSize * (3 * F64 + 3 * 4),
      // WASM memory plus the float64 master weights and optimizer moments kept in JS
      net.bytes + 3 * spec.P * spec.setSize * F64,
    );
  }
}
