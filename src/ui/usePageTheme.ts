/**
 * Puts the display store's colour theme on the page (<html data-theme>, the stage's palette) and
 * follows the system's light / dark setting until the user picks a theme. The app's topbar and the
 * embed page both use it.
 */
import { useEffect, useLayoutEffect } from 'react';
import { useDisplay } from '../state/displayStore';
import { setPaletteTheme } from '../view/palette';

export function usePageTheme(): void {
  const theme = useDisplay((s) => s.theme);
  useLayoutEffect(() => {
    document.documentElement.dataset.theme = theme;
    setPaletteTheme(theme);
  }, [theme]);
  useEffect(() => {
    if (typeof matchMedia !== 'function') return;
    const mq = matchMedia('(prefers-color-scheme: light)');
    const onChange = () => useDisplay.getState().followSystem();
    mq.addEventListener('change', onChange);
    return () => mq.removeEventListener('change', onChange);
  }, []);
}
