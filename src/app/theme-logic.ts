// The theme rules as pure functions: which theme the page shows (the user's choice or the system's), the
// palettes declared in theme.css (parsed, so the canvases and the CSS share one source), and the scale of
// canvas text and lines in presentation mode.

export const THEME_NAMES = ['light', 'dark', 'contrast'] as const;
export type ThemeName = (typeof THEME_NAMES)[number];
/** 'system' follows prefers-color-scheme and prefers-contrast. */
export type ThemeChoice = 'system' | ThemeName;
export const THEME_CHOICES: readonly ThemeChoice[] = ['system', ...THEME_NAMES];
export const THEME_LABELS: Record<ThemeChoice, string> = {
  system: 'System',
  light: 'Light',
  dark: 'Dark',
  contrast: 'High contrast',
};

export interface SystemPrefs {
  dark: boolean;
  moreContrast: boolean;
}

/** The theme shown: the user's choice, or for 'system' high contrast when asked for, else dark or light. */
export function resolveTheme(choice: ThemeChoice, sys: SystemPrefs): ThemeName {
  if (choice !== 'system') return choice;
  if (sys.moreContrast) return 'contrast';
  return sys.dark ? 'dark' : 'light';
}

/** A stored choice, or 'system' for anything else (a value from an older build, a hand-edited one). */
export function parseChoice(raw: unknown): ThemeChoice {
  return (THEME_CHOICES as readonly unknown[]).includes(raw) ? (raw as ThemeChoice) : 'system';
}

/**
 * The custom properties of each theme in theme.css: `:root { … }` is light, `:root[data-theme="x"] { … }` is x.
 * Blocks inside at-rules (media queries) are not themes and are skipped.
 */
export function parseThemeCss(css: string): Record<ThemeName, Record<string, string>> {
  const out = { light: {}, dark: {}, contrast: {} } as Record<ThemeName, Record<string, string>>;
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  // a top-level rule starts the text or follows a closing brace (one inside an at-rule follows an opening one)
  const block = /(?<=^|})\s*([^{}@]+?)\s*{([^{}]*)}/g;
  for (let m = block.exec(text); m; m = block.exec(text)) {
    const sel = m[1].trim();
    const name: ThemeName | null =
      sel === ':root' ? 'light' : ((/^:root\[data-theme="(\w+)"\]$/.exec(sel)?.[1] as ThemeName) ?? null);
    if (!name || !(name in out)) continue;
    for (const d of m[2].matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)) out[name][d[1]] = d[2].trim();
  }
  return out;
}

/** What the canvas views draw with: the --plot-* properties, camel-cased (--plot-grid-minor → gridMinor). */
export interface Palette {
  bg: string;
  ink: string;
  muted: string;
  grid: string;
  gridMinor: string;
  frame: string;
  /** Outlines that separate marks from what is under them (the background colour). */
  halo: string;
  line: string;
  ref: string;
  empty: string;
  cross: string;
  ok: string;
  level: string;
  levelInk: string;
  floor: string;
  floorEdge: string;
  /** The diverging map's colour at 0 (the background, so that zero reads as "nothing"). */
  divergingMid: string;
  batch: string;
  train: string;
  test: string;
  grad: string;
  exact: string;
  adjoint: string;
}

export const PALETTE_KEYS: readonly (keyof Palette)[] = [
  'bg',
  'ink',
  'muted',
  'grid',
  'gridMinor',
  'frame',
  'halo',
  'line',
  'ref',
  'empty',
  'cross',
  'ok',
  'level',
  'levelInk',
  'floor',
  'floorEdge',
  'divergingMid',
  'batch',
  'train',
  'test',
  'grad',
  'exact',
  'adjoint',
];

export const cssVarOf = (key: keyof Palette) =>
  `--plot-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** The palette of one theme's properties; a missing one is named (theme.css must declare them all). */
export function paletteOf(vars: Record<string, string>): Palette {
  const out: Record<string, string> = {};
  for (const k of PALETTE_KEYS) {
    const v = vars[cssVarOf(k)];
    if (v === undefined) throw new Error(`theme.css declares no ${cssVarOf(k)}`);
    out[k] = v;
  }
  return out as unknown as Palette;
}

/**
 * How much larger canvas text, lines and margins are drawn in presentation mode: by the smaller of the
 * viewport's ratios to 1000×640 (a view that fills a 1920×1080 screen gets 1.7×), at least 1.25 (a 1024×768
 * projector still gets larger text), at most 2.5; on a phone-sized screen 1 (its plots need all their room).
 * Outside presentation mode: 1.
 */
export function presentationScale(width: number, height: number): number {
  if (!(width > 0 && height > 0)) return 1;
  if (Math.min(width, height) < 600) return 1;
  const s = Math.min(width / 1000, height / 640);
  return Math.round(Math.min(2.5, Math.max(1.25, s)) * 100) / 100;
}

/** WCAG relative luminance of an #rrggbb colour. */
function luminance(hex: string): number {
  const m = /^#([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) throw new Error(`not an #rrggbb colour: ${hex}`);
  const n = Number.parseInt(m[1], 16);
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin((n >> 16) & 255) + 0.7152 * lin((n >> 8) & 255) + 0.0722 * lin(n & 255);
}

/** WCAG contrast ratio of two #rrggbb colours (1 … 21). */
export function contrastRatio(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}
