// Keyboard shortcuts as a pure mapping from a key event to an action, so the rules (which keys, and when to
// leave the key to the focused element) are unit-tested without a DOM.

export type Shortcut = 'toggle' | 'step' | 'reset' | 'help' | 'present' | 'close';

/** The parts of a KeyboardEvent the mapping looks at. */
export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  repeat?: boolean;
  /** Focused element: tag name (any case), input type, contenteditable. */
  target?: { tagName?: string; type?: string; isContentEditable?: boolean } | null;
}

/** Shown in the help overlay, in this order. */
export const SHORTCUTS: { keys: string[]; action: string }[] = [
  { keys: ['Space'], action: 'Play / pause training' },
  { keys: ['→'], action: 'One training step' },
  { keys: ['R'], action: 'Reset to the initial weights' },
  { keys: ['P'], action: 'Presentation mode on / off' },
  { keys: ['?'], action: 'Show this help' },
  { keys: ['Esc'], action: 'Close this help, or leave presentation mode' },
];

const TYPING_INPUTS = new Set([
  'text',
  'number',
  'search',
  'email',
  'url',
  'tel',
  'password',
  'range',
  'date',
  'time',
]);

/** Focus is in a field that uses keys itself (text, numbers, sliders, selects, editable content). */
export function isTypingTarget(t: KeyLike['target']): boolean {
  if (!t) return false;
  if (t.isContentEditable) return true;
  const tag = (t.tagName ?? '').toLowerCase();
  if (tag === 'textarea' || tag === 'select') return true;
  if (tag === 'input') return TYPING_INPUTS.has((t.type ?? 'text').toLowerCase());
  return false;
}

/** Space activates a focused button, link, checkbox or summary: leave it to the element. */
function spaceBelongsToTarget(t: KeyLike['target']): boolean {
  const tag = (t?.tagName ?? '').toLowerCase();
  return tag === 'button' || tag === 'a' || tag === 'summary' || tag === 'input';
}

export function shortcutFor(e: KeyLike): Shortcut | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (e.key === 'Escape') return 'close';
  if (isTypingTarget(e.target)) return null;
  switch (e.key) {
    case ' ':
    case 'Spacebar':
      return e.repeat || spaceBelongsToTarget(e.target) ? null : 'toggle';
    case 'ArrowRight':
      return 'step';
    case 'r':
    case 'R':
      return e.repeat ? null : 'reset';
    case 'p':
    case 'P':
      return e.repeat ? null : 'present';
    case '?':
      return 'help';
    default:
      return null;
  }
}
