// The shader registry lists every WGSL file (so the GPU compile test covers every kernel), and compilation
// messages are formatted with their source line.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BODIES, BODY_NAMES, formatCompilationMessage, SHADER_NAMES, SHADERS } from './shaders';

describe('shader registry', () => {
  it('has one entry per shaders/*.wgsl file, under the file name', () => {
    const files = readdirSync(new URL('../../shaders/', import.meta.url))
      .filter((f) => f.endsWith('.wgsl'))
      .map((f) => f.slice(0, -'.wgsl'.length))
      .sort();
    expect([...SHADER_NAMES, ...BODY_NAMES].sort()).toEqual(files);
  });

  it('starts every shader with a comment line saying what it computes', () => {
    for (const name of SHADER_NAMES) expect(SHADERS[name].trimStart(), name).toMatch(/^\/\/ \S/);
    for (const name of BODY_NAMES) expect(BODIES[name].trimStart(), name).toMatch(/^\/\/ \S/);
  });

  it('formats a compilation message with position and source line', () => {
    const message = { type: 'error', message: "unresolved value 'q'", lineNum: 2, linePos: 11 };
    const text = formatCompilationMessage(message as GPUCompilationMessage, 'fn f() {\n  let x = q;\n}');
    expect(text).toBe("error 2:11 unresolved value 'q'\n    |   let x = q;");
  });
});
