/**
 * The trained scenes some lesson steps open (public/scenes/*.json): fetched and parsed once, then
 * kept, so moving between steps is instant and every visit starts from the same weights.
 */
import { type Scene } from '../core/scene';
import { parseSceneText } from '../core/sceneParse';

const cache = new Map<string, Promise<Scene>>();

export const lessonSceneUrl = (file: string): string => `${import.meta.env.BASE_URL}scenes/${file}`;

/** The parsed scene; rejects with the reason when the file cannot be fetched or read. */
export function loadLessonScene(file: string): Promise<Scene> {
  let p = cache.get(file);
  if (!p) {
    p = fetch(lessonSceneUrl(file))
      .then((r) => (r.ok ? r.text() : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then(parseSceneText);
    // A failed load is tried again next time.
    p.catch(() => cache.delete(file));
    cache.set(file, p);
  }
  return p;
}
