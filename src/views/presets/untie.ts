// The fine-tuning preset's second stage in the page: the running network's weights copied into one K× deeper
// (src/core/untie.ts), built from them with the adjoint, ready to fine-tune. On any failure nothing changes and
// the run bar says why.
import { netSpec } from '../../core/params';
import { untiedConfig, untieWeights } from '../../core/untie';
import { controller } from '../../run/controller';
import { useExperiment } from '../../state/experiment';
import { useRun } from '../../state/run';

/** Untie the running network ×K. Returns an error message, or null on success. */
export async function untieRun(K: number): Promise<string | null> {
  const fail = (why: string) => {
    const text = `Could not untie the network: ${why}. Nothing was changed.`;
    useRun.setState({ notice: { kind: 'error', text } });
    return text;
  };
  controller.pause();
  const state = await controller.readState();
  if (!state) return fail('no run has been read yet');
  const u = untiedConfig(state.config, K);
  if (!u.ok) return fail(u.message);
  const last = useRun.getState().evals.at(-1);
  let weights: ReturnType<typeof untieWeights>;
  try {
    weights = untieWeights(netSpec(state.config), state.weights, netSpec(u.config));
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e));
  }
  // a new run from copied weights: a fresh optimizer from step 0
  const ok = await controller.load(u.config, { weights, step: 0 });
  if (!ok) return useRun.getState().notice?.text ?? 'Could not build the untied network.';
  useExperiment.getState().load(u.config);
  // the last evaluation the page holds (it may lag the last step by up to a second of training)
  const before =
    last && Number.isFinite(last.testAcc)
      ? ` (test accuracy at step ${last.step}: ${(100 * last.testAcc).toFixed(1)}%)`
      : '';
  useRun.setState({
    notice: {
      kind: 'info',
      text: `Untied ×${K}: N = ${state.config.model.depth} → ${u.config.model.depth}, each layer copied ${K} times${before}. Press play to fine-tune with the adjoint.`,
    },
  });
  return null;
}
