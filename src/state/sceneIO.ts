/**
 * The scene document (src/core/scene.ts) to and from the stores: what "save", "share link",
 * autosave and the lesson menu read and write.
 *
 * currentScene() reads the clouds and where they came from (a null spec means drawn by hand), the seed,
 * the training and sampling settings, the stage's layers and the clock's t and, when asked, the
 * worker's last reported weights. applyScene() writes all of that back in one go (the clouds as one
 * undo step), tells the worker to start over from the scene's seed, and then loads the weights, if any,
 * so the worker continues from them. Scenes from outside (files, links, autosave) go through
 * parseSceneText / decodeSceneLink first; any failure leaves the current scene as it was and says why.
 */
import { MAX_CLOUD_POINTS, DEFAULT_SAMPLE, DEFAULT_TRAIN } from '../core/config';
import { createHistory } from '../core/cloudEdits';
import {
  DEFAULT_VIEW,
  parseSceneText,
  presetCloud,
  SceneError,
  SCENE_VERSION,
  type CloudOrigin,
  type Scene,
} from '../core/scene';
import { decodeSceneLink, encodeSceneLink } from '../core/sceneLink';
import { clock } from '../view/clock';
import { notify } from './noticeStore';
import { DEFAULT_SEED, DEFAULT_SOURCE, DEFAULT_TARGET, useScene, type CloudState } from './sceneStore';
import { getSavedWeights, loadWeights, resetModel, setTraining } from './session';
import { useTraining } from './trainingStore';
import { useView } from './viewStore';

/**
 * The origin each cloud array was applied with. The store keeps one seed and a spec string per cloud;
 * this remembers a preset origin's own seed for as long as the store holds that very array, so
 * scene -> stores -> scene is exact even when a file's origin seed differs from its scene seed.
 */
const appliedOrigins = new WeakMap<Float32Array, CloudOrigin>();

function originOf(points: Float32Array, spec: string | null, seed: number): CloudOrigin {
  if (spec === null) return { kind: 'drawn' };
  const known = appliedOrigins.get(points);
  if (known && known.kind === 'preset' && known.spec === spec) return { ...known };
  return { kind: 'preset', spec, seed };
}

/** The scene the app shows now. Weights are the worker's last report (every ~2 s while training). */
export function currentScene({ withWeights }: { withWeights: boolean }): Scene {
  const s = useScene.getState();
  const layers = useView.getState().layers;
  const scene: Scene = {
    version: SCENE_VERSION,
    seed: s.seed,
    source: { points: s.source, origin: originOf(s.source, s.sourceSpec, s.seed) },
    target: { points: s.target, origin: originOf(s.target, s.targetSpec, s.seed) },
    train: { ...s.train },
    sample: { ...s.sample },
    view: { t: clock.t, layers: { clouds: layers.clouds, particles: layers.particles, trails: layers.trails, field: layers.field } },
  };
  if (withWeights) {
    const w = getSavedWeights();
    // Weights of another architecture (settings changed since the report) do not belong to this scene.
    if (w && w.weights.shape.hiddenLayers === s.train.hiddenLayers && w.weights.shape.width === s.train.width) {
      scene.weights = { shape: { hiddenLayers: w.weights.shape.hiddenLayers, width: w.weights.shape.width }, arrays: w.weights.arrays, step: w.step };
    }
  }
  return scene;
}

/** The scene a fresh page opens with: Gaussian -> two moons, seed 1, default settings. */
export function defaultScene(): Scene {
  return {
    version: SCENE_VERSION,
    seed: DEFAULT_SEED,
    source: { points: presetCloud('source', DEFAULT_SOURCE, DEFAULT_SEED), origin: { kind: 'preset', spec: DEFAULT_SOURCE, seed: DEFAULT_SEED } },
    target: { points: presetCloud('target', DEFAULT_TARGET, DEFAULT_SEED), origin: { kind: 'preset', spec: DEFAULT_TARGET, seed: DEFAULT_SEED } },
    train: { ...DEFAULT_TRAIN },
    sample: { ...DEFAULT_SAMPLE },
    view: { t: DEFAULT_VIEW.t, layers: { ...DEFAULT_VIEW.layers } },
  };
}

/** Checks a scene object made in code (parsed ones pass them already); throws SceneError. */
function check(scene: Scene): void {
  for (const side of ['source', 'target'] as const) {
    const p = scene[side].points;
    if (!(p instanceof Float32Array) || p.length % 2 !== 0) throw new SceneError(`${side}.points must be x, y pairs`, `${side}.points`);
    if (p.length > 2 * MAX_CLOUD_POINTS) throw new SceneError(`${side}.points holds more than ${MAX_CLOUD_POINTS} points`, `${side}.points`);
  }
  const w = scene.weights;
  if (w && (w.shape.hiddenLayers !== scene.train.hiddenLayers || w.shape.width !== scene.train.width)) {
    throw new SceneError('the weights belong to another network than train.hiddenLayers / train.width', 'weights.shape');
  }
}

