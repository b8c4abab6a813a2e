/**
 * The "last scene" slot: a copy of the user's own scene (drawn or edited by hand) kept aside in
 * localStorage whenever something else replaces it (a link at start-up, New, a lesson, a file), so
 * "Open your last scene" can bring it back, also after a reload. One slot: the newest own work wins.
 */
import { create } from 'zustand';
import { userStorage } from './userStorage';

export const LAST_SCENE_KEY = 'fm-playground-last-scene-v1';

interface LastSceneState {
  /** Whether the slot holds a scene (the Scenes panel shows "Open your last scene" then). */
  available: boolean;
}


export const useLastScene = create<LastSceneState>(() => ({ available: readLastScene() !== null }));

export function readLastScene(): string | null {
  try {
    return userStorage()?.getItem(LAST_SCENE_KEY) ?? null;
  } catch {
    return null;
  }
}

/** Keep `text` (scene JSON) in the slot. False when storage refused it (full or disabled). */
export function writeLastScene(text: string): boolean {
  const s = userStorage();
  if (!s) return false;
  try {
    s.setItem(LAST_SCENE_KEY, text);
  } catch {
    return false;
  }
  useLastScene.setState({ available: true });
  return true;
}

export function clearLastScene(): void {
  try {
    userStorage()?.removeItem(LAST_SCENE_KEY);
  } catch {
    // Storage disabled.
  }
  useLastScene.setState({ available: false });
}
