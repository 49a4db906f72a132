// Progress of a long runner job on stderr: at most one line every few seconds (stdout keeps the results), with
// the rate and the time left, so a run of minutes shows it is alive. Pure formatting plus a throttle.

/** "1 min 5 s", "42 s", "2 h 3 min": coarse on purpose (a rate estimate is not precise). */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** One progress line: where the run is, its loss, its rate over the run so far and the time left. */
export function progressLine(
  step: number,
  total: number,
  loss: number,
  elapsedMs: number,
  done: number,
): string {
  const width = String(total).length;
  const pct = total > 0 ? Math.floor((100 * step) / total) : 100;
  const rate = elapsedMs > 0 ? (1000 * done) / elapsedMs : 0;
  const left = rate > 0 ? formatDuration(Math.max(0, total - step) / rate) : '?';
  const lossText = Number.isFinite(loss) ? loss.toExponential(4) : String(loss);
  const rateText =
    rate >= 10
      ? `${rate.toFixed(0)} steps/s`
      : rate >= 0.1
        ? `${rate.toFixed(2)} steps/s`
        : rate > 0
          ? `${formatDuration(1 / rate)} per step`
          : 'rate ?';
  return `  step ${String(step).padStart(width)}/${total} (${pct}%)  loss ${lossText}  ${rateText}  ~${left} left`;
}

/** Report now if `everyMs` has passed since the last line (or `force`); returns whether it printed. */
export type Throttle = (line: () => string, force?: boolean) => boolean;

/** A printer that lets through at most one line every `everyMs` (the first call always prints). */
export function throttled(
  write: (line: string) => void,
  everyMs: number,
  now = () => performance.now(),
): Throttle {
  let last = Number.NEGATIVE_INFINITY;
  return (line, force = false) => {
    const t = now();
    if (!force && t - last < everyMs) return false;
    last = t;
    write(line());
    return true;
  };
}
