/**
 * Save and open image scene files in the Images view: Save writes the model, its settings and its data
 * (the user's drawings or pictures, or the digits' recipe) as a version-3 scene, the command line's
 * format; Open (the file picker, a drop on the view, or the playground's Open given an image scene)
 * restores them and goes on from the file's weights. A file that cannot be opened changes nothing.
 */
import { MAX_SCENE_TEXT, SceneError } from '../core/scene';
import { isImageSceneJson, parseImageScene } from '../core/sceneParse';
import { imageSceneToJson } from '../core/sceneWrite';
import type { ImageWeights } from '../worker/imageProtocol';
import { appFromImageScene, imageSceneFromApp } from './imagesSceneFile';
import { closeImages, openImages, restartImages, withoutDataRestart } from './imagesSession';
import { imagesCheckpoint, setImagesCheckpoint, useImages } from './imagesStore';
import { applySceneText } from './sceneIO';
import { replaceUserImages, restoreAsideImages, useUserImages } from './imagesUserData';
import { notify } from './noticeStore';
import { requestImagesWeights } from './session';

/** How long Save waits for the worker's current weights before it takes the last checkpoint. */
const WEIGHTS_WAIT_MS = 4000;

/** The model's current weights: asked of the worker, else the last checkpoint, else null. */
async function currentWeights(): Promise<ImageWeights | null> {
  const reply = requestImagesWeights();
  if (reply) {
    const got = await Promise.race([reply, new Promise<null>((r) => setTimeout(() => r(null), WEIGHTS_WAIT_MS))]);
    if (got && got.checkpoint && got.run === useImages.getState().run) return got.checkpoint;
  }
  return imagesCheckpoint();
}

/** The Images view as scene-file text, or why it cannot be saved. */
export async function imagesSceneText(): Promise<{ text: string; step: number | null } | string> {
  const { settings, sampling, step } = useImages.getState();
  const { drawings, imported } = useUserImages.getState();
  // An untrained model has nothing worth keeping: the file trains afresh when opened.
  const weights = step > 0 ? await currentWeights() : null;
  const scene = imageSceneFromApp({ settings, sampling, drawings, imported, weights });
  if (typeof scene === 'string') return scene;
  return { text: imageSceneToJson(scene), step: weights?.step ?? null };
}

/** Whether scene-file text holds an image scene (the playground's Open hands such files here). */
export function isImageSceneText(text: string): boolean {
  try {
    return isImageSceneJson(JSON.parse(text));
  } catch {
    return false;
  }
}

/** Open image-scene text in the Images view (switching to it); `what` names the file in messages. False when refused. */
export function openImageSceneText(text: string, what: string): boolean {
  const refuse = (why: string): false => {
    notify('error', `${what} could not be opened in the Images view: ${why}. The current image model is kept.`);
    return false;
  };
  if (text.length > MAX_SCENE_TEXT) return refuse(`it is too large (a scene file is at most ${MAX_SCENE_TEXT / 1e6} MB)`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return refuse(`it is not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  let scene;
  try {
    scene = parseImageScene(json);
  } catch (e) {
    const why = e instanceof SceneError ? e.message : String(e);
    // A 2D scene says so (the parser's words), and the notice offers the playground, where it opens.
    if (!isImageSceneJson(json) && json !== null && typeof json === 'object' && 'source' in json) {
      notify('error', `${what} could not be opened in the Images view: ${why}. The current image model is kept.`, {
        label: 'Open it in the playground',
        run: () => {
          closeImages();
          if (applySceneText(text, what)) notify('info', `Opened ${what} in the playground.`);
        },
      });
      return false;
    }
    return refuse(why);
  }
  const opened = appFromImageScene(scene, useImages.getState().settings);
  if (typeof opened === 'string') return refuse(opened);
  let aside = '';
  withoutDataRestart(() => {
    aside = replaceUserImages({ drawings: opened.drawings, imported: opened.imported });
  });
  useImages.setState({ settings: opened.settings, sampling: opened.sampling });
  // The file's weights or a fresh start: never a model kept from before.
  setImagesCheckpoint(null);
  if (useImages.getState().open) restartImages(opened.weights);
  else openImages(opened.weights);
  const step = opened.weights ? ` with its weights of step ${opened.weights.step.toLocaleString('en-US')}: press Train to go on` : ': no weights in it, press Train to train it';
  const notes = opened.notes.length > 0 ? ` Note: ${opened.notes.join('; ')}.` : '';
  if (aside) notify('info', `Opened ${what}${step}. Its images replaced your ${aside}, which are kept aside.${notes}`, { label: `Bring back your ${aside}`, run: () => void restoreAsideImages() });
  else notify('info', `Opened ${what}${step}.${notes}`);
  return true;
}

/** Open a scene file given to the Images view (picker or drop). */
export async function openImageSceneFile(file: File): Promise<boolean> {
  if (file.size > MAX_SCENE_TEXT) {
    notify('error', `${file.name} is too large (${(file.size / 1e6).toFixed(1)} MB; a scene file is at most ${MAX_SCENE_TEXT / 1e6} MB). The current image model is kept.`);
    return false;
  }
  let text: string;
  try {
    text = await file.text();
  } catch (e) {
    notify('error', `${file.name} could not be read (${e instanceof Error ? e.message : String(e)}).`);
    return false;
  }
  return openImageSceneText(text, file.name);
}
