// Header buttons to save the experiment as a JSON file, export it as a PyTorch program, and open either a saved
// experiment or weights trained elsewhere.
import { useRef } from 'react';
import { download } from '../common/exporters';
import { experimentJson, openExperimentJson } from './actions';
import { isWeightsFile, openWeightsJson, PYTORCH_ZIP, pytorchZip } from './pytorch';

export function ExperimentFileButtons() {
  const input = useRef<HTMLInputElement | null>(null);
  return (
    <>
      <button
        type="button"
        className="btn"
        data-testid="experiment-export"
        title="Save the whole experiment (config, views, current weights and metric history) as JSON"
        onClick={async () => {
          const text = await experimentJson();
          if (text) download(text, 'ode-lens-experiment.json', 'application/json');
        }}
      >
        Save
      </button>
      <button
        type="button"
        className="btn"
        data-testid="experiment-pytorch"
        title="Download this experiment as a PyTorch program (experiment.py + its data and initial weights, zipped): python3 experiment.py reproduces the run; Open… reads its result.json back"
        onClick={() => {
          const zip = pytorchZip(); // null: refused, and the notice says why
          if (zip) download(new Blob([zip as BlobPart], { type: 'application/zip' }), PYTORCH_ZIP);
        }}
      >
        PyTorch
      </button>
      <button
        type="button"
        className="btn"
        data-testid="experiment-import"
        title="Open an experiment saved as JSON (it goes on from its weights), or weights trained elsewhere (a result.json of the PyTorch program or the runner)"
        onClick={() => input.current?.click()}
      >
        Open…
      </button>
      <input
        ref={input}
        type="file"
        accept="application/json,.json"
        hidden
        data-testid="experiment-file-input"
        onChange={async (e) => {
          const file = e.target.files?.[0];
          e.target.value = ''; // the same file can be chosen again
          if (!file) return;
          const text = await file.text();
          await (isWeightsFile(text) ? openWeightsJson(text) : openExperimentJson(text));
        }}
      />
    </>
  );
}
