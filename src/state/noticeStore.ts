/**
 * Messages to the user: fallbacks, refused input, failures. Nothing is dropped: a repeated message
 * merges into one notice with a count, and a notice that fades or is dismissed moves to the history,
 * which the notices region lists on demand.
 */
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
  /** How many times this message came while the notice was up. */
  count: number;
  /** Date.now() of the latest time it came: fading counts from here. */
  at: number;
}

interface NoticeState {
  /** Notices on screen (or behind "N more"), oldest first. No cap: none is ever dropped unseen. */
  notices: Notice[];
  /** Faded and dismissed notices, oldest first, up to HISTORY_LIMIT. */
  history: Notice[];
  push(level: NoticeLevel, message: string, action?: NoticeAction): void;
  dismiss(id: number): void;
  clear(): void;
}

/** Earlier messages kept for the history list. */
export const HISTORY_LIMIT = 100;

/** How long a notice stays up on its own; null: until dismissed (errors, and notices that offer an action). */
export function fadeAfterMs(n: Pick<Notice, 'level' | 'action'>): number | null {
  if (n.action || n.level === 'error') return null;
  return n.level === 'warning' ? 20_000 : 10_000;
}

const rank: Record<NoticeLevel, number> = { info: 0, warning: 1, error: 2 };

let nextId = 1;

export const useNotices = create<NoticeState>((set) => ({
  notices: [],
  history: [],
  push: (level, message, action) =>
    set((s) => {
      const same = s.notices.find((n) => n.message === message);
      const rest = s.notices.filter((n) => n !== same);
      // A repeat moves to the front with its count; the more severe level and the newest action win.
      const notice: Notice = same
        ? { ...same, count: same.count + 1, at: Date.now(), level: rank[level] > rank[same.level] ? level : same.level, action: action ?? same.action }
        : { id: nextId++, level, message, action, count: 1, at: Date.now() };
      return { notices: [...rest, notice] };
    }),
  dismiss: (id) =>
    set((s) => {
      const n = s.notices.find((x) => x.id === id);
      if (!n) return s;
      return { notices: s.notices.filter((x) => x !== n), history: [...s.history, n].slice(-HISTORY_LIMIT) };
    }),
  clear: () => set({ notices: [], history: [] }),
}));

export const notify = (level: NoticeLevel, message: string, action?: NoticeAction): void =>
  useNotices.getState().push(level, message, action);
