/**
 * Presenter mode: the stage full screen (Fullscreen API when the browser allows it, else a CSS mode),
 * large type, and only the controls the open lesson uses. The `presenter` class goes on <html>, so
 * the styles reach every panel without the panels knowing. Also the keyboard shortcuts overlay.
 */
import { useEffect, useLayoutEffect } from 'react';
import { useLessons } from '../state/lessonStore';
import { PRESENTER_FONT, useDisplay } from '../state/displayStore';
import { usePageTheme } from './usePageTheme';

export function setPresenter(on: boolean): void {
  useLessons.getState().setPresenter(on);
  const doc = document as Document & { fullscreenElement: Element | null };
  const root = document.documentElement;
  // Both directions may be refused (no user gesture, an iframe, a browser without the API): the CSS mode still applies.
  if (on && !doc.fullscreenElement && typeof root.requestFullscreen === 'function') root.requestFullscreen().catch(() => {});
  if (!on && doc.fullscreenElement && typeof document.exitFullscreen === 'function') document.exitFullscreen().catch(() => {});
}

export const togglePresenter = (): void => setPresenter(!useLessons.getState().presenter);

export function PresenterToggle() {
  const on = useLessons((s) => s.presenter);
  const setShortcuts = useLessons((s) => s.setShortcuts);
  useEffect(() => {
    document.documentElement.classList.toggle('presenter', on);
  }, [on]);
  useEffect(() => {
    // Leaving full screen with the browser's own Esc leaves presenter mode too.
    const onChange = () => {
      if (!document.fullscreenElement && useLessons.getState().presenter) useLessons.getState().setPresenter(false);
    };
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);
  const theme = useDisplay((s) => s.theme);
  const toggleTheme = useDisplay((s) => s.toggleTheme);
  const font = useDisplay((s) => s.presenterFont);
  const setFont = useDisplay((s) => s.setPresenterFont);
  usePageTheme();
  useLayoutEffect(() => {
    document.documentElement.style.setProperty('--presenter-font', `${font}px`);
  }, [font]);
  return (
    <div className="presenter-buttons">
      {on && (
        <div className="font-size" role="group" aria-label="type size">
          <button type="button" className="ghost" data-testid="font-smaller" onClick={() => setFont(font - PRESENTER_FONT.step)} disabled={font <= PRESENTER_FONT.min} title="Smaller type" aria-label="smaller type">
            A−
          </button>
          <button type="button" className="ghost" data-testid="font-larger" onClick={() => setFont(font + PRESENTER_FONT.step)} disabled={font >= PRESENTER_FONT.max} title="Larger type" aria-label="larger type">
            A+
          </button>
        </div>
      )}
      <button
        type="button"
        className="ghost"
        data-testid="theme-toggle"
        aria-pressed={theme === 'light'}
        onClick={toggleTheme}
        title="Light theme for bright rooms and printing (press again for dark)"
        aria-label="light theme"
      >
        <span aria-hidden="true">☀</span>
        <span className="btn-label"> Light</span>
      </button>
      <button type="button" className="ghost" data-testid="shortcuts-open" onClick={() => setShortcuts(true)} title="Keyboard shortcuts (?)" aria-label="keyboard shortcuts">
        ?
      </button>
      <button type="button" className={`ghost ${on ? 'on' : ''}`} data-testid="presenter-toggle" aria-pressed={on} onClick={togglePresenter} title="Presenter mode: full-screen stage, large type (P)" aria-label="presenter mode">
        <span aria-hidden="true">{on ? '⤡' : '⤢'}</span>
        <span className="btn-label">{on ? ' Exit presenter' : ' Present'}</span>
      </button>
    </div>
  );
}

const KEYS: [string, string][] = [
  ['Space', 'play / pause the animation'],
  ['T', 'train / pause training'],
  ['S', 'single step: train one batch and show it'],
  ['← →', 'step t by 0.02 (Shift: 0.1), unless the stage has focus'],
  ['R', 'reset the model'],
  ['P', 'presenter mode on / off'],
  ['N / B', 'next / previous lesson step'],
  ['Ctrl Z / Shift Ctrl Z', 'undo / redo a cloud edit'],
  ['↑ ↓ ← →', 'with the stage focused (Tab to it): move the probe cursor (Shift: bigger steps)'],
  ['Enter', 'with the stage focused: drop a probe at the cursor'],
  ['?', 'show / hide this list'],
  ['Esc', 'close this list; with the stage focused: clear the probes'],
];

export function ShortcutsOverlay() {
  const open = useLessons((s) => s.shortcuts);
  const setShortcuts = useLessons((s) => s.setShortcuts);
  if (!open) return null;
  return (
    <div className="overlay" onClick={() => setShortcuts(false)}>
      <div className="card shortcuts" data-testid="shortcuts" role="dialog" aria-label="keyboard shortcuts" onClick={(e) => e.stopPropagation()}>
        <div className="lesson-head">
          <h2>Keyboard shortcuts</h2>
          <button type="button" className="close" onClick={() => setShortcuts(false)} aria-label="close" data-testid="shortcuts-close">
            ×
          </button>
        </div>
        <dl>
          {KEYS.map(([k, what]) => (
            <div key={k}>
              <dt>
                {k.split(' / ').map((part, i) => (
                  <span key={part}>
                    {i > 0 && ' / '}
                    <kbd>{part}</kbd>
                  </span>
                ))}
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
      </div>
    </div>
  );
}
