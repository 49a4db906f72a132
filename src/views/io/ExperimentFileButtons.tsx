// Header buttons to save the experiment as a JSON file and to open one.
import { useRef } from 'react';
import { download } from '../common/exporters';
import { experimentJson, openExperimentJson } from './actions';

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
        data-testid="experiment-import"
        title="Open an experiment saved as JSON (it goes on from its weights)"
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
          if (file) await openExperimentJson(await file.text());
        }}
      />
    </>
  );
}
