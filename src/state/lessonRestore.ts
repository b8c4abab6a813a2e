/**
 * Lessons borrow the stage: starting them keeps the user's whole scene (clouds, settings, view and the
 * last reported weights), and closing or finishing them puts it back in one step, so nothing the
 * user made is lost to a lesson.
 */
import type { Scene } from '../core/scene';
import { clock } from '../view/clock';
import { useEdit, type Tool } from './editStore';
import { useLessons } from './lessonStore';
import { useProbes } from './probeStore';
import { applyScene, currentScene } from './sceneIO';
import { setTraining } from './session';
import { useTraining } from './trainingStore';
import { useView } from './viewStore';

interface Kept {
  scene: Scene;
  training: boolean;
  playing: boolean;
  tool: Tool;
  side: 'source' | 'target';
}

let kept: Kept | null = null;

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
  }
  useLessons.getState().start(index);
}

/** Close (or finish) the lessons and bring back the scene from before them. */
export function endLessons(): void {
  useLessons.getState().close();
  const k = kept;
  kept = null;
  if (!k) return;
  if (!applyScene(k.scene)) return;
  useProbes.getState().clearProbes();
  useEdit.setState({ tool: k.tool, side: k.side });
  // applyScene shows a still picture at the scene's t; the clock plays again if it played before.
  useView.getState().setPlaying(k.playing);
  clock.playing = k.playing;
  if (k.training) setTraining(true);
}

/** For tests: whether a scene is kept for the end of the lessons. */
export const hasKeptScene = (): boolean => kept !== null;
