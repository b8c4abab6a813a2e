/**
 * Puts a lesson step on the stage through the ordinary store actions (so every value is validated
 * like a user's), and follows the step's learning-rate schedule. Store actions only: marking the
 * controls the step is about is the UI's (ui/lessons/highlightControls.ts).
 */
import { LESSONS, type LessonStep } from '../core/lessons';
import { DEFAULT_SAMPLE, DEFAULT_TRAIN } from '../core/config';
import { formatPreset, parsePreset } from '../core/presets';
import { rateAt } from '../core/rateSchedule';
import { prefersReducedMotion } from './displayStore';
import { useEdit } from './editStore';
import { notify } from './noticeStore';
import { applyScene } from './sceneIO';
import { useLessons } from './lessonStore';
import { useScene } from './sceneStore';
import { resetModel, setSchedule, setTraining } from './session';
import { useProbes } from './probeStore';
import { useTraining } from './trainingStore';
import { useView } from './viewStore';
import { clock } from './clock';
import { loadLessonScene } from './lessonScenes';
import { compareModels, sceneFlow, type Scene } from '../core/scene';
import { useCompare } from './compareStore';
import { closeCompare, loadCompareModels, openCompare, trainCompare } from './compareSession';
import { closeImages, imagesProblem, openImages, setImagesSettings, trainImages } from './imagesSession';
import { useImages } from './imagesStore';

const normal = (spec: string) => formatPreset(parsePreset(spec));

let applying = 0;
/** The trained scene a step last opened, and the store values it left (to tell whether it is still there). */
let onStage: { file: string; cloudVersion: number; train: unknown } | null = null;

/** The step set up last, while the lessons stay open, and when its setup is done. */
let applied: { step: LessonStep; done: Promise<void> } | null = null;
useLessons.subscribe((s) => {
  if (!s.active) applied = null;
});

/**
 * Set up the step once: the lesson card mounts again when the compare view opens or closes (it moves
 * between the two layouts), and must not set the same step up again (that reopens the view: a loop).
 */
export function applyLessonOnce(step: LessonStep): Promise<void> {
  if (applied?.step === step) return applied.done;
  const done = applyLesson(step);
  applied = { step, done };
  return done;
}

/**
 * Set up the step. A step with a trained scene opens it (clouds, settings, weights) and then shows
 * what the step is about; when the file cannot be loaded, the step trains its scene from scratch.
 */
export function applyLesson(step: LessonStep): Promise<void> {
  const token = ++applying;
  const current = () => token === applying && useLessons.getState().active && LESSONS[useLessons.getState().index] === step;
  const file = step.setup.scene;
  // A step about the playground's one model leaves the compare view; a compare step opens it anew below.
  closeCompare();
  if (!step.setup.images) closeImages();
  if (!file) {
    setUpFromPresets(step);
    showStep(step);
    showImages(step);
    return Promise.resolve();
  }
  return loadLessonScene(file).then(
    (scene) => {
      if (!current()) return;
      // The previous step left this very scene untouched (same clouds and settings, not trained on):
      // keep it, rather than restart the worker and flash a fresh model's picture.
      const s = useScene.getState();
      const same = onStage && onStage.file === file && onStage.cloudVersion === s.cloudVersion && onStage.train === s.train && useTraining.getState().step === scene.weights?.step && !useTraining.getState().wantTraining;
      if (same) useProbes.getState().clearProbes();
      else if (applyScene(scene, { leaveCompare: true })) {
        useProbes.getState().clearProbes();
        onStage = { file, cloudVersion: useScene.getState().cloudVersion, train: useScene.getState().train };
      } else setUpFromPresets(step);
      showStep(step);
      showCompare(step, scene);
    },
    (e: unknown) => {
      if (!current()) return;
      notify('warning', `The trained scene of this step could not be loaded (${e instanceof Error ? e.message : String(e)}); the model trains from scratch instead.`);
      setUpFromPresets(step);
      showStep(step, !step.setup.compare);
      showCompare(step, null, true);
    },
  );
}

