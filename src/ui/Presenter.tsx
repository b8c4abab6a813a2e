/**
 * Presenter mode: the stage full screen (Fullscreen API when the browser allows it, else a CSS mode),
 * large type, and only the controls the open lesson uses. The `presenter` class goes on <html>, so
 * the styles reach every panel without the panels knowing. Also the keyboard shortcuts overlay.
 */
import { useEffect } from 'react';
import { useLessons } from '../state/lessonStore';

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
  return (
    <div className="presenter-buttons">
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
  ['← →', 'step t by 0.02 (Shift: 0.1)'],
  ['R', 'reset the model'],
  ['P', 'presenter mode on / off'],
  ['N / B', 'next / previous lesson step'],
  ['Ctrl Z / Shift Ctrl Z', 'undo / redo a cloud edit'],
  ['?', 'show / hide this list'],
  ['Esc', 'close this list'],
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
