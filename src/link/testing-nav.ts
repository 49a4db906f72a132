// A browser history for tests under Node: entries with a current index; Back/Forward and an edited hash call
// the listeners like popstate does. Used by the navigation and property tests of the run wiring.
import type { Nav } from '../link/url-sync';

export interface FakeNav extends Nav {
  entries: string[];
  index: number;
  back(): void;
  forward(): void;
  /** What typing a new hash into the address bar does: a new entry, then the navigation event. */
  edit(hash: string): void;
}

export function fakeNav(initial = ''): FakeNav {
  const listeners = new Set<() => void>();
  const fire = () => {
    for (const f of listeners) f();
  };
  const nav: FakeNav = {
    entries: [initial],
    index: 0,
    hash: () => nav.entries[nav.index],
    push: (h) => {
      nav.entries.splice(nav.index + 1);
      nav.entries.push(`#${h}`);
      nav.index++;
    },
    replace: (h) => {
      nav.entries[nav.index] = `#${h}`;
    },
    listen: (f) => {
      listeners.add(f);
      return () => listeners.delete(f);
    },
    back: () => {
      if (nav.index === 0) return;
      nav.index--;
      fire();
    },
    forward: () => {
      if (nav.index === nav.entries.length - 1) return;
      nav.index++;
      fire();
    },
    edit: (h) => {
      nav.push(h.replace(/^#/, ''));
      fire();
    },
  };
  return nav;
}
