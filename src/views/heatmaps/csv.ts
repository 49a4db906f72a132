// The heatmaps' matrices as one table in long format (one row per cell), so both export together.
import { toCsv } from '../common/exporters';
import type { TimeHeatmap, WeightsHeatmap } from './draw';

/** Both matrices in long format: one row per cell. */
export function heatmapsCsv(weights: WeightsHeatmap | null, time: TimeHeatmap | null, N: number): string {
  const rows: (string | number)[][] = [];
  if (weights) {
    const { rows: R, cols: C, values } = weights.matrix;
    const name = weights.kind === 'diverging' ? 'weights' : 'neuron_norms';
    for (let n = 0; n < R; n++)
      for (let c = 0; c < C; c++) rows.push([name, n, n / N, weights.colName(c), '', values[n * C + c]]);
  }
  if (time) {
    const { rows: R, cols: C, values } = time.matrix;
    for (let n = 0; n < R; n++)
      for (let c = 0; c < C; c++)
        rows.push([`time_${time.metric}`, n, n / N, time.rowName(n), time.steps[c], values[n * C + c]]);
  }
  return toCsv(['matrix', 'layer', 's', 'quantity', 'step', 'value'], rows);
}
