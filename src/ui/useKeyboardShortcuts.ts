/** Keyboard: Space play/pause, T train/pause, R reset, arrows step t. Ignored while typing. */
import { useEffect } from 'react';
import { resetModel, toggleTraining } from '../state/session';
import { useView } from '../state/viewStore';
import { clock } from '../view/clock';

export function useKeyboardShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      if (el && (el.tagName === 'INPUT' || el.tagName === 'SELECT' || el.tagName === 'TEXTAREA' || el.isContentEditable)) return;
      if (e.metaKey || e.ctrlKey || e.altKey) return;
      const view = useView.getState();
      switch (e.key) {
        case ' ':
          e.preventDefault();
          view.setPlaying(!view.playing);
          break;
        case 't':
        case 'T':
          toggleTraining();
          break;
        case 'r':
        case 'R':
          resetModel();
          break;
        case 'ArrowRight':
        case 'ArrowLeft': {
          e.preventDefault();
          view.setPlaying(false);
          const d = (e.shiftKey ? 0.1 : 0.02) * (e.key === 'ArrowRight' ? 1 : -1);
          clock.setT(clock.t + d);
          break;
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
