// Export the whole experiment (config, views, current weights, metric history) as JSON, and open such a file:
// the run restarts from the file's weights and step with its history, or, if the file is bad, nothing changes
// and the run bar says why.
import { initWeights } from '../../core/params';
import { exportExperiment, importExperiment } from '../../io/experiment-file';
import { controller } from '../../run/controller';
import { useExperiment } from '../../state/experiment';
import { usePresets } from '../../state/presets';
import { useRun } from '../../state/run';

/** The experiment as a JSON file's text, or null when no run exists yet. */
export async function experimentJson(): Promise<string | null> {
  const state = await controller.readState();
  if (!state) return null;
  const { views } = useExperiment.getState();
  const { losses, evals, gradErrors } = useRun.getState();
  return exportExperiment(state.config, views, state.step, state.weights, { losses, evals, gradErrors });
}

/** Open an experiment file's text. Returns an error message, or null on success. */
export async function openExperimentJson(text: string): Promise<string | null> {
  const r = importExperiment(text);
  if (!r.ok) {
    const message = `Could not open the experiment file: ${r.message}. Nothing was changed.`;
    useRun.setState({ notice: { kind: 'error', text: message } });
    return message;
  }
  controller.pause();
  // the embedding is fixed by the config's seed; the file does not carry it
  const weights = { ...r.weights, embed: initWeights(r.config).embed };
  const ok = await controller.load(r.config, { weights, step: r.step });
  if (!ok) return useRun.getState().notice?.text ?? 'Could not start the imported experiment.';
  useExperiment.getState().load(r.config, r.views);
  usePresets.setState({ active: null });
  const h = r.history;
  useRun.setState({
    losses: h.losses.filter((p) => p.step <= r.step),
    evals: h.evals.filter((p) => p.step <= r.step),
    gradErrors: h.gradErrors.filter((p) => p.step <= r.step),
    loss: h.losses.at(-1)?.loss ?? Number.NaN,
    notice: { kind: 'info', text: `Opened an experiment at step ${r.step}. Press play to go on training.` },
  });
  return null;
}
