// A view's frame: title, a one-line "what to look for", optional toolbar, and an export menu (PNG, SVG, CSV,
// recordings) fed by the view's own draw function and data, so every plot exports the same way. Images carry
// a caption (view, step, settings, what the picture leaves out, link) and files are named by view, scheme, depth and step (caption.ts).
import { type ReactNode, useState } from 'react';
import { captionFor, exportFileName } from './caption';
import { captionInfoNow } from './export-info';
import { type Draw, download, renderPng, renderSvg } from './exporters';
import { useRecording } from './recording/RecordControl';
import './panel.css';

export interface PanelExport {
  /** File name stem, e.g. 'trajectories'. */
  name: string;
  /** The plot's draw function and the size to export at (CSS px). */
  draw?: Draw;
  size?: { width: number; height: number };
  /** The plot's data as CSV text. */
  csv?: () => string;
  /**
   * The snapshot the plot draws, when it is not the run's last one (the trajectories wait for their worker): its
   * step goes in the caption and a recording takes a frame when it changes. Null: nothing drawn yet.
   */
  shown?: { step: number } | null;
  /**
   * What the plot leaves out, as the view says it on screen (a deep net's read-outs cut to their cost): the
   * caption of an exported image or recording says it too. Null or absent: nothing.
   */
  note?: string | null;
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
  const recording = useRecording({
    id,
    name: exports?.name ?? id,
    title,
    draw: exports?.draw,
    size,
    shown: exports?.shown,
    note: exports?.note,
  });
  const info = () => captionInfoNow(exports?.name ?? id, title, exports?.shown?.step, exports?.note);
  return (
    <section
      className={`panel ${className ?? ''}`}
      data-testid={`panel-${id}`}
      data-shown-step={exports?.shown?.step}
      aria-labelledby={`panel-${id}-title`}
    >
      <header className="panel-header">
        <h2 id={`panel-${id}-title`}>{title}</h2>
        <div className="panel-toolbar">
          {exports && recording.indicator}
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
                      const i = info();
                      download(
                        await renderPng(exports.draw!, size.width, size.height, 2, captionFor(i)),
                        exportFileName(i, 'png'),
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
                  onClick={() => {
                    const i = info();
                    download(
                      renderSvg(exports.draw!, size.width, size.height, captionFor(i)),
                      exportFileName(i, 'svg'),
                      'image/svg+xml',
                    );
                  }}
                >
                  SVG
                </button>
                <button
                  type="button"
                  disabled={!exports.csv}
                  data-testid={`export-${id}-csv`}
                  onClick={() => download(exports.csv!(), exportFileName(info(), 'csv'), 'text/csv')}
                >
                  CSV
                </button>
                {recording.menuItems}
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
