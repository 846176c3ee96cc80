// The header's light/dark toggle: cycles the OS setting, light and dark.
import { useState } from 'react';
import { cycleTheme, themeChoice, type ThemeChoice } from '../theme.ts';

const LABELS: Record<ThemeChoice, [string, string]> = {
  system: ['◐', 'Theme: as the system (click for light)'],
  light: ['☀', 'Theme: light (click for dark)'],
  dark: ['☾', 'Theme: dark (click to follow the system)'],
};

export function ThemeToggle() {
  const [choice, setChoice] = useState<ThemeChoice>(themeChoice);
  const [icon, title] = LABELS[choice];
  return (
    <button
      type="button"
      className="btn icon theme-toggle"
      onClick={() => setChoice(cycleTheme())}
      title={title}
      aria-label={title}
      data-testid="theme-toggle"
    >
      {icon}
    </button>
  );
}
