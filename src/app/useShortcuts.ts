// Window-level keyboard shortcuts (see keyboard.ts for the mapping).
import { useEffect, useRef } from 'react';
import { type Shortcut, shortcutFor } from './keyboard';

export function useShortcuts(handlers: Record<Shortcut, () => void>, enabled: (s: Shortcut) => boolean) {
  // keep the latest handlers without re-binding the listener
  const ref = useRef({ handlers, enabled });
  ref.current = { handlers, enabled };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target instanceof HTMLElement ? e.target : null;
      const s = shortcutFor({
        key: e.key,
        ctrlKey: e.ctrlKey,
        metaKey: e.metaKey,
        altKey: e.altKey,
        repeat: e.repeat,
        target: t
          ? { tagName: t.tagName, type: (t as HTMLInputElement).type, isContentEditable: t.isContentEditable }
          : null,
      });
      if (!s || !ref.current.enabled(s)) return;
      e.preventDefault();
      ref.current.handlers[s]();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
