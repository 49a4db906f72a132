// Store for the WebGPU status: acquisition, smoke test and device loss. Views only read it; `initGpu`
// is the one action (idempotent, so React StrictMode's double effects are harmless).
import { create } from 'zustand';
import { type AcquiredDevice, acquireDevice, type GpuInfo, GpuUnavailableError } from '../engine/device';
import { runSmoke, type SmokeResult } from '../engine/smoke';

export type GpuState = 'idle' | 'checking' | 'ok' | 'unsupported' | 'no-adapter' | 'error' | 'lost';

export interface GpuStore {
  state: GpuState;
  /** Human explanation for every state but ok. */
  message: string;
  info: GpuInfo | null;
  device: GPUDevice | null;
  smoke: SmokeResult | null;
  /** Whether the page is a secure context (navigator.gpu is hidden otherwise). */
  secureContext: boolean;
  initGpu: () => Promise<void>;
}

export const SMOKE_SIZE = 64;

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export const useGpuStore = create<GpuStore>()((set, get) => ({
  state: 'idle',
  message: '',
  info: null,
  device: null,
  smoke: null,
  secureContext: globalThis.isSecureContext ?? true,

  initGpu: async () => {
    if (get().state !== 'idle') return;
    set({ state: 'checking', message: 'Looking for a WebGPU adapter…' });

    let acquired: AcquiredDevice;
    try {
      const gpu = typeof navigator === 'undefined' ? undefined : navigator.gpu;
      acquired = await acquireDevice(gpu);
    } catch (error) {
      if (error instanceof GpuUnavailableError) {
        const state = error.reason === 'device-failed' ? 'error' : error.reason;
        set({ state, message: error.message });
      } else {
        set({ state: 'error', message: `Unexpected error while starting WebGPU: ${errorText(error)}` });
      }
      return;
    }

    const { device, info } = acquired;
    set({ device, info, message: 'Running the smoke test shader…' });
    device.lost.then((lost) => {
      if (get().device !== device) return;
      const why = lost.message ? `: ${lost.message}` : '';
      set({
        state: 'lost',
        device: null,
        message: `The GPU device was lost (reason: ${lost.reason ?? 'unknown'}${why}). Continue on the CPU from where it was, or reload the page to start again on the GPU.`,
      });
    });

    try {
      const smoke = await runSmoke(device, SMOKE_SIZE);
      if (get().state === 'lost') return;
      if (smoke.ok) {
        set({ state: 'ok', smoke, message: '' });
      } else {
        set({
          state: 'error',
          smoke,
          message: `The smoke test shader returned wrong values at ${smoke.mismatches.length} of ${smoke.n} elements.`,
        });
      }
    } catch (error) {
      if (get().state === 'lost') return;
      set({ state: 'error', message: `The smoke test shader failed: ${errorText(error)}` });
    }
  },
}));
