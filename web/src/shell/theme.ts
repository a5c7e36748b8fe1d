/**
 * The theme choice of the rail's toggle: system (follow prefers-color-scheme), light or dark, kept in localStorage and
 * applied as `data-theme` on <html> (styles.css picks its tokens by it; absent means "follow the system").
 */

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export const THEME_KEY = 'vantage.theme';

/** The parts of localStorage and of <html> the choice touches (structural, so Node tests can pass stand-ins). */
export type ThemeStorage = { getItem(key: string): string | null; setItem(key: string, value: string): void; removeItem(key: string): void };
export type ThemeRoot = { setAttribute(name: string, value: string): void; removeAttribute(name: string): void };

/** The stored choice, or system when there is none or it is not a theme. Example: `parseTheme('dark')` → `'dark'`. */
export function parseTheme(stored: string | null | undefined): Theme {
  return THEMES.includes(stored as Theme) ? (stored as Theme) : 'system';
}

/** The `data-theme` value for a choice: none for system, so the media query decides. */
export function themeAttribute(theme: Theme): 'light' | 'dark' | undefined {
  return theme === 'system' ? undefined : theme;
}

/** Reads the stored choice (storage may be unavailable, e.g. blocked cookies: then system). */
export function storedTheme(storage: Pick<ThemeStorage, 'getItem'> | undefined): Theme {
  try {
    return parseTheme(storage?.getItem(THEME_KEY));
  } catch {
    return 'system';
  }
}

/** Applies a choice to <html> and stores it. */
export function applyTheme(theme: Theme, root: ThemeRoot, storage: Pick<ThemeStorage, 'setItem' | 'removeItem'> | undefined): void {
  const attr = themeAttribute(theme);
  if (attr === undefined) root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', attr);
  try {
    if (theme === 'system') storage?.removeItem(THEME_KEY);
    else storage?.setItem(THEME_KEY, theme);
  } catch {
    // Storage refused: the choice lasts for this page only.
  }
}
