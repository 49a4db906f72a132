// A view's frame: title, a one-line "what to look for", optional toolbar, and an export menu (PNG, SVG, CSV)
// fed by the view's own draw function and data, so every plot exports the same way.
import { type ReactNode, useState } from 'react';
import { type Draw, download, renderPng, renderSvg } from './exporters';
import './panel.css';

export interface PanelExport {
  /** File name stem, e.g. 'trajectories'. */
  name: string;
  /** The plot's draw function and the size to export at (CSS px). */
  draw?: Draw;
  size?: { width: number; height: number };
  /** The plot's data as CSV text. */
  csv?: () => string;
}

export function Panel(props: {
  id: string;
  title: string;
  hint?: ReactNode;
  toolbar?: ReactNode;
  exports?: PanelExport;
  children: ReactNode;
  className?: string;
}) {
  const { id, title, hint, toolbar, exports, children, className } = props;
  const [busy, setBusy] = useState(false);
  const size = exports?.size ?? { width: 800, height: 500 };
  const ready = !!exports?.draw && size.width > 0 && size.height > 0;
  return (
    <section
      className={`panel ${className ?? ''}`}
      data-testid={`panel-${id}`}
      aria-labelledby={`panel-${id}-title`}
    >
      <header className="panel-header">
        <h2 id={`panel-${id}-title`}>{title}</h2>
        <div className="panel-toolbar">
          {toolbar}
          {exports && (
            <details className="panel-export">
              <summary aria-label={`Export ${title}`}>Export</summary>
              <div className="panel-export-menu">
                <button
                  type="button"
                  disabled={!ready || busy}
                  data-testid={`export-${id}-png`}
                  onClick={async () => {
                    setBusy(true);
                    try {
                      download(
                        await renderPng(exports.draw!, size.width, size.height),
                        `${exports.name}.png`,
                      );
                    } finally {
                      setBusy(false);
                    }
                  }}
                >
                  PNG
                </button>
                <button
                  type="button"
                  disabled={!ready}
                  data-testid={`export-${id}-svg`}
                  onClick={() =>
                    download(
                      renderSvg(exports.draw!, size.width, size.height),
                      `${exports.name}.svg`,
                      'image/svg+xml',
                    )
                  }
                >
                  SVG
                </button>
                <button
                  type="button"
                  disabled={!exports.csv}
                  data-testid={`export-${id}-csv`}
                  onClick={() => download(exports.csv!(), `${exports.name}.csv`, 'text/csv')}
                >
                  CSV
                </button>
              </div>
            </details>
          )}
        </div>
      </header>
      {hint && <p className="panel-hint">{hint}</p>}
      <div className="panel-body">{children}</div>
    </section>
  );
}
