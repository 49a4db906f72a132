// The guided tour: a card next to the real element each step explains (steps.ts), that element ringed and the rest
// of the page dimmed. Not modal: the page stays usable (try the overlay switch while it is pointed at).
// Keys: Escape closes; ← and → go back and on while focus is in the card (and then never reach the page's own
// shortcuts, → being "one training step"); Tab moves between Back, Next and Skip.
import { type CSSProperties, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useExperiment } from '../../state/experiment';
import { useTour } from '../../state/tour';
import { MathText } from '../presets/MathText';
import { dimRects, NARROW, placeCard, type Rect } from './place';
import { TOUR_STEPS } from './steps';
import './tour.css';

/** The first of the step's targets that is on the page and has a size. */
function findTarget(selectors: readonly string[]): { el: HTMLElement; selector: string } | null {
  for (const selector of selectors) {
    const el = document.querySelector<HTMLElement>(selector);
    if (el && el.getClientRects().length > 0) return { el, selector };
  }
  return null;
}

const sameRect = (a: Rect | null, b: Rect | null) =>
  a === b ||
  (!!a &&
    !!b &&
    Math.abs(a.left - b.left) < 0.5 &&
    Math.abs(a.top - b.top) < 0.5 &&
    Math.abs(a.width - b.width) < 0.5 &&
    Math.abs(a.height - b.height) < 0.5);

/** The ring's box: the element's, `pad` px larger on every side. */
const hole = (r: Rect, pad: number): Rect => ({
  left: r.left - pad,
  top: r.top - pad,
  width: r.width + 2 * pad,
  height: r.height + 2 * pad,
});

const reducedMotion = () => window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

export function Tour() {
  const open = useTour((s) => s.open);
  return open ? <TourCard /> : null;
}

