/**
 * Keyboard: Space play/pause, T train/pause, R reset, arrows step t, P presenter mode, ? the shortcuts
 * overlay (Esc closes it), N / B next / previous lesson step. Ignored while typing.
 */
import { useEffect } from 'react';
import { resetModel, singleStep, toggleTraining } from '../state/session';
import { useView } from '../state/viewStore';
import { clock } from '../state/clock';
import { useLessons } from '../state/lessonStore';
import { togglePresenter } from './Presenter';
import { useCompare } from '../state/compareStore';
import { restartCompare, trainCompare } from '../state/compareSession';
import { useImages } from '../state/imagesStore';
import { resetImages, trainImages } from '../state/imagesSession';

const compareRunning = (): boolean => {
  const s = useCompare.getState();
  return s.objectives.some((o) => s.models[o]?.running);
};

export function useKeyboardShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      if (el && (el.tagName === 'INPUT' || el.tagName === 'SELECT' || el.tagName === 'TEXTAREA' || el.isContentEditable)) return;
      if (e.metaKey || e.ctrlKey || e.altKey) return;
      const view = useView.getState();
      const lessons = useLessons.getState();
      const compare = useCompare.getState().open;
      const images = useImages.getState().open;
      switch (e.key) {
        case 'p':
        case 'P':
          togglePresenter();
          break;
        case '?':
          e.preventDefault();
          lessons.setShortcuts(!lessons.shortcuts);
          break;
        case 'Escape':
          if (lessons.shortcuts) lessons.setShortcuts(false);
          break;
        case 'n':
        case 'N':
          lessons.next();
          break;
        case 'b':
        case 'B':
          lessons.prev();
          break;
        case ' ':
          e.preventDefault();
          view.setPlaying(!view.playing);
          break;
        case 't':
        case 'T':
          // In the compare view T and R act on the race, not on the playground's hidden model.
          if (images) trainImages(!useImages.getState().running);
          else if (compare) trainCompare(null, !compareRunning());
          else toggleTraining();
          break;
        case 'r':
        case 'R':
          if (images) resetImages();
          else if (compare) restartCompare();
          else resetModel();
          break;
        case 's': case 'S': if (!compare && !images) singleStep(); break;
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
