/** Messages to the user: fallbacks, refused input, failures. The newest is shown; nothing is lost silently. */
import { create } from 'zustand';

export type NoticeLevel = 'info' | 'warning' | 'error';

export interface NoticeAction {
  label: string;
  run: () => void;
}

export interface Notice {
  id: number;
  level: NoticeLevel;
  message: string;
  action?: NoticeAction;
}

interface NoticeState {
  notices: Notice[];
  push(level: NoticeLevel, message: string, action?: NoticeAction): void;
  dismiss(id: number): void;
  clear(): void;
}

let nextId = 1;

export const useNotices = create<NoticeState>((set) => ({
  notices: [],
  push: (level, message, action) =>
    set((s) => {
      // The same message twice in a row is one notice.
      const rest = s.notices.filter((n) => n.message !== message);
      return { notices: [...rest, { id: nextId++, level, message, action }].slice(-4) };
    }),
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
  clear: () => set({ notices: [] }),
}));

export const notify = (level: NoticeLevel, message: string, action?: NoticeAction): void =>
  useNotices.getState().push(level, message, action);
