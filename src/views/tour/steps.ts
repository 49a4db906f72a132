// The guided tour's steps, in order: what each says and which element of the page it points at. The one place
// to add, reorder or reword a step (Tour.tsx only shows them). Text uses $…$ for KaTeX math.
import type { ViewId } from '../registry';

export interface TourStep {
  id: string;
  title: string;
  /** Short paragraphs, one per entry. */
  body: string[];
  /** CSS selectors of the element to point at: the first one on the page wins (none: the card is centred). */
  targets: string[];
  /** The view the element lives in: the tour opens it when it is closed. */
  view?: ViewId;
}

export const TOUR_STEPS: readonly TourStep[] = [
  {
    id: 'trajectory',
    title: 'A trajectory: one input through the layers',
    body: [
      'Each line follows one input $x_0$ through the network. Layer $n$ adds a small residual, $x_{n+1} = x_n + \\tfrac1N f(x_n, \\theta_n)$, so the line runs over depth $s = n/N$ from $0$ to $1$ (for 2-D data it is a path in the plane; for more dimensions, in the plane of the two main directions).',
      'A neural ODE’s trajectories are smooth and never cross. A red crossing badge means this ResNet is not the discretisation of an ODE flow.',
    ],
    targets: [
      '[data-testid="panel-trajectories"] [data-testid="trajectories-plot"]',
      '[data-testid="panel-trajectories"]',
    ],
    view: 'trajectories',
  },
  {
    id: 'ode-overlay',
    title: 'The ODE overlay',
    body: [
      'Dashed: the neural ODE $\\dot x = f(x, \\theta(s))$ whose weights $\\theta(s)$ interpolate the layers’ $\\theta_n$ in depth, solved accurately from the same inputs.',
      'Where the dashed lines follow the solid ones, the ResNet behaves like that ODE. The badge next to it gives the largest gap $\\max_n \\|x_n - x(s_n)\\|$. This switch turns the overlay on and off.',
    ],
    targets: [
      '[data-testid="panel-trajectories"] label[title^="Overlay the neural ODE"]',
      '[data-testid="trajectories-ode-distance"]',
      '[data-testid="panel-trajectories"]',
    ],
    view: 'trajectories',
  },
  {
    id: 'curves',
    title: 'Loss and gradient error',
    body: [
      'Top: the loss of each training batch and, every so often, on the training and test sets. A test loss that rises while the training loss falls means the network is learning its samples by heart.',
      'Purple: the relative error $\\|\\tilde g - g\\|/\\|g\\|$ of the memory-free adjoint gradient, which rebuilds the states by running the network backwards, against exact backprop. It is small when the network is close to an ODE and shrinks as the depth $N$ grows; near 1 the adjoint gradient is useless.',
    ],
    targets: ['[data-testid="panel-curves"]'],
    view: 'curves',
  },
  {
    id: 'sweep',
    title: 'A sweep and its fitted slope',
    body: [
      'A sweep builds the same experiment at several depths $N$ and measures one quantity in each, on log-log axes. A straight line there is a power law, error $\\propto N^p$, and the fitted slope is $p$.',
      'Slope $-1$: the error halves each time $N$ doubles (Euler’s order); $-2$: it quarters. A flat line (slope $0$) means no convergence as $N$ grows. Dashed lines show the rates theory expects. Press “Run sweep” to measure.',
    ],
    targets: ['[data-testid="panel-sweep"]'],
    view: 'sweep',
  },
  {
    id: 'presets',
    title: 'The papers’ figures, live',
    body: [
      'Presets replay the figures of Sander, Ablin & Peyré (2022) and Marion et al. (2024), each with what to look for. “Copy link” keeps the preset: whoever opens the link sees its explanation, and what you changed.',
      'Press Play (or Space) to train. The ? button brings back the help and this tour.',
    ],
    targets: ['[data-testid="presets-open"]'],
  },
];
