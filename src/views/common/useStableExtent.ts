// A plot's domains through nextExtent (src/views/common/extent.ts): the box follows the data with hysteresis,
// re-fitted when `scope` changes (another experiment) or `refit` counts up (the panel's Re-fit button).
import { useMemo, useRef } from 'react';
import { EXTENT_DEFAULTS, type ExtentState, nextExtent } from './extent';

interface Domains {
  xDomain: [number, number];
  yDomain: [number, number];
}

/** `model` with its domains stabilised; `fixedX`: the x domain is not data-driven (depth s) and is kept as is. */
export function useStableExtent<T extends Domains>(
  model: T | null,
  scope: unknown,
  refit: number,
  fixedX: boolean,
): T | null {
  const state = useRef<ExtentState | null>(null);
  const seen = useRef<{ scope: unknown; refit: number }>({ scope, refit });
  return useMemo(() => {
    if (!model) return null;
    const again = seen.current.scope !== scope || seen.current.refit !== refit;
    seen.current = { scope, refit };
    const s = nextExtent(
      state.current,
      model.xDomain,
      model.yDomain,
      performance.now(),
      EXTENT_DEFAULTS,
      again,
    );
    state.current = s;
    return { ...model, xDomain: fixedX ? model.xDomain : [s.x[0], s.x[1]], yDomain: [s.y[0], s.y[1]] };
  }, [model, scope, refit, fixedX]);
}