/** The step's clouds and settings through the ordinary store actions; a new scene starts from fresh weights. */
function setUpFromPresets(step: LessonStep): void {
  const { setup } = step;
  const scene = useScene.getState();
  // Steps before the diffusion ones leave path, target and conditioning out: they mean the defaults.
  const train = { path: DEFAULT_TRAIN.path, targetKind: DEFAULT_TRAIN.targetKind, conditional: DEFAULT_TRAIN.conditional, labelDrop: DEFAULT_TRAIN.labelDrop, ...setup.train };
  // Weights trained for another path or prediction target mean something else: start afresh.
  const retarget = scene.train.path !== train.path || scene.train.targetKind !== train.targetKind;
  scene.setTrain(train);
  let changed = retarget;
  if (scene.sourceSpec !== normal(setup.source)) changed = scene.setPreset('source', setup.source) || changed;
  if (scene.targetSpec !== normal(setup.target)) changed = scene.setPreset('target', setup.target) || changed;
  if (changed) {
    resetModel();
    useProbes.getState().clearProbes();
  }
}

/**
 * A compare step opens the compare view on the scene's clouds: with its trained models and their
 * recorded race when the step is `pretrained` and the scene has them, else afresh; it trains when the
 * step says so (or when the models had to start from scratch).
 */
function showCompare(step: LessonStep, scene: Scene | null, fromScratch = false): void {
  const compare = step.setup.compare;
  if (!compare) return;
  const flow = scene ? sceneFlow(scene) : null;
  if (flow) useCompare.setState({ cnfSteps: flow.cnfSteps, couplings: flow.couplings });
  openCompare();
  const models = compare.pretrained && scene ? compareModels(scene) : [];
  if (models.length > 0) loadCompareModels(models);
  if (step.setup.training || fromScratch || (compare.pretrained && models.length === 0)) trainCompare(null, true);
}

/** An images step opens the Images view and trains its model when the step says so. */
function showImages(step: LessonStep): void {
  const images = step.setup.images;
  if (!images) return;
  openImages();
  // The view's settings persist: data the lesson cannot train on (no drawings yet) gives way to the digits.
  if (imagesProblem()) setImagesSettings({ data: 'digits', source: 'gaussian' });
  if (images.training && !useImages.getState().running) trainImages(true);
}

/** What the step shows: solver, layers, t, play state, tool, and whether it trains. */
function showStep(step: LessonStep, train = step.setup.training && !step.setup.compare): void {
  const { setup } = step;
  useScene.getState().setSample({ guidance: DEFAULT_SAMPLE.guidance, sampleClass: DEFAULT_SAMPLE.sampleClass, sdeNoise: DEFAULT_SAMPLE.sdeNoise, ...setup.sample });
  useView.setState({ layers: { ...setup.layers } });
  const play = setup.playing && !prefersReducedMotion(); // reduced motion: the user presses Play
  useView.getState().setPlaying(play);
  clock.playing = play;
  clock.setT(setup.t);
  useEdit.getState().setTool(setup.tool);
  if (train && !useTraining.getState().wantTraining) setTraining(true);
  else if (!train && useTraining.getState().wantTraining) setTraining(false);
}

/**
 * While the step is open, the worker follows its schedule at the exact steps and pauses at its
 * stopAtStep (pressing Train again goes on past it); the settings panel shows the current rate.
 */
export function followSchedule(step: LessonStep): () => void {
  const { schedule, stopAtStep } = step.setup;
  if ((!schedule || schedule.length === 0) && stopAtStep === undefined) return () => {};
  setSchedule(schedule ?? null, stopAtStep ?? null);
  const show = (trainingStep: number) => {
    const lr = schedule ? rateAt(schedule, trainingStep) : null;
    if (lr !== null && useScene.getState().train.learningRate !== lr) useScene.getState().setTrain({ learningRate: lr });
  };
  show(useTraining.getState().step);
  const unsubscribe = useTraining.subscribe((s, p) => {
    if (s.step !== p.step) show(s.step);
  });
  return () => {
    unsubscribe();
    setSchedule(null, null);
  };
}

/** For tests and the presenter: the open step's id. */
export const lessonId = (): string | null => {
  const s = useLessons.getState();
  return s.active ? (LESSONS[s.index]?.id ?? null) : null;
};
