/**
 * How the page looks, as the user chose it and kept across visits: the colour theme (following the
 * system's `prefers-color-scheme` until the user picks one) and the type size of presenter mode.
 * Also whether the system asks for reduced motion.
 */
import { create } from 'zustand';

export type Theme = 'dark' | 'light';

export const THEME_KEY = 'fm-playground-theme';
export const PRESENTER_FONT_KEY = 'fm-playground-presenter-font';
/** Presenter type sizes in CSS pixels: the smallest is still readable from the back of a room. */
export const PRESENTER_FONT = { min: 24, max: 40, step: 4, initial: 24 } as const;

const media = (q: string): boolean => typeof matchMedia === 'function' && matchMedia(q).matches;

export const prefersReducedMotion = (): boolean => media('(prefers-reduced-motion: reduce)');
const systemTheme = (): Theme => (media('(prefers-color-scheme: light)') ? 'light' : 'dark');

function read(key: string): string | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage.getItem(key);
  } catch {
    return null; // storage blocked (privacy mode): the choice just does not persist
  }
}
function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // storage blocked or full: the choice holds for this visit
  }
}

export function clampPresenterFont(px: number): number {
  const { min, max } = PRESENTER_FONT;
  return Number.isFinite(px) ? Math.min(Math.max(Math.round(px), min), max) : PRESENTER_FONT.initial;
}

export interface DisplayState {
  theme: Theme;
  /** The user picked the theme (else it follows the system). */
  themeChosen: boolean;
  presenterFont: number;
  setTheme(theme: Theme): void;
  toggleTheme(): void;
  /** The system's colour scheme changed (ignored once the user has chosen). */
  followSystem(): void;
  setPresenterFont(px: number): void;
}

const storedTheme = read(THEME_KEY);
const storedFont = Number(read(PRESENTER_FONT_KEY));

export const useDisplay = create<DisplayState>((set, get) => ({
  theme: storedTheme === 'light' || storedTheme === 'dark' ? storedTheme : systemTheme(),
  themeChosen: storedTheme === 'light' || storedTheme === 'dark',
  presenterFont: storedFont ? clampPresenterFont(storedFont) : PRESENTER_FONT.initial,
  setTheme: (theme) => {
    write(THEME_KEY, theme);
    set({ theme, themeChosen: true });
  },
  toggleTheme: () => get().setTheme(get().theme === 'dark' ? 'light' : 'dark'),
  followSystem: () => {
    if (!get().themeChosen) set({ theme: systemTheme() });
  },
  setPresenterFont: (px) => {
    const presenterFont = clampPresenterFont(px);
    write(PRESENTER_FONT_KEY, String(presenterFont));
    set({ presenterFont });
  },
}));
