// "What am I looking at" and the keyboard shortcuts, in a modal dialog: the native <dialog> makes the rest of
// the page inert (focus stays inside) and closes on Escape; focus goes back to where it was.
import { useEffect, useRef } from 'react';
import { SHORTCUTS } from '../../app/keyboard';
import { useTour } from '../../state/tour';
import { TOUR_STEPS } from '../tour/steps';
import '../common/dialog.css';
import { ThemePicker } from './ThemePicker';
import './help.css';

export function HelpOverlay({ open, onClose }: { open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement | null>(null);
  const returnTo = useRef<HTMLElement | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
      dialog.querySelector<HTMLElement>('.help-close')?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the backdrop click mirrors Escape, which the dialog handles natively
    <dialog
      ref={ref}
      className="help-dialog"
      aria-labelledby="help-title"
      data-testid="help-overlay"
      onClose={() => {
        onClose();
        // focus goes back, unless something took it since the dialog closed (the tour started from here: its
        // Next button must keep it)
        const now = document.activeElement;
        if (!now || now === document.body || ref.current?.contains(now)) returnTo.current?.focus();
      }}
      onCancel={(e) => {
        // Escape: close through our state so React and the dialog agree
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        // a click on the backdrop (the dialog element itself, outside its content) closes it
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div className="help-content">
        <header className="help-head">
          <h2 id="help-title">What am I looking at?</h2>
          <button type="button" className="help-close" onClick={onClose} aria-label="Close help">
            ✕
          </button>
        </header>
        <p>
          A residual network updates its state layer by layer, <em>x</em>
          <sub>n+1</sub> = <em>x</em>
          <sub>n</sub> + (1/N) f(<em>x</em>
          <sub>n</sub>, θ<sub>n</sub>): exactly Euler's method, with step 1/N, for the neural ODE d<em>x</em>
          /ds = f(<em>x</em>, θ(s)) on continuous depth s = n/N ∈ [0, 1]. ODE Lens trains such a network in
          your browser and shows, live, whether it really behaves like that ODE (Sander, Ablin &amp; Peyré,
          2022).
        </p>
        <p>
          <strong>Trajectories</strong> follow inputs through depth (crossing paths are something no ODE flow
          can do); <strong>training curves</strong> show the loss and how far the memory-free adjoint gradient
          is from exact backprop; <strong>weight heatmaps</strong> show θ<sub>n</sub> against depth, smooth
          when an ODE limit exists; the <strong>memory meter</strong> compares what each gradient mode stores;{' '}
          <strong>sweeps</strong> measure errors as the depth N grows.
        </p>
        <p>
          Try first: press <kbd>Space</kbd> and watch the loss fall and the trajectories bend. Then set the
          initialisation to <em>i.i.d. per layer</em> and compare the heatmaps with the smooth one, or switch
          the gradient to the adjoint and compare memory and gradient error.
        </p>
        <p className="help-tour">
          <button
            type="button"
            className="small"
            data-testid="help-tour"
            onClick={() => {
              onClose();
              // after the dialog has closed and given focus back, so the tour's card keeps it
              setTimeout(() => useTour.getState().start(), 0);
            }}
          >
            Take the guided tour
          </button>{' '}
          <span className="muted">
            {TOUR_STEPS.length} steps through the page. A link with <code>&amp;tour=1</code> at its end opens
            with it (for a class).
          </span>
        </p>
        <h3>Keyboard</h3>
        <table className="shortcuts">
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.action}>
                <th scope="row">
                  {s.keys.map((k) => (
                    <kbd key={k}>{k}</kbd>
                  ))}
                </th>
                <td>{s.action}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted">
          Shortcuts are off while you type in a field. Hover a setting for what it means.
        </p>
        <h3>Display</h3>
        <p>
          <ThemePicker /> System follows your system's light, dark and high-contrast settings; a choice here
          is remembered in this browser. <strong>Present</strong> (or <kbd>P</kbd>) shows one or two views
          large, fullscreen, with only the run buttons; <kbd>Esc</kbd> leaves it.
        </p>
      </div>
    </dialog>
  );
}
