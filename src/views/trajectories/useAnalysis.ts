// The snapshot the trajectory view draws, with its heavy parts (ODE overlay, PCA plane) computed in a worker:
// the view shows the newest snapshot whose analysis is done, so trajectories and their ODE always belong to the
// same weights.
import { useEffect, useRef, useState } from 'react';
import type { NetSpec } from '../../core/params';
import type { Snapshot } from '../../state/run';
import type { HeavyResult } from './heavy';
import { heavyClient } from './heavy-client';

export interface Analysed {
  snapshot: Snapshot;
  heavy: HeavyResult;
}

const NOTHING: HeavyResult = { ode: null, odeNote: null, pca: null, crossings: null };

export function useTrajectoryAnalysis(
  latest: Snapshot | null,
  spec: NetSpec,
  showOde: boolean,
  fits: (s: Snapshot, spec: NetSpec) => boolean,
): Analysed | null {
  const [shown, setShown] = useState<Analysed | null>(null);
  const axes = useRef<Float64Array[] | null>(null);
  const specRef = useRef(spec);
  specRef.current = spec;
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  useEffect(() => {
    if (!latest || !fits(latest, spec)) return;
    heavyClient().submit(
      {
        spec,
        weights: { residual: latest.weights.residual, embed: latest.weights.embed },
        fanX: latest.fanX,
        F: latest.F,
        trajectories: latest.trajectories,
        ode: showOde,
        previousAxes: axes.current,
      },
      (r) => {
        // a result that arrives after the view closed, or for a config replaced since, is dropped
        if (!mounted.current || !fits(latest, specRef.current)) return;
        if ('error' in r) {
          setShown({ snapshot: latest, heavy: { ...NOTHING, odeNote: `ODE overlay failed: ${r.error}` } });
          return;
        }
        if (r.result.pca) axes.current = r.result.pca.fit.axes;
        setShown({ snapshot: latest, heavy: r.result });
      },
    );
  }, [latest, spec, showOde, fits]);

  return shown && fits(shown.snapshot, spec) ? shown : null;
}
