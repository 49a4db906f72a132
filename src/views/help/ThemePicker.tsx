// The theme choice: System (follows the system's light/dark and contrast settings), Light, Dark, High contrast.
// Remembered in this browser (never in links: a link shows the experiment, the reader keeps their theme).
import { THEME_CHOICES, THEME_LABELS, type ThemeChoice } from '../../app/theme-logic';
import { useTheme } from '../../state/theme';

export function ThemePicker({ id = 'theme-choice' }: { id?: string }) {
  const choice = useTheme((s) => s.choice);
  const name = useTheme((s) => s.name);
  const setChoice = useTheme((s) => s.setChoice);
  return (
    <label className="theme-picker" htmlFor={id}>
      <span>Theme</span>
      <select
        id={id}
        value={choice}
        onChange={(e) => setChoice(e.target.value as ThemeChoice)}
        data-testid={id}
        title="Colours of the page and the plots (remembered in this browser)"
      >
        {THEME_CHOICES.map((c) => (
          <option key={c} value={c}>
            {c === 'system'
              ? `${THEME_LABELS.system} (${THEME_LABELS[name].toLowerCase()})`
              : THEME_LABELS[c]}
          </option>
        ))}
      </select>
    </label>
  );
}
