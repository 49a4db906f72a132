// Bounded time series: long runs keep the shape of their curves in a fixed number of points.

/** Append, keeping at most `max` items by dropping every other old one when full (keeps the shape of the curve). */
export function appendThinned<T>(list: T[], items: T[], max: number): T[] {
  let out = list.concat(items);
  while (out.length > max) out = out.filter((_, i) => i % 2 === 0 || i === out.length - 1);
  return out;
}
