// Every WGSL source of the engine, in one place. `SHADERS` are complete modules (the device smoke test);
// `BODIES` are kernel bodies whose header (constants, structs, bindings) is generated from their KernelDef in
// defs.ts, plus the shared WGSL (`common`); `SNIPPETS` are the residual kinds' and schemes' parts of resnet.wgsl. shaders.test.ts fails when a file in shaders/ is missing here, and the
// GPU suite compiles every kernel variant.
import common from '../../shaders/common.wgsl?raw';
import loss from '../../shaders/loss.wgsl?raw';
import metrics from '../../shaders/metrics.wgsl?raw';
import midsets from '../../shaders/midsets.wgsl?raw';
import optim from '../../shaders/optim.wgsl?raw';
import resnet from '../../shaders/resnet.wgsl?raw';
import smoke from '../../shaders/smoke.wgsl?raw';
import wreduce from '../../shaders/wreduce.wgsl?raw';

export const SHADERS = { smoke } as const satisfies Record<string, string>;

export const BODIES = { resnet, wreduce, midsets, loss, optim, metrics, common } as const satisfies Record<
  string,
  string
>;

/**
 * WGSL snippets of the registries, beside their modules: src/residuals/<kind>.wgsl and src/schemes/<scheme>.wgsl,
 * named 'residuals/<kind>' and 'schemes/<scheme>' (defs.ts resnetKernel assembles them with shaders/resnet.wgsl).
 */
export const SNIPPETS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries({
    ...import.meta.glob<string>('../residuals/*.wgsl', { query: '?raw', import: 'default', eager: true }),
    ...import.meta.glob<string>('../schemes/*.wgsl', { query: '?raw', import: 'default', eager: true }),
  }).map(([path, source]) => [path.replace(/^\.\.\/(.*)\.wgsl$/, '$1'), source]),
);
export type SnippetName = string;

export type ShaderName = keyof typeof SHADERS;
export type BodyName = keyof typeof BODIES;

export const SHADER_NAMES = Object.keys(SHADERS) as ShaderName[];
export const BODY_NAMES = Object.keys(BODIES) as BodyName[];

/** One compilation message as "error 3:7 unresolved value 'x'" plus the offending source line. */
export function formatCompilationMessage(message: GPUCompilationMessage, code?: string): string {
  const where = message.lineNum > 0 ? ` ${message.lineNum}:${message.linePos}` : '';
  let text = `${message.type}${where} ${message.message}`;
  if (code && message.lineNum > 0) {
    const line = code.split('\n')[message.lineNum - 1];
    if (line !== undefined) text += `\n    | ${line}`;
  }
  return text;
}

export class ShaderCompilationError extends Error {
  override readonly name = 'ShaderCompilationError';
  readonly shader: string;
  readonly messages: readonly GPUCompilationMessage[];

  constructor(shader: string, messages: readonly GPUCompilationMessage[], code: string) {
    const errors = messages.filter((m) => m.type === 'error');
    super(
      `WGSL shader "${shader}" failed to compile:\n${errors.map((m) => formatCompilationMessage(m, code)).join('\n')}`,
    );
    this.shader = shader;
    this.messages = messages;
  }
}

/**
 * Create a labelled shader module and wait for its compilation info; throws ShaderCompilationError on any
 * message of type 'error'. Warnings and infos are returned for the caller to show or ignore.
 */
export async function compileShader(
  device: GPUDevice,
  name: string,
  code: string,
): Promise<{ module: GPUShaderModule; messages: readonly GPUCompilationMessage[] }> {
  // The scope keeps a failing module from also surfacing as an uncaptured validation error.
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ label: `${name}.wgsl`, code });
  const info = await module.getCompilationInfo();
  const validation = await device.popErrorScope();
  const messages = [...info.messages];
  if (messages.some((m) => m.type === 'error')) throw new ShaderCompilationError(name, messages, code);
  if (validation) throw new Error(`WGSL shader "${name}": ${validation.message}`);
  return { module, messages };
}
