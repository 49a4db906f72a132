// Types of scripts/prepare-fashion-mnist.mjs (used by src/data/fashion-mnist.test.ts).
export declare const SOURCE_DIR: string;
export declare const MANIFEST: string;
/** Both image sets (file bytes by size) and their manifest, built in memory from the Debian files. */
export declare function buildFashionMnist(dir?: string): {
  sets: Record<'14' | '28', Uint8Array>;
  manifest: unknown;
};
