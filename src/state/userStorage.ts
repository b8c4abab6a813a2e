/**
 * The visitor's localStorage, or null: never inside an embed (a course page's copy leaves the
 * visitor's own scenes, lessons, drawings and settings as they were), nor where storage is blocked.
 */
import { isEmbedded } from './embedStore';

export function userStorage(): Storage | null {
  if (isEmbedded()) return null;
  try {
    // window's first: tests stub a window; Node tests of the prefs give globalThis one.
    return (typeof window !== 'undefined' ? window.localStorage : undefined) ?? globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
