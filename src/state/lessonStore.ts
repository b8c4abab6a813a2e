/**
 * The guided lessons and presenter mode: which lesson step is open, whether the page is in
 * presenter mode, and whether the shortcuts overlay shows. Opening a step sets up its scene
 * (src/state/lessonActions.ts); the step data lives in src/core/lessons.ts.
 */
import { create } from 'zustand';
import { LESSONS } from '../core/lessons';

export interface LessonState {
  /** A lesson is running. */
  active: boolean;
  /** Index into LESSONS. */
  index: number;
  presenter: boolean;
  shortcuts: boolean;
  start(index?: number): void;
  close(): void;
  next(): void;
  prev(): void;
  setPresenter(on: boolean): void;
  setShortcuts(on: boolean): void;
}

const clampIndex = (i: number) => Math.min(Math.max(Math.round(i), 0), LESSONS.length - 1);

export const useLessons = create<LessonState>((set, get) => ({
  active: false,
  index: 0,
  presenter: false,
  shortcuts: false,
  start: (index = 0) => set({ active: true, index: clampIndex(index) }),
  close: () => set({ active: false }),
  next: () => {
    const s = get();
    if (s.active && s.index < LESSONS.length - 1) set({ index: s.index + 1 });
  },
  prev: () => {
    const s = get();
    if (s.active && s.index > 0) set({ index: s.index - 1 });
  },
  setPresenter: (presenter) => set({ presenter }),
  setShortcuts: (shortcuts) => set({ shortcuts }),
}));

/** The open lesson step, or null. */
export const activeLesson = (s: Pick<LessonState, 'active' | 'index'> = useLessons.getState()) => (s.active ? LESSONS[s.index] : null);
