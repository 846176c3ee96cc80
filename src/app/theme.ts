// Light or dark: the OS setting by default, or the user's choice from the header's toggle (kept in localStorage).
// The choice is applied as data-theme on the root element, which styles.css keys its colours on.

export type ThemeChoice = 'system' | 'light' | 'dark';

const KEY = 'heapdrop.theme';
const ORDER: ThemeChoice[] = ['system', 'light', 'dark'];

export function themeChoice(): ThemeChoice {
  try {
    const saved = localStorage.getItem(KEY);
    return saved === 'light' || saved === 'dark' ? saved : 'system';
  } catch {
    return 'system';
  }
}

const systemDark = () => typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;

/** Sets data-theme from the saved choice; `system` follows the OS, also when it changes later. */
export function applyTheme(choice: ThemeChoice = themeChoice()): void {
  document.documentElement.dataset.theme = choice === 'system' ? (systemDark() ? 'dark' : 'light') : choice;
}

/** The next choice in the toggle's cycle (system, light, dark), saved and applied. */
export function cycleTheme(): ThemeChoice {
  const next = ORDER[(ORDER.indexOf(themeChoice()) + 1) % ORDER.length];
  try {
    if (next === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, next);
  } catch {
    // Storage may be off (private mode): the choice still applies to this page.
  }
  applyTheme(next);
  return next;
}

export function watchSystemTheme(): void {
  if (typeof matchMedia !== 'function') return;
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
    if (themeChoice() === 'system') applyTheme('system');
  });
}
