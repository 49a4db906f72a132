// Small WebGPU helpers: labelled buffers and readback (structs and bind groups come from contract.ts).

export const UNIFORM_ALIGN = 256;
export const align = (n: number, a = UNIFORM_ALIGN) => Math.ceil(n / a) * a;

export const STORAGE = () => GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
export const UNIFORM = () => GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST;

/**
 * Owns the buffers of one engine, so they can be destroyed together. With `poison`, every storage buffer starts
 * filled with NaN (tests: an element a kernel forgot to write shows up as NaN instead of a plausible zero);
 * buffers whose zero start is part of the algorithm (optimizer moments) come from `zeros`.
 */
export class BufferSet {
  private readonly all: GPUBuffer[] = [];
  constructor(
    private readonly device: GPUDevice,
    private readonly poison = false,
  ) {}

  make(label: string, size: number, usage: number): GPUBuffer {
    // WebGPU needs a non-zero size, a multiple of 4
    const b = this.device.createBuffer({ label, size: Math.max(4, align(size, 4)), usage });
    this.all.push(b);
    return b;
  }

  storage(label: string, size: number): GPUBuffer {
    const b = this.make(label, size, STORAGE());
    if (this.poison) this.device.queue.writeBuffer(b, 0, new Float32Array(b.size / 4).fill(Number.NaN));
    return b;
  }

  /** A storage buffer that must start at zero. */
  zeros(label: string, size: number): GPUBuffer {
    const b = this.make(label, size, STORAGE());
    if (this.poison) this.device.queue.writeBuffer(b, 0, new Float32Array(b.size / 4));
    return b;
  }

  /** A storage buffer holding `data` (uploaded now). */
  upload(label: string, data: Float32Array<ArrayBuffer> | Uint32Array<ArrayBuffer>): GPUBuffer {
    const b = this.storage(label, data.byteLength);
    this.device.queue.writeBuffer(b, 0, data);
    return b;
  }

  destroy(): void {
    for (const b of this.all) b.destroy();
    this.all.length = 0;
  }
}

/** Copy `size` bytes at `offset` of `src` to the CPU (a fresh MAP_READ staging buffer, destroyed after). */
export async function readBuffer(
  device: GPUDevice,
  src: GPUBuffer,
  offset: number,
  size: number,
): Promise<ArrayBuffer> {
  const staging = device.createBuffer({
    label: `readback ${src.label}`,
    size: align(size, 4),
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  try {
    const enc = device.createCommandEncoder({ label: 'readback' });
    enc.copyBufferToBuffer(src, offset, staging, 0, align(size, 4));
    device.queue.submit([enc.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    return staging.getMappedRange().slice(0, size);
  } finally {
    staging.destroy();
  }
}

export async function readF32(
  device: GPUDevice,
  src: GPUBuffer,
  offsetFloats = 0,
  count?: number,
): Promise<Float32Array> {
  const n = count ?? src.size / 4 - offsetFloats;
  return new Float32Array(await readBuffer(device, src, offsetFloats * 4, n * 4));
}

export function toF32(a: ArrayLike<number>): Float32Array<ArrayBuffer> {
  return new Float32Array(a);
}
