// First visit without a link: two lines on what the page shows and where to start, and the guided tour offered
// (until taken or skipped once). Dismissed for good (local storage); never shown when the page was opened from a
// link or a preset is open.
import { useState } from 'react';
import { useLink } from '../../state/link';
import { usePresets } from '../../state/presets';
import { tourSeen, useTour } from '../../state/tour';
import { MathText } from '../presets/MathText';
import './welcome.css';

const KEY = 'odeLens.welcomeDismissed';

function dismissedBefore(): boolean {
  try {
    return localStorage.getItem(KEY) === '1';
  } catch {
    return false; // storage blocked: show it, it can still be closed for this visit
  }
}

export function WelcomeCard() {
  const [hidden, setHidden] = useState(dismissedBefore);
  const fromLink = useLink((s) => s.version !== null);
  const preset = usePresets((s) => s.active);
  if (hidden || fromLink || preset) return null;
  const close = () => {
    setHidden(true);
    try {
      localStorage.setItem(KEY, '1');
    } catch {
      // ignore: hidden for this visit
    }
  };
  return (
    <aside className="welcome" data-testid="welcome" aria-label="Welcome">
      <p>
        <MathText
          text={
            'A depth-$N$ ResNet $x_{n+1} = x_n + \\tfrac{1}{N} f(x_n, \\theta_n)$ is Euler’s method for the neural ODE $\\tfrac{dx}{ds} = f(x, \\theta(s))$.'
          }
        />{' '}
        Press <strong>Play</strong> to train this one and watch whether its trajectories and weights behave
        like the ODE’s, or open the <strong>Presets</strong> to replay the papers’ figures.
      </p>
      <div className="welcome-actions">
        <button
          type="button"
          className="primary small"
          data-testid="welcome-presets"
          onClick={() => usePresets.setState({ galleryOpen: true })}
        >
          Open the presets
        </button>
        {!tourSeen() && (
          <button
            type="button"
            className="small"
            data-testid="welcome-tour"
            onClick={() => {
              close();
              useTour.getState().start();
            }}
          >
            Take the tour
          </button>
        )}
        <button type="button" className="small" data-testid="welcome-close" onClick={close}>
          Got it
        </button>
      </div>
    </aside>
  );
}