export interface ApplyOptions {
  /** Start a fresh undo history (opening the page) instead of adding one undo step. */
  resetHistory?: boolean;
}

/**
 * Make the app show `scene`. Returns false (and notifies) when it cannot be applied; the current
 * scene is then untouched. Training pauses: a loaded scene starts from its own seed or weights.
 */
export function applyScene(scene: Scene, opts: ApplyOptions = {}): boolean {
  try {
    check(scene);
  } catch (e) {
    notify('error', `Scene not loaded: ${e instanceof Error ? e.message : String(e)}. The current scene is kept.`);
    return false;
  }
  if (useTraining.getState().wantTraining) setTraining(false);
  const source = scene.source.points.slice();
  const target = scene.target.points.slice();
  appliedOrigins.set(source, { ...scene.source.origin });
  appliedOrigins.set(target, { ...scene.target.origin });
  const clouds: CloudState = {
    source,
    target,
    sourceSpec: scene.source.origin.kind === 'preset' ? scene.source.origin.spec : null,
    targetSpec: scene.target.origin.kind === 'preset' ? scene.target.origin.spec : null,
  };
  // One store update: the session sends the clouds (a cold start) and the settings to the worker.
  useScene.setState((s) => ({
    ...clouds,
    seed: scene.seed,
    train: { ...scene.train },
    sample: { ...scene.sample },
    cloudVersion: s.cloudVersion + 1,
    warmStart: false,
    editing: false,
  }));
  if (opts.resetHistory) useScene.setState({ history: createHistory(clouds, 100) });
  else useScene.getState().commitEdit();
  const l = scene.view.layers;
  useView.setState({ layers: { clouds: l.clouds, particles: l.particles, trails: l.trails, field: l.field } });
  // A still picture at the scene's t; t = 0 keeps the animation going.
  if (scene.view.t > 0) useView.getState().setPlaying(false);
  clock.setT(scene.view.t);
  // Fresh weights, batches and particle draws from the scene's seed: the same seed trains the same way.
  resetModel();
  const w = scene.weights;
  if (w) loadWeights({ weights: { shape: { hiddenLayers: w.shape.hiddenLayers, width: w.shape.width }, arrays: w.arrays.map((a) => a.slice()) }, step: w.step });
  return true;
}

/** Parse scene text (a file, an autosave) and apply it; `what` names it in messages. */
export function applySceneText(text: string, what: string, opts: ApplyOptions = {}): boolean {
  let scene: Scene;
  try {
    scene = parseSceneText(text);
  } catch (e) {
    notify('error', `${what} could not be opened: ${e instanceof Error ? e.message : String(e)}. The current scene is kept.`);
    return false;
  }
  return applyScene(scene, opts);
}

// ---------------------------------------------------------------------------------------------
// Share links: #scene=... in the URL's hash (never sent to a server)

const HASH_KEY = 'scene';

/** The link payload in a location hash ("#scene=..."), or null when there is none. */
export function linkFromHash(hash: string): string | null {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!h) return null;
  for (const part of h.split('&')) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    if (key === HASH_KEY) return eq < 0 ? '' : part.slice(eq + 1);
  }
  return null;
}

/** Open a share link's payload. A bad link is refused with the reason; the current scene stays. */
export function applySceneLink(payload: string, opts: ApplyOptions = {}): boolean {
  let scene: Scene;
  try {
    let text = payload;
    try {
      text = decodeURIComponent(payload);
    } catch {
      // Not percent-encoded: base64url never needs it.
    }
    scene = decodeSceneLink(text);
  } catch (e) {
    notify('error', `The scene link could not be opened: ${e instanceof Error ? e.message : String(e)}. The current scene is kept.`);
    return false;
  }
  if (!applyScene(scene, opts)) return false;
  notify(
    'info',
    'Opened a shared scene: the same clouds, settings and seed as the sender. A link carries no trained weights, so train it here: the same seed gives the same start and batches.',
    { label: 'Train', run: () => setTraining(true) },
  );
  return true;
}

/** The share link of the current scene (no weights); also written into this page's URL. */
export function shareCurrentScene(): string {
  const payload = encodeSceneLink(currentScene({ withWeights: false }));
  const url = new URL(window.location.href);
  // The scene replaces the parameters that choose one (?source=, ?width=, ...); others (?backend=) stay.
  for (const k of SCENE_PARAMS) url.searchParams.delete(k);
  url.hash = `${HASH_KEY}=${payload}`;
  window.history.replaceState(window.history.state, '', url.href);
  return url.href;
}

// ---------------------------------------------------------------------------------------------
// Autosave (localStorage), restored on reload

export const AUTOSAVE_KEY = 'fm-playground-scene-v1';
/** With weights up to this much JSON text; larger scenes are saved without them. */
export const AUTOSAVE_WEIGHTS_LIMIT = 5_000_000;
const AUTOSAVE_MS = 4000;
const AUTOSAVE_TRAINING_MS = 15_000;

