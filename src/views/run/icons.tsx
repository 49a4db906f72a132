// Run-bar icons as inline SVG (font glyphs such as ⏭ are missing on some systems).
const common = {
  width: 14,
  height: 14,
  viewBox: '0 0 16 16',
  focusable: false,
} as const;

export const PlayIcon = () => (
  <svg aria-hidden="true" {...common}>
    <path d="M4 2.5v11l9-5.5z" fill="currentColor" />
  </svg>
);

export const PauseIcon = () => (
  <svg aria-hidden="true" {...common}>
    <rect x="3.5" y="2.5" width="3" height="11" rx="0.5" fill="currentColor" />
    <rect x="9.5" y="2.5" width="3" height="11" rx="0.5" fill="currentColor" />
  </svg>
);

export const StepIcon = () => (
  <svg aria-hidden="true" {...common}>
    <path d="M3 2.5v11l7-5.5z" fill="currentColor" />
    <rect x="11" y="2.5" width="2.5" height="11" rx="0.5" fill="currentColor" />
  </svg>
);

export const ResetIcon = () => (
  <svg aria-hidden="true" {...common}>
    <path
      d="M3.5 8a4.5 4.5 0 1 0 1.4-3.3"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
    />
    <path d="M2.5 2v4h4z" fill="currentColor" />
  </svg>
);
