// Export the whole experiment (config, views, current weights and optimizer moments, metric history) as JSON, and
// open such a file: the run restarts from the file's weights, moments and step with its history, or, if the file
// is bad, nothing changes and the run bar says why. Save works in every state: when the engine cannot be read
// (device lost) it saves the last state the page holds, and says which step that is.
import { initWeights } from '../../core/params';
import { exportExperiment, importExperiment } from '../../io/experiment-file';
import { controller } from '../../run/controller';
import { useExperiment } from '../../state/experiment';
import { addPins, usePins } from '../../state/pins';
import { usePresets } from '../../state/presets';
import { useRun } from '../../state/run';

/** The experiment as a JSON file's text, or null (with a notice saying why) when there is nothing to save. */
export async function experimentJson(): Promise<string | null> {
  const fail = (why: string) => {
    useRun.setState({ notice: { kind: 'error', text: `Could not save the experiment: ${why}.` } });
    return null;
  };
  let state: Awaited<ReturnType<typeof controller.readState>>;
  try {
    state = await controller.readState();
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e));
  }
  if (!state) return fail('no run has been read yet');
  const { views } = useExperiment.getState();
  const { losses, evals, gradErrors } = useRun.getState();
  const upTo = <T extends { step: number }>(a: T[]) => a.filter((p) => p.step <= state.step);
  try {
    const text = exportExperiment(
      state.config,
      views,
      state.step,
      state.weights,
      { losses: upTo(losses), evals: upTo(evals), gradErrors: upTo(gradErrors) },
      state.opt,
      usePins.getState().pins,
    );
    if (state.held)
      useRun.setState({
        notice: {
          kind: 'warning',
          text: `Saved the last state the page holds, at step ${state.step}: the engine could not be read (the GPU was lost).`,
        },
      });
    return text;
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e));
  }
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
  const ok = await controller.load(r.config, { weights, step: r.step, opt: r.opt });
  if (!ok) return useRun.getState().notice?.text ?? 'Could not start the imported experiment.';
  useExperiment.getState().load(r.config, r.views);
  usePresets.setState({ active: null });
  if (r.pins.length) addPins(r.pins);
  const h = r.history;
  const engineNote = useRun.getState().notice;
  const notes = [
    ...(engineNote && engineNote.kind !== 'info' ? [engineNote.text] : []),
    ...r.notes.map((n) => `${n[0].toUpperCase()}${n.slice(1)}.`),
    ...(r.pins.length && usePins.getState().message ? [usePins.getState().message as string] : []),
  ];
  useRun.setState({
    losses: h.losses.filter((p) => p.step <= r.step),
    evals: h.evals.filter((p) => p.step <= r.step),
    gradErrors: h.gradErrors.filter((p) => p.step <= r.step),
    loss: h.losses.filter((p) => p.step <= r.step).at(-1)?.loss ?? Number.NaN,
    notice: {
      kind: notes.length ? 'warning' : 'info',
      text: `Opened an experiment at step ${r.step}${r.pins.length ? ` with ${r.pins.length} pinned run${r.pins.length > 1 ? 's' : ''} (see Compare)` : ''}. Press play to go on training.${notes.length ? ` ${notes.join(' ')}` : ''}`,
    },
  });
  return null;
}
