// Trajectory fans: forward passes of raw inputs chosen by the views (a fan of 1-D inputs, a grid of 2-D points
// for decision regions), each size with its own cached context, sharing the run's weights and kernel variant.
import { embed } from '../core/reference';
import { BatchContext, resnetPipelines, type Shared } from './context';
import { structSize } from './contract';
import { DEST, LOSS_RECORD } from './defs';
import { readF32, toF32, UNIFORM } from './gpu';
import {
  checkPlan,
  contextBuffers,
  contextPlan,
  DEFAULT_MEMORY_BUDGET,
  F32,
  groups,
  type PlanLimits,
} from './plan';

export class Fans {
  private readonly fans = new Map<string, { ctx: BatchContext; x0: GPUBuffer }>();

  constructor(
    private readonly sh: Shared,
    private readonly limits: PlanLimits,
    private readonly variant: string,
    /** The fixed input embedding E (float64), x_0 = E x. */
    private readonly embedding: Float64Array,
    /** Throws once the device is lost or the engine disposed. */
    private readonly alive: () => void,
  ) {}

  /** A cached context for F raw inputs, with or without the stored trajectory. */
  private async context(F: number, store: boolean): Promise<{ ctx: BatchContext; x0: GPUBuffer }> {
    const key = `${F}:${store ? 'states' : 'final'}`;
    const have = this.fans.get(key);
    if (have) return have;
    const { spec, device, buffers } = this.sh;
    const plan = contextPlan(spec, F, this.limits, {
      storeStates: store,
      backward: false,
      diagnostics: false,
      variant: this.variant,
    });
    checkPlan(contextBuffers(spec, plan, 'fan'), groups(F, plan.variant), this.limits, DEFAULT_MEMORY_BUDGET);
    const pl = await resnetPipelines(device, spec, plan);
    this.alive();
    const again = this.fans.get(key); // another call may have built it meanwhile
    if (again) return again;
    const x0 = buffers.storage(`fan ${key}.x0`, F * spec.d * F32);
    const inputs = {
      x0data: x0,
      targets: buffers.storage(`fan ${key}.y`, F * spec.outputDim * F32),
      idx: buffers.upload(
        `fan ${key}.idx`,
        Uint32Array.from({ length: F }, (_, i) => i),
      ),
      out: buffers.storage(`fan ${key}.out`, LOSS_RECORD * F32),
      dest: buffers.make(`fan ${key}.dest`, structSize(DEST), UNIFORM()),
    };
    const fan = { ctx: new BatchContext(this.sh, plan, `fan ${key}`, inputs, pl), x0 };
    this.fans.set(key, fan);
    return fan;
  }

  private async run(x: Float64Array, F: number, store: boolean): Promise<BatchContext> {
    this.alive();
    const fan = await this.context(F, store);
    const { device, spec } = this.sh;
    device.queue.writeBuffer(fan.x0, 0, toF32(embed(spec, { embed: this.embedding }, x, F)));
    const enc = device.createCommandEncoder({ label: 'fan' });
    const pass = enc.beginComputePass();
    fan.ctx.forward(pass);
    pass.end();
    device.queue.submit([enc.finish()]);
    return fan.ctx;
  }

  /** Forward trajectories [S+1][F][d] of raw inputs [F][inputDim] (a fan for the trajectory views). */
  async trajectories(x: Float64Array, F: number): Promise<Float32Array> {
    const ctx = await this.run(x, F, true);
    return readF32(this.sh.device, ctx.states!);
  }

  /** Final states x_S [F][d] of raw inputs [F][inputDim] (e.g. a grid for decision regions). */
  async finalStates(x: Float64Array, F: number): Promise<Float32Array> {
    const ctx = await this.run(x, F, false);
    return readF32(this.sh.device, ctx.xcur);
  }
}
