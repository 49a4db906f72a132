// The theme the page shows and what the canvases draw with: the user's choice (remembered in this browser,
// never in links) or the system's setting, the palette of that theme (read from theme.css, the one source),
// prefers-reduced-motion, and the canvas scale (1, or larger in presentation mode). Views read it; the canvas
// hook redraws when it changes.
import { create } from 'zustand';
import themeCss from '../app/theme.css?raw';
import {
  type Palette,
  paletteOf,
  parseChoice,
  parseThemeCss,
  resolveTheme,
  type SystemPrefs,
  THEME_NAMES,
  type ThemeChoice,
  type ThemeName,
} from '../app/theme-logic';

const PALETTES = (() => {
  const vars = parseThemeCss(themeCss);
  return Object.fromEntries(THEME_NAMES.map((n) => [n, paletteOf(vars[n])])) as Record<ThemeName, Palette>;
})();

/** localStorage key of the user's choice. */
export const THEME_STORAGE_KEY = 'ode-lens.theme';

export interface ThemeState {
  choice: ThemeChoice;
  system: SystemPrefs;
  /** The theme shown (resolved from choice and system). */
  name: ThemeName;
  palette: Palette;
  reducedMotion: boolean;
  /** Canvas text, lines and margins are drawn this much larger (presentation mode), 1 otherwise. */
  canvasScale: number;
  setChoice: (c: ThemeChoice) => void;
}

const initialSystem: SystemPrefs = { dark: false, moreContrast: false };

export const useTheme = create<ThemeState>()((set, get) => ({
  choice: 'system',
  system: initialSystem,
  name: 'light',
  palette: PALETTES.light,
  reducedMotion: false,
  canvasScale: 1,
  setChoice: (choice) => {
    const name = resolveTheme(choice, get().system);
    set({ choice, name, palette: PALETTES[name] });
    try {
      if (choice === 'system') localStorage.removeItem(THEME_STORAGE_KEY);
      else localStorage.setItem(THEME_STORAGE_KEY, choice);
    } catch {
      // storage refused (private mode, a sandboxed iframe): the choice holds for this page only
    }
  },
}));

/** The palette the canvases draw with now. */
export const plotPalette = (): Palette => useTheme.getState().palette;

/**
 * Follow the system settings and the stored choice, and keep `data-theme` on <html> in step (the CSS reads it).
 * Returns a function that stops following.
 */
export function startTheme(): () => void {
  const mq = (q: string) => window.matchMedia?.(q) ?? null;
  const dark = mq('(prefers-color-scheme: dark)');
  const more = mq('(prefers-contrast: more)');
  const still = mq('(prefers-reduced-motion: reduce)');
  let stored: unknown = null;
  try {
    stored = localStorage.getItem(THEME_STORAGE_KEY);
  } catch {
    stored = null;
  }
  const read = () => {
    const system = { dark: !!dark?.matches, moreContrast: !!more?.matches };
    const choice = useTheme.getState().choice;
    const name = resolveTheme(choice, system);
    useTheme.setState({ system, name, palette: PALETTES[name], reducedMotion: !!still?.matches });
  };
  useTheme.setState({ choice: parseChoice(stored) });
  read();
  const apply = (name: ThemeName) => {
    document.documentElement.dataset.theme = name;
  };
  apply(useTheme.getState().name);
  const unsub = useTheme.subscribe((s, prev) => {
    if (s.name !== prev.name) apply(s.name);
  });
  for (const m of [dark, more, still]) m?.addEventListener('change', read);
  return () => {
    unsub();
    for (const m of [dark, more, still]) m?.removeEventListener('change', read);
  };
}
