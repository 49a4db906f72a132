// The Record entries of a panel's export menu and the recording indicator: "Record WebM" / "Record GIF" start
// a recording of the panel's export drawing, one frame per snapshot of the run; the indicator counts frames
// and its Stop button (or a cap, or closing the view) finishes the file and downloads it.
import { useEffect, useRef, useState } from 'react';
import { useRun } from '../../../state/run';
import { captionFor, exportFileName } from '../caption';
import { captionInfoNow, shownStep } from '../export-info';
import { type Draw, download } from '../exporters';
import { LIMITS, type RecordingKind } from './limits';
import { Recorder, webmSupport } from './recorder';
import './recording.css';

interface Active {
  recorder: Recorder;
  first: number;
  last: number;
  /** The snapshot of the last frame (a frame per snapshot, never two of one). */
  shot: object | null;
}

export interface RecordTarget {
  id: string;
  name: string;
  title: string;
  draw?: Draw;
  size: { width: number; height: number };
  /** The snapshot the plot draws (undefined: the run's last one). */
  shown?: { step: number } | null;
  /** What the plot leaves out, for the caption (PanelExport.note). */
  note?: string | null;
}

type Status =
  | { state: 'idle'; message: string | null }
  | { state: 'recording'; kind: RecordingKind; frames: number }
  | { state: 'encoding'; kind: RecordingKind };

const stepOf = (t: RecordTarget) => t.shown?.step ?? shownStep();

const KIND_LABEL: Record<RecordingKind, string> = { gif: 'GIF', webm: 'WebM' };

/** Record buttons (for the export menu) and the indicator (for the header), sharing one recording. */
export function useRecording(target: RecordTarget) {
  const [status, setStatus] = useState<Status>({ state: 'idle', message: null });
  const active = useRef<Active | null>(null);
  const latest = useRef(target);
  latest.current = target;
  const recording = status.state === 'recording';
  // a new snapshot drawn while recording: one frame. The run's last snapshot, unless the view says which one it
  // draws; either way the view re-rendered with it in this pass, so `latest` draws it
  const own = target.shown !== undefined;
  const runSnapshot = useRun((s) => (recording && !own ? s.snapshot : null));
  const drawn = own ? target.shown : runSnapshot;

  const finish = async (message: string | null) => {
    const a = active.current;
    if (!a) return;
    active.current = null;
    const { kind } = a.recorder;
    setStatus({ state: 'encoding', kind });
    try {
      const blob = await a.recorder.stop();
      const t = latest.current;
      const info = captionInfoNow(t.name, t.title, { from: a.first, to: a.last }, t.note);
      download(blob, exportFileName(info, kind));
      const frames = a.recorder.budget.frames;
      setStatus({
        state: 'idle',
        message: `${KIND_LABEL[kind]} saved: ${frames} frame${frames === 1 ? '' : 's'}${message ? ` (${message})` : ''}.`,
      });
    } catch (err) {
      setStatus({
        state: 'idle',
        message: `The ${KIND_LABEL[kind]} recording failed: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
  };

  const take = (shot: object) => {
    const a = active.current;
    const t = latest.current;
    if (!a || !t.draw || shot === a.shot) return;
    a.shot = shot;
    const step = stepOf(t);
    const caption = captionFor(captionInfoNow(t.name, t.title, step, t.note));
    let admit: ReturnType<Recorder['frame']>;
    try {
      admit = a.recorder.frame(t.draw, caption, performance.now());
    } catch (err) {
      a.recorder.cancel();
      active.current = null;
      setStatus({
        state: 'idle',
        message: `The recording stopped: ${err instanceof Error ? err.message : String(err)}`,
      });
      return;
    }
    if (!admit.ok) {
      void finish(admit.reason);
      return;
    }
    a.last = step;
    setStatus({ state: 'recording', kind: a.recorder.kind, frames: a.recorder.budget.frames });
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: one frame per new snapshot
  useEffect(() => {
    if (drawn) take(drawn);
  }, [drawn]);

  // the max duration holds while training is paused too (no snapshots arrive then)
  // biome-ignore lint/correctness/useExhaustiveDependencies: the timer reads the refs
  useEffect(() => {
    if (!recording) return;
    const timer = setInterval(() => {
      const a = active.current;
      const stop = a?.recorder.budget.expired(performance.now());
      if (stop) void finish(stop);
    }, 1000);
    return () => clearInterval(timer);
  }, [recording]);

  // closing the view finishes the recording (what was recorded is kept)
  // biome-ignore lint/correctness/useExhaustiveDependencies: on unmount only
  useEffect(() => () => void finish('the view was closed'), []);

  const start = (kind: RecordingKind) => {
    const t = latest.current;
    if (!t.draw || active.current) return;
    if (kind === 'webm') {
      const s = webmSupport();
      if ('problem' in s) {
        setStatus({ state: 'idle', message: s.problem });
        return;
      }
    }
    try {
      const recorder = new Recorder(
        kind,
        t.size.width,
        t.size.height,
        window.devicePixelRatio || 1,
        performance.now(),
      );
      const step = stepOf(t);
      active.current = { recorder, first: step, last: step, shot: null };
      setStatus({ state: 'recording', kind, frames: 0 });
      // the first frame now, if the plot shows a snapshot yet (else with the first one it draws)
      const now = t.shown !== undefined ? t.shown : useRun.getState().snapshot;
      if (now) take(now);
    } catch (err) {
      setStatus({ state: 'idle', message: err instanceof Error ? err.message : String(err) });
    }
  };

  const canRecord = !!target.draw && target.size.width > 0 && target.size.height > 0;

  const menuItems = (
    <>
      {(['webm', 'gif'] as const).map((kind) => (
        <button
          key={kind}
          type="button"
          disabled={!canRecord || status.state !== 'idle'}
          data-testid={`record-${target.id}-${kind}`}
          title={`Record this plot over training as ${KIND_LABEL[kind]}: one frame per snapshot, at most ${LIMITS[kind].maxFrames} frames and ${LIMITS[kind].maxMs / 1000} s`}
          onClick={(e) => {
            (e.currentTarget.closest('details') as HTMLDetailsElement | null)?.removeAttribute('open');
            start(kind);
          }}
        >
          Record {KIND_LABEL[kind]}
        </button>
      ))}
    </>
  );

  const indicator =
    status.state === 'recording' ? (
      <span className="rec-indicator" data-testid={`recording-${target.id}`} role="status">
        <span className="rec-dot" aria-hidden="true" />
        REC {KIND_LABEL[status.kind]} ·{' '}
        <span data-testid={`recording-${target.id}-frames`}>{status.frames}</span> frame
        {status.frames === 1 ? '' : 's'}
        <button type="button" data-testid={`record-${target.id}-stop`} onClick={() => void finish(null)}>
          Stop
        </button>
      </span>
    ) : status.state === 'encoding' ? (
      <span className="rec-indicator is-encoding" data-testid={`recording-${target.id}`} role="status">
        Encoding {KIND_LABEL[status.kind]}…
      </span>
    ) : status.message ? (
      <span className="rec-message" data-testid={`recording-${target.id}-message`} role="status">
        {status.message}
        <button
          type="button"
          aria-label="Dismiss"
          onClick={() => setStatus({ state: 'idle', message: null })}
        >
          ×
        </button>
      </span>
    ) : null;

  return { menuItems, indicator };
}
