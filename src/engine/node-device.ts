// Node-only: a WebGPU device from Dawn (the `webgpu` package), shared by everything in the process.
// Never import this from browser code (it uses node:fs and process.env).
//
// Dawn pitfall (engine-notes.md): the object returned by `create()` must stay referenced for as long as the
// device lives, or garbage collection frees it and Dawn segfaults or hangs. It lives in `gpuInstance` below
// until `releaseNodeDevice()`; holding it also keeps Node from exiting, so always release when done.
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AcquiredDevice, type AcquireOptions, acquireDevice, GpuUnavailableError } from './device';

/** Vulkan ICD of the SwiftShader build shipped with Debian's chromium package. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

// Module-level on purpose: see the header comment.
let gpuInstance: GPU | null = null;
let pending: Promise<AcquiredDevice> | null = null;

function nodeHint(): string {
  const icd = process.env.VK_ICD_FILENAMES;
  return (
    `VK_ICD_FILENAMES=${icd ?? '(unset)'}. On a machine without a GPU, install the Vulkan loader and ` +
    `SwiftShader (Debian: apt-get install -y libvulkan1 chromium) and set ` +
    `VK_ICD_FILENAMES=${SWIFTSHADER_ICD} before the first import of 'webgpu'.`
  );
}

/**
 * Point Vulkan at SwiftShader unless the caller chose an ICD already (VK_ICD_FILENAMES, or the newer loader's
 * VK_DRIVER_FILES, e.g. NVIDIA's on a GPU machine). Must run before `import('webgpu')`.
 */
export function configureVulkanIcd(): void {
  if (!process.env.VK_ICD_FILENAMES && !process.env.VK_DRIVER_FILES && existsSync(SWIFTSHADER_ICD)) {
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  }
  // Dawn prints "XDG_RUNTIME_DIR is invalid" on stderr when it is unset (as root, in CI): harmless, but it
  // reads like an error in the runner's output
  if (!process.env.XDG_RUNTIME_DIR) {
    const dir = join(tmpdir(), `ode-lens-xdg-${process.getuid?.() ?? 0}`);
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      process.env.XDG_RUNTIME_DIR = dir;
    } catch {
      // leave it unset: only the message
    }
  }
}

async function createDevice(opts: AcquireOptions): Promise<AcquiredDevice> {
  configureVulkanIcd();
  const { create, globals } = await import('webgpu');
  // GPUBufferUsage, GPUMapMode, ... as globals, like in a browser.
  Object.assign(globalThis, globals);
  gpuInstance = create([]);
  try {
    return await acquireDevice(gpuInstance, { label: 'ode-lens node device', ...opts });
  } catch (error) {
    if (error instanceof GpuUnavailableError && error.reason !== 'unsupported') {
      // The browser-oriented advice in error.message does not apply under Node.
      const what =
        error.reason === 'no-adapter' ? 'Node/Dawn (webgpu package) found no GPU adapter.' : error.message;
      throw new GpuUnavailableError(error.reason, `${what} ${nodeHint()}`, { cause: error });
    }
    throw error;
  }
}

/**
 * The process-wide Dawn device (created on first call, then reused). Options only apply to the first call.
 * Throws GpuUnavailableError with setup hints when no adapter is found.
 */
export function acquireNodeDevice(opts: AcquireOptions = {}): Promise<AcquiredDevice> {
  if (!pending) {
    const created: Promise<AcquiredDevice> = createDevice(opts).then(
      (acquired) => {
        // A lost device cannot be reused: the next call makes a new one.
        acquired.device.lost.then(() => {
          if (pending === created) pending = null;
        });
        return acquired;
      },
      (error: unknown) => {
        if (pending === created) pending = null;
        gpuInstance = null;
        throw error;
      },
    );
    pending = created;
  }
  return pending;
}

/** Destroy the shared device and drop the Dawn instance so Node can exit. Safe to call more than once. */
export async function releaseNodeDevice(): Promise<void> {
  const current = pending;
  pending = null;
  if (current) {
    try {
      const { device } = await current;
      device.destroy();
      await device.lost;
    } catch {
      // Acquisition failed: nothing to destroy.
    }
  }
  gpuInstance = null;
}
