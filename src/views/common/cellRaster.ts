// The pixels of a grid of cells (heatmaps): each cell's colour is computed once, not once per pixel, and pixel
// rows that fall in the same grid row are copied. At depth 2048 a heatmap has more rows than pixels; the old
// per-pixel fill made drawCells cost 13–33 ms per heatmap (issue 13 item 5).

/** The cell k with edges[k] ≤ f < edges[k+1] (increasing edges), or −1 outside. */
export function cellAt(edges: ArrayLike<number>, f: number): number {
  const n = edges.length - 1;
  if (!(f >= edges[0] && f <= edges[n])) return -1;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (edges[mid] <= f) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * RGBA pixels [H][W] of cells: pixel (x, y) shows the cell under its centre (column cellAt(xEdges, (x+½)/W), row
 * cellAt(yEdges, (y+½)/H)); `fill(row, col, px, i)` writes a cell's RGBA at px[i..i+3]. Pixels outside every cell
 * stay transparent. `out` (length 4·W·H) is reused when given.
 */
export function rasterCells(
  W: number,
  H: number,
  xEdges: ArrayLike<number>,
  yEdges: ArrayLike<number>,
  fill: (row: number, col: number, px: Uint8ClampedArray, i: number) => void,
  out: Uint8ClampedArray = new Uint8ClampedArray(4 * W * H),
): Uint8ClampedArray {
  out.fill(0);
  const px = new Uint32Array(out.buffer, out.byteOffset, W * H);
  const colOf = new Int32Array(W);
  for (let x = 0; x < W; x++) colOf[x] = cellAt(xEdges, (x + 0.5) / W);
  // the columns some pixel shows, each once
  const used: number[] = [];
  for (let x = 0; x < W; x++) if (colOf[x] >= 0 && colOf[x] !== colOf[x - 1]) used.push(colOf[x]);
  const cell = new Uint8ClampedArray(4);
  const cell32 = new Uint32Array(cell.buffer);
  const colour = new Uint32Array(xEdges.length); // this row's colour per column
  let prevRow = -1;
  let prevY = -1;
  for (let y = 0; y < H; y++) {
    const row = cellAt(yEdges, (y + 0.5) / H);
    if (row < 0) continue;
    if (row === prevRow) {
      px.copyWithin(y * W, prevY * W, prevY * W + W);
    } else {
      for (const c of used) {
        cell32[0] = 0;
        fill(row, c, cell, 0);
        colour[c] = cell32[0];
      }
      for (let x = 0; x < W; x++) if (colOf[x] >= 0) px[y * W + x] = colour[colOf[x]];
    }
    prevRow = row;
    prevY = y;
  }
  return out;
}
