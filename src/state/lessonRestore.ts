/**
 * Lessons borrow the stage: starting them keeps the user's whole scene (clouds, settings, view and the
 * last reported weights), and closing or finishing them puts it back in one step, so nothing the
 * user made is lost to a lesson. The kept scene and the open step are also in localStorage, so a
 * reload in the middle of a lesson reopens it at the same step, and closing still brings the scene back.
 */
import { closeCompare } from './compareSession';
import { closeImages } from './imagesSession';
import type { Scene } from '../core/scene';
import { clock } from './clock';
import { useEdit, type Tool } from './editStore';
import { useLessons } from './lessonStore';
import { useProbes } from './probeStore';
import { applyScene, currentScene, fastSceneJson, AUTOSAVE_WEIGHTS_LIMIT, OPEN_LAST_LABEL, openLastAction } from './sceneIO';
import { parseSceneText } from '../core/sceneParse';
import { writeLastScene } from './lastScene';
import { notify } from './noticeStore';
import { setTraining } from './session';
import { useTraining } from './trainingStore';
import { useView } from './viewStore';
import { userStorage } from './userStorage';

interface Kept {
  scene: Scene;
  training: boolean;
  playing: boolean;
  tool: Tool;
  side: 'source' | 'target';
}

let kept: Kept | null = null;
const TOOLS: readonly Tool[] = ['brush', 'point', 'erase', 'move', 'inspect'];

/** The kept scene's JSON text, and the rest of Kept with the open step's index. */
export const LESSON_KEPT_KEY = 'fm-playground-lesson-kept-v1';
export const LESSON_STATE_KEY = 'fm-playground-lesson-v1';

interface StoredState {
  index: number;
  training: boolean;
  playing: boolean;
  tool: Tool;
  side: 'source' | 'target';
}


function storeState(k: Kept, index: number): void {
  const state: StoredState = { index, training: k.training, playing: k.playing, tool: k.tool, side: k.side };
  try {
    userStorage()?.setItem(LESSON_STATE_KEY, JSON.stringify(state));
  } catch {
    // Storage full or disabled: the lesson still restores the scene on close, only not after a reload.
  }
}

function storeKept(k: Kept, index: number): void {
  const s = userStorage();
  if (!s) return;
  let text = fastSceneJson(k.scene);
  if (k.scene.weights && text.length > AUTOSAVE_WEIGHTS_LIMIT) text = fastSceneJson({ ...k.scene, weights: undefined });
  try {
    s.setItem(LESSON_KEPT_KEY, text);
  } catch {
    try {
      s.setItem(LESSON_KEPT_KEY, fastSceneJson({ ...k.scene, weights: undefined }));
    } catch {
      return;
    }
  }
  storeState(k, index);
}

function forgetStored(): void {
  try {
    userStorage()?.removeItem(LESSON_KEPT_KEY);
    userStorage()?.removeItem(LESSON_STATE_KEY);
  } catch {
    // Storage disabled.
  }
}

// The open step follows the lesson, so a reload reopens the same one.
useLessons.subscribe((s, p) => {
  if (kept && s.active && s.index !== p.index) storeState(kept, s.index);
});

/** Open the lessons at `index`; the first time, keep the scene they replace. */
export function beginLessons(index = 0): void {
  if (!useLessons.getState().active || kept === null) {
    const edit = useEdit.getState();
    kept = {
      scene: currentScene({ withWeights: true }),
      training: useTraining.getState().wantTraining,
      playing: useView.getState().playing,
      tool: edit.tool,
      side: edit.side,
    };
    storeKept(kept, index);
  }
  useLessons.getState().start(index);
}

/** Close (or finish) the lessons and bring back the scene from before them. */
export function endLessons(): void {
  useLessons.getState().close();
  // The race steps leave the compare view open (the last step the Images view): the scene from before the lessons is a playground one.
  closeCompare();
  closeImages();
  const k = kept;
  kept = null;
  forgetStored();
  if (!k) return;
  if (!applyScene(k.scene)) return;
  useProbes.getState().clearProbes();
  useEdit.setState({ tool: k.tool, side: k.side });
  // applyScene shows a still picture at the scene's t; the clock plays again if it played before.
  useView.getState().setPlaying(k.playing);
  clock.playing = k.playing;
  if (k.training) setTraining(true);
}

/**
 * At start-up, after the scene is restored: a lesson that was open when the page went away opens
 * again at its step, still keeping the scene from before it. When a link chose the scene instead,
 * the kept scene goes to the last-scene slot ("Open your last scene") rather than being lost.
 */
export function resumeLessons(linkChoseScene: boolean): void {
  const s = userStorage();
  let text: string | null = null;
  let state: StoredState | null = null;
  try {
    text = s?.getItem(LESSON_KEPT_KEY) ?? null;
    const raw = s?.getItem(LESSON_STATE_KEY);
    state = raw ? (JSON.parse(raw) as StoredState) : null;
  } catch {
    text = null;
  }
  if (text === null) return;
  if (linkChoseScene || !state || !Number.isInteger(state.index)) {
    forgetStored();
    if (writeLastScene(text)) notify('info', `The scene you had before the lesson is kept aside: "${OPEN_LAST_LABEL}" (here or under Scenes) brings it back.`, openLastAction);
    return;
  }
  let scene;
  try {
    scene = parseSceneText(text);
  } catch {
    forgetStored();
    return;
  }
  kept = { scene, training: state.training === true, playing: state.playing !== false, tool: TOOLS.includes(state.tool) ? state.tool : 'move', side: state.side === 'source' ? 'source' : 'target' };
  useLessons.getState().start(state.index);
}

/** For tests: whether a scene is kept for the end of the lessons. */
export const hasKeptScene = (): boolean => kept !== null;
