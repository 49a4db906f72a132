import { describe, expect, it } from 'vitest';
import { cellAt, rasterCells } from './cellRaster';
import { uniformEdges } from './plotKit';

/** The per-pixel rasteriser rasterCells replaces: one fill per pixel. */
function naive(
  W: number,
  H: number,
  xEdges: ArrayLike<number>,
  yEdges: ArrayLike<number>,
  fill: (row: number, col: number, px: Uint8ClampedArray, i: number) => void,
): Uint8ClampedArray {
  const out = new Uint8ClampedArray(4 * W * H);
  for (let y = 0; y < H; y++) {
    const row = cellAt(yEdges, (y + 0.5) / H);
    if (row < 0) continue;
    for (let x = 0; x < W; x++) {
      const col = cellAt(xEdges, (x + 0.5) / W);
      if (col >= 0) fill(row, col, out, 4 * (y * W + x));
    }
  }
  return out;
}

/** Index of the first byte where a and b differ (−1: equal), a fast and telling comparison of big images. */
function firstDiff(a: Uint8ClampedArray, b: Uint8ClampedArray): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

const paint = (row: number, col: number, px: Uint8ClampedArray, i: number) => {
  px[i] = (row * 37) & 255;
  px[i + 1] = (col * 91) & 255;
  px[i + 2] = (row + col) & 255;
  px[i + 3] = row % 5 === 0 ? 0 : 255; // some cells transparent
};

describe('rasterCells', () => {
  it('matches the per-pixel reference: more rows than pixels, uneven columns, cells thinner than a pixel', () => {
    const xEdges = [0, 0.1, 0.102, 0.3, 0.31, 0.6, 1];
    for (const [W, H, rows] of [
      [50, 40, 2049],
      [64, 300, 17],
      [7, 3, 1],
      [33, 90, 90],
    ]) {
      const yEdges = uniformEdges(rows);
      expect(firstDiff(rasterCells(W, H, xEdges, yEdges, paint), naive(W, H, xEdges, yEdges, paint))).toBe(
        -1,
      );
    }
  });

  it('leaves pixels outside the cells transparent and clears a reused buffer', () => {
    const out = new Uint8ClampedArray(4 * 10 * 4).fill(200);
    const xEdges = [0.2, 0.5, 0.8]; // the grid covers only the middle of the width
    const r = rasterCells(10, 4, xEdges, uniformEdges(2), paint, out);
    expect(r).toBe(out);
    expect(firstDiff(r, naive(10, 4, xEdges, uniformEdges(2), paint))).toBe(-1);
    expect(r[3]).toBe(0); // pixel (0, 0) is left of the grid
  });

  it('computes each shown cell once per grid row, not once per pixel', () => {
    let calls = 0;
    rasterCells(400, 300, uniformEdges(3), uniformEdges(2049), () => calls++);
    // 300 pixel rows each show another grid row (2049 > 300): 300 × 3 cells, not 400 × 300 pixels
    expect(calls).toBe(300 * 3);
  });
});
