// Acquiring a WebGPU adapter + device, with typed failures. No DOM, no React: the caller passes the `GPU`
// object (`navigator.gpu` in a page or worker, `create([])` from the `webgpu` package under Node).

export type GpuUnavailableReason = 'unsupported' | 'no-adapter' | 'device-failed';

/** Thrown by `acquireDevice` when WebGPU cannot be used; `reason` says which step failed. */
export class GpuUnavailableError extends Error {
  override readonly name = 'GpuUnavailableError';
  readonly reason: GpuUnavailableReason;

  constructor(reason: GpuUnavailableReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}

/** Limits the engine raises to whatever the adapter offers (the defaults are low; see engine-notes.md). */
export const WANTED_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupStorageSize',
  'maxStorageBuffersPerShaderStage',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupsPerDimension',
  'maxUniformBufferBindingSize',
] as const;

export type WantedLimit = (typeof WANTED_LIMITS)[number];

export interface AcquireOptions {
  powerPreference?: GPUPowerPreference;
  /** Upper bounds on the requested limits, e.g. the portable defaults, so SwiftShader's generous limits
   * cannot make a test pass that would fail on a real GPU. */
  limitCaps?: Partial<Record<WantedLimit, number>>;
  /** Features to enable when the adapter has them (missing ones are skipped, not an error). */
  optionalFeatures?: GPUFeatureName[];
  /** Label of the device (shows up in validation messages). */
  label?: string;
}

/** Plain-data description of the adapter and of the device actually obtained. */
export interface GpuInfo {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallbackAdapter: boolean;
  /** Limits of the created device (what the engine may use), for WANTED_LIMITS. */
  limits: Record<WantedLimit, number>;
  /** Features enabled on the device. */
  features: string[];
}

export interface AcquiredDevice {
  adapter: GPUAdapter;
  device: GPUDevice;
  info: GpuInfo;
}

const UNSUPPORTED_MESSAGE =
  'WebGPU is not available here (navigator.gpu is missing). Use a browser with WebGPU, such as a recent ' +
  'Chrome or Edge, and open the page over https or from localhost/127.0.0.1.';

const NO_ADAPTER_MESSAGE =
  'WebGPU is present but no GPU adapter was found. The GPU may be blocklisted or WebGPU disabled: in ' +
  'Chrome/Chromium enable chrome://flags/#enable-unsafe-webgpu (or start it with --enable-unsafe-webgpu), ' +
  'and check chrome://gpu.';

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The requested limits: the adapter's value for each wanted limit, lowered to `caps` where given. */
export function chooseLimits(
  adapterLimits: GPUSupportedLimits,
  caps: Partial<Record<WantedLimit, number>> = {},
): Record<WantedLimit, number> {
  const out = {} as Record<WantedLimit, number>;
  for (const name of WANTED_LIMITS) {
    const offered = adapterLimits[name];
    const cap = caps[name];
    out[name] = cap === undefined ? offered : Math.min(offered, cap);
  }
  return out;
}

type AdapterInfoLike = Partial<Pick<GPUAdapterInfo, 'vendor' | 'architecture' | 'device' | 'description'>>;

/** One human line, e.g. "google / swiftshader — SwiftShader Device (Subzero)". */
export function describeAdapter(info: AdapterInfoLike & { isFallbackAdapter?: boolean }): string {
  const head = [info.vendor, info.architecture].filter((s) => s && s.length > 0).join(' / ');
  const tail = [info.description, info.device].find((s) => s && s.length > 0) ?? '';
  let text = head && tail ? `${head} — ${tail}` : head || tail || 'unknown adapter';
  if (info.isFallbackAdapter) text += ' (fallback adapter)';
  return text;
}

async function readAdapterInfo(
  adapter: GPUAdapter,
): Promise<AdapterInfoLike & { isFallbackAdapter?: boolean }> {
  // `adapter.info` is current; older Chromes only had `requestAdapterInfo()`.
  const legacy = adapter as GPUAdapter & {
    requestAdapterInfo?: () => Promise<GPUAdapterInfo>;
    isFallbackAdapter?: boolean;
  };
  const raw: (AdapterInfoLike & { isFallbackAdapter?: boolean }) | undefined =
    adapter.info ?? (await legacy.requestAdapterInfo?.());
  return {
    vendor: raw?.vendor ?? '',
    architecture: raw?.architecture ?? '',
    device: raw?.device ?? '',
    description: raw?.description ?? '',
    isFallbackAdapter: raw?.isFallbackAdapter ?? legacy.isFallbackAdapter ?? false,
  };
}

/**
 * Request an adapter and a device with raised limits. Throws `GpuUnavailableError` (never returns null).
 * The caller should watch `device.lost`.
 */
export async function acquireDevice(
  gpu: GPU | undefined | null,
  opts: AcquireOptions = {},
): Promise<AcquiredDevice> {
  if (!gpu) throw new GpuUnavailableError('unsupported', UNSUPPORTED_MESSAGE);

  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: opts.powerPreference ?? 'high-performance' });
  } catch (error) {
    throw new GpuUnavailableError(
      'no-adapter',
      `${NO_ADAPTER_MESSAGE} (requestAdapter failed: ${errorText(error)})`,
      {
        cause: error,
      },
    );
  }
  if (!adapter) throw new GpuUnavailableError('no-adapter', NO_ADAPTER_MESSAGE);

  const requiredLimits = chooseLimits(adapter.limits, opts.limitCaps);
  const requiredFeatures = (opts.optionalFeatures ?? []).filter((f) => adapter.features.has(f));
  const adapterInfo = await readAdapterInfo(adapter);

  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({
      label: opts.label ?? 'ode-lens device',
      requiredLimits,
      requiredFeatures,
    });
  } catch (error) {
    throw new GpuUnavailableError(
      'device-failed',
      `The GPU adapter (${describeAdapter(adapterInfo)}) refused to create a device: ${errorText(error)}`,
      { cause: error },
    );
  }

  const limits = {} as Record<WantedLimit, number>;
  for (const name of WANTED_LIMITS) limits[name] = device.limits[name];

  return {
    adapter,
    device,
    info: {
      vendor: adapterInfo.vendor ?? '',
      architecture: adapterInfo.architecture ?? '',
      device: adapterInfo.device ?? '',
      description: adapterInfo.description ?? '',
      isFallbackAdapter: adapterInfo.isFallbackAdapter ?? false,
      limits,
      features: [...device.features].sort(),
    },
  };
}

/** Bytes as a short human string: 1 GiB, 128 MiB, 3.99 GiB, 12 B. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${Number(value.toFixed(2))} ${units[unit]}`;
}