function TourCard() {
  const step = Math.min(
    useTour((s) => s.step),
    TOUR_STEPS.length - 1,
  );
  const { go, close } = useTour.getState();
  const s = TOUR_STEPS[step];
  const last = step === TOUR_STEPS.length - 1;
  const cardRef = useRef<HTMLDivElement | null>(null);
  const nextRef = useRef<HTMLButtonElement | null>(null);
  const [target, setTarget] = useState<{ rect: Rect; selector: string } | null>(null);
  const [cardSize, setCardSize] = useState({ width: 0, height: 0 });
  const [vp, setVp] = useState({ width: window.innerWidth, height: window.innerHeight });

  // focus goes back where it was when the tour ends (read before the focus moves to Next, below)
  useLayoutEffect(() => {
    const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    return () => returnTo?.focus({ preventScroll: true });
  }, []);

  // each step: open its view if closed, bring its element into view
  useEffect(() => {
    const { views, setOpenViews } = useExperiment.getState();
    if (s.view && !views.open.includes(s.view)) setOpenViews([...views.open, s.view]);
    let cancelled = false;
    // the view just opened renders on the next frame
    requestAnimationFrame(() => {
      if (cancelled) return;
      const t = findTarget(s.targets);
      if (!t) return;
      const tall = t.el.getBoundingClientRect().height > window.innerHeight * 0.55;
      t.el.scrollIntoView({
        block: tall ? 'start' : 'center',
        behavior: reducedMotion() ? 'auto' : 'smooth',
      });
    });
    return () => {
      cancelled = true;
    };
  }, [s]);

  // the card's size before its first paint: it is placed (and shown) in the same frame it appears
  useLayoutEffect(() => {
    const c = cardRef.current;
    if (c) setCardSize({ width: c.offsetWidth, height: c.offsetHeight });
  }, []);

  // each step, once the card is shown: focus Next. In a layout effect of the commit that shows the card, never
  // in a later frame: a hidden button cannot take focus, and an animation frame can come before React's next
  // render on a busy page (the focus was then lost now and then).
  const shown = cardSize.width > 0;
  // biome-ignore lint/correctness/useExhaustiveDependencies: s is the trigger (a new step focuses Next again)
  useLayoutEffect(() => {
    if (shown) nextRef.current?.focus({ preventScroll: true });
  }, [s, shown]);

  // follow the element while the page scrolls, resizes or re-lays out (a rect per frame, a render only on change)
  useEffect(() => {
    let frame = 0;
    let prev: Rect | null = null;
    let prevSel = '';
    const tick = () => {
      const t = findTarget(s.targets);
      const r = t?.el.getBoundingClientRect() ?? null;
      const rect = r ? { left: r.left, top: r.top, width: r.width, height: r.height } : null;
      if (!sameRect(rect, prev) || (t?.selector ?? '') !== prevSel) {
        prev = rect;
        prevSel = t?.selector ?? '';
        setTarget(rect && t ? { rect, selector: t.selector } : null);
      }
      setVp((v) =>
        v.width === window.innerWidth && v.height === window.innerHeight
          ? v
          : { width: window.innerWidth, height: window.innerHeight },
      );
      const c = cardRef.current;
      if (c)
        setCardSize((z) =>
          z.width === c.offsetWidth && z.height === c.offsetHeight
            ? z
            : { width: c.offsetWidth, height: c.offsetHeight },
        );
      frame = requestAnimationFrame(tick);
    };
    tick();
    return () => cancelAnimationFrame(frame);
  }, [s]);

  // keys: Escape closes wherever focus is; arrows step while focus is in the card
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const inCard = !!cardRef.current && cardRef.current.contains(document.activeElement);
      if (e.key === 'Escape') {
        // an open dialog (help, presets) closes first
        if (document.querySelector('dialog[open]')) return;
        e.preventDefault();
        e.stopPropagation();
        close();
      } else if (inCard && (e.key === 'ArrowRight' || e.key === 'ArrowLeft')) {
        e.preventDefault();
        e.stopPropagation();
        if (e.key === 'ArrowLeft') go(step - 1);
        else if (last) close();
        else go(step + 1);
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [step, last, go, close]);

  const rect = target?.rect ?? null;
  const pos = placeCard(rect, cardSize, vp);
  const narrow = vp.width < NARROW;
  const cardStyle: CSSProperties = {
    left: pos.left,
    top: pos.top,
    visibility: shown ? 'visible' : 'hidden',
  };
  const PAD = 4;
  return (
    <>
      {rect ? (
        <>
          {dimRects(hole(rect, PAD), vp).map((d) => (
            <div
              key={`${d.left},${d.top}`}
              className="tour-dim"
              data-testid="tour-dim"
              aria-hidden
              style={{ left: d.left, top: d.top, width: d.width, height: d.height }}
            />
          ))}
          <div
            className="tour-highlight"
            data-testid="tour-highlight"
            data-target={target?.selector}
            aria-hidden
            style={hole(rect, PAD)}
          />
        </>
      ) : (
        <div className="tour-dim is-full" data-testid="tour-dim" aria-hidden />
      )}
      <div
        ref={cardRef}
        className={`tour-card${narrow ? ' is-narrow' : ''}`}
        data-testid="tour-card"
        data-step={s.id}
        data-side={pos.side}
        role="dialog"
        aria-modal="false"
        aria-labelledby="tour-title"
        aria-describedby="tour-body"
        style={cardStyle}
      >
        <p className="tour-count">
          Guided tour · step {step + 1} of {TOUR_STEPS.length}
        </p>
        <h2 id="tour-title">{s.title}</h2>
        <div id="tour-body" className="tour-body" aria-live="polite">
          {s.body.map((para) => (
            <p key={para}>
              <MathText text={para} />
            </p>
          ))}
        </div>
        <div className="tour-actions">
          {!last && (
            <button type="button" className="small" data-testid="tour-skip" onClick={close}>
              Skip tour
            </button>
          )}
          <span className="tour-nav">
            <button
              type="button"
              className="small"
              data-testid="tour-back"
              disabled={step === 0}
              onClick={() => go(step - 1)}
            >
              Back
            </button>
            <button
              ref={nextRef}
              type="button"
              className="primary small"
              data-testid="tour-next"
              onClick={() => (last ? close() : go(step + 1))}
            >
              {last ? 'Done' : 'Next'}
            </button>
          </span>
        </div>
      </div>
    </>
  );
}
