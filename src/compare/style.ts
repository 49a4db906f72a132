// How pinned runs are drawn wherever they are overlaid (curves, sweeps, the Compare view): one colour and one dash
// per pin, by its place in the list, distinct from the current run's blue, orange and purple.
export const PIN_COLORS = ['#2ca02c', '#d62728', '#8c564b', '#e377c2', '#17becf', '#7f7f7f'] as const;
export const PIN_DASHES: readonly number[][] = [
  [6, 3],
  [2, 3],
  [9, 3, 2, 3],
  [12, 4],
  [4, 2, 1, 2],
  [1, 2],
];

export function pinStyle(index: number): { color: string; dash: number[] } {
  return { color: PIN_COLORS[index % PIN_COLORS.length], dash: PIN_DASHES[index % PIN_DASHES.length] };
}
