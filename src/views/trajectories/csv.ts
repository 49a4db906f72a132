// The trajectories as a table: one row per (input, layer) with the ResNet state and, when computed, the state
// of the interpolated neural ODE at the same depth.
import { toCsv } from '../common/exporters';

export function trajectoriesCsv(
  trajectories: ArrayLike<number>,
  ode: ArrayLike<number> | null,
  L: number,
  F: number,
  d: number,
  N: number,
  labels: Int32Array | null = null,
): string {
  const coords = (p: string) => Array.from({ length: d }, (_, k) => `${p}${k}`);
  const header = [
    'input',
    ...(labels ? ['class'] : []),
    'layer',
    's',
    ...coords('x'),
    ...(ode ? coords('ode_x') : []),
  ];
  const rows: (string | number)[][] = [];
  for (let i = 0; i < F; i++)
    for (let n = 0; n < L; n++) {
      const o = (n * F + i) * d;
      const row: (string | number)[] = [i, ...(labels ? [labels[i]] : []), n, n / N];
      for (let k = 0; k < d; k++) row.push(Number(trajectories[o + k]));
      if (ode) for (let k = 0; k < d; k++) row.push(ode[o + k]);
      rows.push(row);
    }
  return toCsv(header, rows);
}
