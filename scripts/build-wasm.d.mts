// Types of scripts/build-wasm.mjs (used by src/wasm/kernels.test.ts).
export declare const SOURCE: string;
export declare const OUTPUT: string;
/** The kernels compiled in memory from src/wasm/kernels.as: the wasm bytes and their text form (WAT). */
export declare function compileKernels(): Promise<{ wasm: Uint8Array; text: string }>;
/** The TS module that carries the bytes (base64). */
export declare function renderModule(bytes: Uint8Array): string;
