// Where the run code reads the WebGPU state from (the device, its adapter, whether it works): given by the page
// (src/app/stores.ts hands it the GPU store), so nothing under src/run reads a store. Node and tests: no GPU.
import type { GpuInfo } from '../engine/device';

export interface GpuNow {
  /** 'ok' when the device works; 'lost' after a device loss; else not (yet) usable. */
  state: string;
  device: GPUDevice | null;
  info: GpuInfo | null;
}

const NONE: GpuNow = { state: 'idle', device: null, info: null };
let source: () => GpuNow = () => NONE;

/** Give the run code the page's GPU state (a getter: it is read when needed, never cached). */
export function provideGpu(get: () => GpuNow): void {
  source = get;
}

export function gpuNow(): GpuNow {
  return source();
}
