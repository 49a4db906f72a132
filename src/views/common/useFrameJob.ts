// A value computed in an animation frame of the shared frame scheduler instead of during React's render: the
// component shows the last value that is ready until the new one is (e.g. a trajectory model of 50k points that
// was part of the snapshot's long task, issue 13 item 5).
import { type DependencyList, useEffect, useRef, useState } from 'react';
import { frameScheduler } from './frameScheduler';

/** The latest `compute()` for these deps, once a frame ran it (null before the first). */
export function useFrameJob<T>(compute: () => T, deps: DependencyList): T | null {
  const [ready, setReady] = useState<{ value: T } | null>(null);
  const key = useRef({});
  useEffect(() => () => frameScheduler().cancel(key.current), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: recomputed on the caller's deps
  useEffect(() => {
    frameScheduler().schedule(key.current, () => setReady({ value: compute() }));
  }, [...deps]);
  return ready ? ready.value : null;
}
