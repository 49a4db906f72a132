// One notice's markup (icon, bold label, text, optional actions, a dismiss button), shared by the run's notices
// and the autosave's so that they look and read alike.
import type { ReactNode } from 'react';
import './notice.css';

export type NoticeKind = 'error' | 'warning' | 'info';

export function NoticeBox(props: {
  kind: NoticeKind;
  icon: string;
  label: string;
  testId: string;
  onDismiss: () => void;
  /** Buttons between the text and the dismiss button. */
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div
      className={`notice notice-${props.kind}`}
      role={props.kind === 'error' ? 'alert' : 'status'}
      data-testid={props.testId}
      data-kind={props.kind}
    >
      <span className="notice-icon" aria-hidden="true">
        {props.icon}
      </span>
      <p>
        <strong>{props.label}:</strong> {props.children}
      </p>
      {props.actions}
      <button type="button" className="notice-close" onClick={props.onDismiss} aria-label="Dismiss">
        ✕
      </button>
    </div>
  );
}