/**
 * Fast scene JSON for autosave: numbers as JSON.stringify writes doubles (a float32's double reads back
 * exactly), avoiding sceneToJson's shortest-float search, which costs tens of ms for a large scene.
 */
export function fastSceneJson(scene: Scene): string {
  const doc: Record<string, unknown> = {
    version: scene.version,
    seed: scene.seed,
    source: { origin: scene.source.origin, points: Array.from(scene.source.points) },
    target: { origin: scene.target.origin, points: Array.from(scene.target.points) },
    train: scene.train,
    sample: scene.sample,
    view: scene.view,
  };
  if (scene.weights) {
    const w = scene.weights;
    doc.weights = { shape: { hiddenLayers: w.shape.hiddenLayers, width: w.shape.width }, step: w.step, arrays: w.arrays.map((a) => Array.from(a)) };
  }
  return JSON.stringify(doc);
}

/** Write the current scene to localStorage: with weights when small enough. Returns what was kept. */
export function autosaveNow(storage: Pick<Storage, 'setItem'> = window.localStorage): 'with-weights' | 'without-weights' | 'failed' {
  const scene = currentScene({ withWeights: true });
  let text = fastSceneJson(scene);
  let kind: 'with-weights' | 'without-weights' = scene.weights ? 'with-weights' : 'without-weights';
  if (scene.weights && text.length > AUTOSAVE_WEIGHTS_LIMIT) {
    text = fastSceneJson({ ...scene, weights: undefined });
    kind = 'without-weights';
  }
  try {
    storage.setItem(AUTOSAVE_KEY, text);
    return kind;
  } catch {
    if (kind === 'with-weights') {
      try {
        storage.setItem(AUTOSAVE_KEY, fastSceneJson({ ...scene, weights: undefined }));
        return 'without-weights';
      } catch {
        // Storage full or disabled: nothing to do but not save.
      }
    }
    return 'failed';
  }
}

function readAutosave(): string | null {
  try {
    return window.localStorage.getItem(AUTOSAVE_KEY);
  } catch {
    return null;
  }
}

export function clearAutosave(): void {
  try {
    window.localStorage.removeItem(AUTOSAVE_KEY);
  } catch {
    // Storage disabled.
  }
}

/** Save every few seconds after a change, and when the page goes away. */
export function startAutosave(): void {
  let dirty = false;
  const mark = () => {
    dirty = true;
  };
  useScene.subscribe(mark);
  useView.subscribe((s, p) => {
    if (s.layers !== p.layers) mark();
  });
  useTraining.subscribe((s, p) => {
    if (s.step !== p.step) mark();
  });
  let lastT = clock.t;
  let lastSave = 0;
  const flush = () => {
    if (clock.t !== lastT) {
      lastT = clock.t;
      dirty = true;
    }
    if (!dirty) return;
    dirty = false;
    lastSave = performance.now();
    autosaveNow();
  };
  // Not in the middle of a stroke or drag (a 20,000-point scene takes tens of ms to write); pagehide still saves it.
  const idleFlush = () => {
    if (!useScene.getState().editing) flush();
  };
  window.setInterval(() => {
    // While training, the weights change all the time: save less often (pagehide still saves the latest).
    if (useTraining.getState().wantTraining && performance.now() - lastSave < AUTOSAVE_TRAINING_MS) return;
    // Off the busy moments: an idle callback when the browser has one.
    const ric = (window as unknown as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number }).requestIdleCallback;
    if (ric) ric(idleFlush, { timeout: 2000 });
    else idleFlush();
  }, AUTOSAVE_MS);
  window.addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', () => {
    if (document.hidden) flush();
  });
}

// ---------------------------------------------------------------------------------------------
// Start-up

/** Link parameters that choose a starting scene (?source=moons...): they win over the autosave. */
const SCENE_PARAMS = ['source', 'target', 'seed', 'layers', 'width', 'batch', 'lr', 'jitter', 'particles', 'steps'];

/**
 * After startSession: open a #scene= link, else restore the autosave unless the URL's parameters
 * chose a scene. Then keep autosaving, and follow #scene= links pasted into this tab.
 */
export function bootScene(): void {
  const payload = linkFromHash(window.location.hash);
  if (payload !== null) applySceneLink(payload, { resetHistory: true });
  else {
    const params = new URLSearchParams(window.location.search);
    const chosen = SCENE_PARAMS.some((k) => params.has(k));
    const saved = chosen ? null : readAutosave();
    if (saved) {
      if (!applySceneText(saved, 'The autosaved scene', { resetHistory: true })) clearAutosave();
    }
  }
  startAutosave();
  window.addEventListener('hashchange', () => {
    const p = linkFromHash(window.location.hash);
    if (p !== null) applySceneLink(p);
  });
}
