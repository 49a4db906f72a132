// "Copy link", "Embed" (an <iframe> snippet of this experiment in embed mode) and the notice listing what an
// opened link could not use.
import { useState } from 'react';
import { linkDataProblem } from '../../link/codec';
import { embedUrl, iframeSnippet } from '../../link/embed';
import { currentLink } from '../../link/url-sync';
import { useExperiment } from '../../state/experiment';
import { useLink } from '../../state/link';
import { useRun } from '../../state/run';
import './link.css';

export function CopyLinkButton() {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <button
      type="button"
      className="btn"
      data-testid="copy-link"
      title="Copy a link that reproduces this experiment (config, seed and views)"
      onClick={async () => {
        const url = currentLink();
        // custom data too large for a link: the link still holds the rest; say where the data goes
        const problem = linkDataProblem(useExperiment.getState().config);
        if (problem)
          useRun.setState({
            notice: { kind: 'warning', text: `The link leaves your data out: ${problem}.` },
          });
        try {
          await navigator.clipboard.writeText(url);
          setState('copied');
        } catch {
          // clipboard permission denied (e.g. insecure context): show the link to copy by hand
          window.prompt('Copy this link:', url);
          setState('failed');
        }
        setTimeout(() => setState('idle'), 2000);
      }}
    >
      {state === 'copied' ? 'Link copied' : 'Copy link'}
    </button>
  );
}

const EMBED_SIZE = { width: 800, height: 560 };

export function EmbedButton() {
  const config = useExperiment((s) => s.config);
  const views = useExperiment((s) => s.views);
  const [size, setSize] = useState(EMBED_SIZE);
  const [copied, setCopied] = useState(false);
  const base = `${window.location.origin}${window.location.pathname}`;
  const snippet = iframeSnippet(embedUrl(base, config, views), size.width, size.height);
  const dim = (key: 'width' | 'height', label: string) => (
    <label>
      {label}
      <input
        type="number"
        min={200}
        max={4000}
        step={10}
        value={size[key]}
        onChange={(e) => {
          const v = Number(e.target.value);
          if (Number.isFinite(v) && v > 0) setSize({ ...size, [key]: v });
        }}
        data-testid={`embed-${key}`}
      />
    </label>
  );
  return (
    <details className="embed-menu" data-testid="embed-menu">
      <summary title="An <iframe> that shows this experiment's large views with play/reset only (a blog post, slides)">
        Embed
      </summary>
      <div className="embed-panel">
        <p className="muted">
          Paste into a web page: it shows the large views (or the first open one) with Play and Reset, and a
          link back to the full page.
        </p>
        <div className="embed-size">
          {dim('width', 'width')}
          {dim('height', 'height')}
        </div>
        <textarea
          readOnly
          value={snippet}
          rows={4}
          data-testid="embed-snippet"
          onFocus={(e) => e.target.select()}
        />
        <button
          type="button"
          className="small"
          data-testid="embed-copy"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(snippet);
              setCopied(true);
              setTimeout(() => setCopied(false), 2000);
            } catch {
              window.prompt('Copy this snippet:', snippet);
            }
          }}
        >
          {copied ? 'Copied' : 'Copy snippet'}
        </button>
      </div>
    </details>
  );
}

export function LinkNotice() {
  const { rejected, version, dismissed, dismiss } = useLink();
  if (dismissed || rejected.length === 0) return null;
  return (
    <div className="notice notice-warning" role="status" data-testid="link-notice">
      <div className="link-notice-body">
        <strong>
          This link had {rejected.length} setting{rejected.length > 1 ? 's' : ''} that could not be used
          {version !== null && version < 2 ? ' (it was made with an older version of ODE Lens)' : ''}; they
          were reset to their defaults:
        </strong>
        <ul>
          {rejected.slice(0, 12).map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the list is static once shown
            <li key={i}>
              <code>{r.field}</code>
              {r.value ? (
                <>
                  {' = '}
                  <code>{r.value}</code>
                </>
              ) : null}
              : {r.reason}
            </li>
          ))}
          {rejected.length > 12 && <li>… and {rejected.length - 12} more</li>}
        </ul>
      </div>
      <button type="button" className="btn-close" aria-label="Dismiss" onClick={dismiss}>
        ×
      </button>
    </div>
  );
}
