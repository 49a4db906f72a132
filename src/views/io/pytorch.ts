// The app's side of the PyTorch export: download the experiment as a PyTorch program (a zip of experiment.py and
// experiment.json, starting from the config's initial weights, so the program reproduces the run from step 0),
// and open weights trained elsewhere (a result.json of the exported program or of the runner, or an export's
// experiment.json) into the running experiment. Wrong shapes are refused with the tensor's name and both shapes,
// and nothing changes.
import { makeDataset } from '../../core/data';
import { initWeights, netSpec } from '../../core/params';
import { pytorchExport, pytorchFiles } from '../../export/pytorch/bundle';
import { PYTORCH_SCRIPT } from '../../export/pytorch/template';
import { importWeights } from '../../export/pytorch/weights';
import { zipFiles } from '../../export/zip';
import { encodeLink } from '../../link/codec';
import { controller } from '../../run/controller';
import { useExperiment } from '../../state/experiment';
import { useRun } from '../../state/run';

export const PYTORCH_ZIP = 'ode-lens-pytorch.zip';

/**
 * The current experiment as a PyTorch program, zipped (folder ode-lens-pytorch/); null, with an error notice that
 * says why, when the export cannot express it (a residual kind without a PyTorch form).
 */
export function pytorchZip(): Uint8Array | null {
  const { config, views } = useExperiment.getState();
  const spec = netSpec(config);
  let ex: ReturnType<typeof pytorchExport>;
  try {
    ex = pytorchExport(
      config,
      encodeLink(config, views),
      spec,
      makeDataset(config),
      initWeights(config, spec),
      0,
    );
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    useRun.setState({
      notice: { kind: 'error', text: `Could not export a PyTorch program: ${why}. Nothing was downloaded.` },
    });
    return null;
  }
  return zipFiles(pytorchFiles(PYTORCH_SCRIPT, ex), 'ode-lens-pytorch');
}

/** Whether a file's text is one `openWeightsJson` reads (rather than a saved experiment). */
export function isWeightsFile(text: string): boolean {
  try {
    const f = JSON.parse(text) as { format?: unknown } | null;
    return f?.format === 'ode-lens-result' || f?.format === 'ode-lens-pytorch';
  } catch {
    return false; // not JSON: the experiment file's reader says so
  }
}

/** A hint when the file was made for another config than the page's (its link opens that experiment). */
function otherExperiment(text: string, config: unknown): string {
  try {
    const f = JSON.parse(text) as { config?: unknown; link?: unknown };
    if (f.config && JSON.stringify(f.config) !== JSON.stringify(config) && typeof f.link === 'string')
      return ` The file comes from another experiment: open its link (#${f.link.slice(0, 60)}…) first.`;
  } catch {
    // not JSON: the message above says so
  }
  return '';
}

const num = (v: unknown) => (typeof v === 'number' ? v : Number.NaN);

/** Load weights into the running experiment. Returns an error message, or null on success. */
export async function openWeightsJson(text: string): Promise<string | null> {
  const { config } = useExperiment.getState();
  const spec = netSpec(config);
  const r = importWeights(text, spec, initWeights(config, spec).embed);
  if (!r.ok) {
    const message = `Could not open the weights: ${r.message}. Nothing was changed.${otherExperiment(text, config)}`;
    useRun.setState({ notice: { kind: 'error', text: message } });
    return message;
  }
  controller.pause();
  const ok = await controller.load(config, { weights: r.weights, step: r.step });
  if (!ok) return useRun.getState().notice?.text ?? 'Could not start from the imported weights.';
  // a result.json brings its training curves along
  const f = JSON.parse(text) as {
    training?: { losses?: unknown[]; evaluations?: unknown[] };
    diagnostics?: unknown[];
  };
  const rows = (a: unknown) =>
    (Array.isArray(a) ? a : []).filter((o): o is Record<string, unknown> => !!o && typeof o === 'object');
  const losses = rows(f.training?.losses).map((o) => ({
    step: num(o.step),
    loss: num(o.loss),
    acc: num(o.acc),
  }));
  useRun.setState({
    losses: losses.filter((p) => p.step <= r.step),
    evals: rows(f.training?.evaluations)
      .map((o) => ({
        step: num(o.step),
        trainLoss: num(o.trainLoss),
        testLoss: num(o.testLoss),
        trainAcc: num(o.trainAcc),
        testAcc: num(o.testAcc),
      }))
      .filter((p) => p.step <= r.step),
    gradErrors: rows(f.diagnostics)
      .map((o) => ({ step: num(o.step), value: num(o.gradErrorGlobal) }))
      .filter((p) => p.step <= r.step),
    loss: losses.at(-1)?.loss ?? Number.NaN,
    notice: {
      kind: 'info',
      text: `Opened the weights of ${r.source} at step ${r.step}. Every view shows them; press play to go on training.`,
    },
  });
  return null;
}
