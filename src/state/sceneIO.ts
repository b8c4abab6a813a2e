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
 *
 * Nothing the user made is lost: before anything replaces a scene drawn or edited by hand here, it is
 * kept aside in the "last scene" slot (src/state/lastScene.ts), and the autosave never overwrites such a
 * scene with another one without putting it there first.
 */
import { MAX_CLOUD_POINTS, DEFAULT_SAMPLE, DEFAULT_TRAIN } from '../core/config';
import { createHistory } from '../core/cloudEdits';
import { DEFAULT_FLOW } from '../core/objectives';
import { compareModels, DEFAULT_VIEW, presetCloud, sceneFlow, sceneMlpWeights, sceneObjective, sceneRealNvpWeights, SceneError, SCENE_VERSION, type CloudOrigin, type Scene } from '../core/scene';
import { OBJECTIVE_LABELS } from '../core/objectives';
import { useCompare } from './compareStore';
import { loadCompareModels, openCompare, restartCompare } from './compareSession';
import { parseSceneText } from '../core/sceneParse';
import { sceneFields } from '../core/sceneWrite';
import { decodeSceneLink, encodeSceneLink } from '../core/sceneLink';
import { linkProblemsMessage, type StartParams } from '../core/startParams';
import { clock } from './clock';
import { isEmbedded } from './embedStore';
import { readLastScene, writeLastScene } from './lastScene';
import { notify, type NoticeAction } from './noticeStore';
import { DEFAULT_SEED, DEFAULT_SOURCE, DEFAULT_TARGET, presetLabels, useScene, type CloudState } from './sceneStore';
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

/**
 * Cloud arrays that are copies of something kept elsewhere (the default scene, a lesson, a file, a
 * link): replacing them loses nothing. A cloud drawn or edited here is a new array, so it is not in here.
 */
const replaceable = new WeakSet<Float32Array>();

/** Mark the clouds on the stage now as the app's own (the start-up scene, before any restore). */
function markReplaceable(): void {
  const s = useScene.getState();
  replaceable.add(s.source);
  replaceable.add(s.target);
}

/**
 * Whether the stage shows the user's own work: a cloud drawn or edited by hand here, or restored from
 * the autosave or the last-scene slot. Preset clouds are not (their name and seed make them again).
 */
export function isOwnWork(): boolean {
  const s = useScene.getState();
  return (s.sourceSpec === null && !replaceable.has(s.source)) || (s.targetSpec === null && !replaceable.has(s.target));
}

/** The scene on the stage now. Weights are the worker's last report (every ~2 s while training). */
export function currentScene({ withWeights }: { withWeights: boolean }): Scene {
  const s = useScene.getState();
  const layers = useView.getState().layers;
  const scene: Scene = {
    version: SCENE_VERSION,
    objective: 'fm',
    seed: s.seed,
    source: withLabels({ points: s.source, origin: originOf(s.source, s.sourceSpec, s.seed) }, 'source', s.sourceLabels, s.train.conditional),
    target: withLabels({ points: s.target, origin: originOf(s.target, s.targetSpec, s.seed) }, 'target', s.targetLabels, s.train.conditional),
    train: { ...s.train },
    flow: { ...DEFAULT_FLOW },
    sample: { ...s.sample },
    view: { t: clock.t, layers: { clouds: layers.clouds, particles: layers.particles, trails: layers.trails, field: layers.field } },
  };
  // The compare view's models and race go with the scene while it is open.
  const cmp = useCompare.getState();
  if (cmp.open) scene.flow = { ...DEFAULT_FLOW, cnfSteps: cmp.cnfSteps, couplings: cmp.couplings };
  if (withWeights && cmp.open && cmp.saved && cmp.saved.length > 0) scene.compare = { models: cmp.saved };
  if (withWeights) {
    const w = getSavedWeights();
    // Weights of another architecture (settings changed since the report) do not belong to this scene.
    const conditional = w?.weights.shape.conditional === true;
    if (w && w.weights.shape.hiddenLayers === s.train.hiddenLayers && w.weights.shape.width === s.train.width && conditional === s.train.conditional) {
      const shape = { hiddenLayers: w.weights.shape.hiddenLayers, width: w.weights.shape.width, ...(conditional ? { conditional } : {}) };
      scene.weights = { shape, arrays: w.weights.arrays, step: w.step };
    }
  }
  return scene;
}

/**
 * A cloud with its labels, unless they are exactly the ones its preset origin makes again (the default
 * moons would otherwise fill every file with 2,000 digits). A conditional scene always writes them, so the
 * command line trains on the very same classes.
 */
function withLabels(cloud: Scene['source'], side: 'source' | 'target', labels: Uint8Array | null, conditional: boolean): Scene['source'] {
  if (!labels || labels.length !== cloud.points.length >> 1) return cloud;
  const o = cloud.origin;
  if (!conditional && o.kind === 'preset') {
    const again = presetLabels(side, o.spec, o.seed);
    if (again && again.length === labels.length && again.every((c, i) => c === labels[i])) return cloud;
  }
  return { ...cloud, labels };
}

/** A scene cloud's labels: its own, or those its labelled preset origin makes. */
function labelsOf(cloud: Scene['source'], side: 'source' | 'target'): Uint8Array | null {
  if (cloud.labels) return cloud.labels.slice();
  const o = cloud.origin;
  if (o.kind !== 'preset') return null;
  const labels = presetLabels(side, o.spec, o.seed);
  return labels && labels.length === cloud.points.length >> 1 ? labels : null;
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
  /** The scene is the user's own work (the autosave, the last-scene slot), not a copy of something kept elsewhere. */
  own?: boolean;
  /** Leave the compare view to the caller (a lesson step opens it itself), even for a scene with compare models. */
  leaveCompare?: boolean;
}

export const OPEN_LAST_LABEL = 'Open your last scene';
export const openLastAction: NoticeAction = { label: OPEN_LAST_LABEL, run: () => void openLastScene() };

/**
 * Put the scene on the stage into the last-scene slot (with weights when they fit). Returns false when
 * storage refused it. The autosave then no longer has to keep it.
 */
export function keepCurrentSceneAside(): boolean {
  const scene = currentScene({ withWeights: true });
  let text = fastSceneJson(scene);
  if (scene.weights && text.length > AUTOSAVE_WEIGHTS_LIMIT) text = fastSceneJson({ ...scene, weights: undefined });
  const ok = writeLastScene(text) || (scene.weights !== undefined && writeLastScene(fastSceneJson({ ...scene, weights: undefined })));
  if (ok) autosaveHoldsOwnWork = false;
  return ok;
}

/** Before the user's own scene is replaced: keep it aside and say how to get it back. */
function keepOwnWorkAside(): void {
  if (!isOwnWork()) return;
  if (keepCurrentSceneAside()) {
    notify('info', `Your previous scene is kept aside: "${OPEN_LAST_LABEL}" (here or under Scenes) brings it back.`, openLastAction);
  } else {
    notify('warning', 'Your previous scene could not be kept aside (the browser storage is full or off): Undo brings its clouds back; Save keeps it as a file.');
  }
}

/** Open the scene kept aside; the scene it replaces is kept aside in turn when it is the user's own. */
export function openLastScene(): boolean {
  const text = readLastScene();
  if (text === null) {
    notify('warning', 'There is no last scene to open.');
    return false;
  }
  if (!applySceneText(text, 'Your last scene', { own: true })) return false;
  notify('info', 'Opened your last scene.');
  return true;
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
  keepOwnWorkAside();
  if (useTraining.getState().wantTraining) setTraining(false);
  const source = scene.source.points.slice();
  const target = scene.target.points.slice();
  appliedOrigins.set(source, { ...scene.source.origin });
  appliedOrigins.set(target, { ...scene.target.origin });
  if (!opts.own) {
    replaceable.add(source);
    replaceable.add(target);
  }
  const clouds: CloudState = {
    source,
    target,
    sourceSpec: scene.source.origin.kind === 'preset' ? scene.source.origin.spec : null,
    targetSpec: scene.target.origin.kind === 'preset' ? scene.target.origin.spec : null,
    sourceLabels: labelsOf(scene.source, 'source'),
    targetLabels: labelsOf(scene.target, 'target'),
  };
  const { train, unsupported } = playgroundTrain(scene.train, clouds.targetLabels);
  if (unsupported.length > 0) {
    notify('warning', `This scene uses ${unsupported.join(', ')}: the playground cannot train or draw that yet, so it shows plain flow matching on the scene's clouds (\`npm run fm -- sample --scene FILE\` samples the scene's own model).`);
  }
  // One store update: the session sends the clouds (a cold start) and the settings to the worker.
  useScene.setState((s) => ({
    ...clouds,
    seed: scene.seed,
    train,
    sample: { ...scene.sample },
    cloudVersion: s.cloudVersion + 1,
    warmStart: false,
    editing: false,
  }));
  if (opts.resetHistory) useScene.setState({ history: createHistory(clouds, 100) });
  else useScene.getState().commitEdit();
  const l = scene.view.layers;
  useView.setState({ layers: { clouds: l.clouds, particles: l.particles, trails: l.trails, field: l.field, pairs: false } });
  // A still picture at the scene's t; t = 0 keeps the animation going.
  if (scene.view.t > 0) useView.getState().setPlaying(false);
  clock.setT(scene.view.t);
  // Fresh weights, batches and particle draws from the scene's seed: the same seed trains the same way.
  // Until the worker answers, the readouts show the old model: say so rather than show it as the new one's.
  useTraining.setState({ snapshotStale: true });
  resetModel();
  // The playground's model is a velocity field: flow matching's weights, or a CNF's (the same network).
  const w = unsupported.length === 0 ? sceneMlpWeights(scene) : undefined;
  if (w) loadWeights({ weights: { shape: { ...w.shape }, arrays: w.arrays.map((a) => a.slice()) }, step: w.step });
  if (!opts.leaveCompare) showInCompare(scene);
  return true;
}

/**
 * The scene's training settings as the playground can use them: every path and target kind; a
 * class-conditional model only with a labelled target (else it falls back, and the caller says so).
 */
function playgroundTrain(t: Scene['train'], targetLabels: Uint8Array | null): { train: Scene['train']; unsupported: string[] } {
  const unsupported: string[] = [];
  const train = { ...t };
  if (t.conditional && !targetLabels) {
    unsupported.push('a class-conditional model on an unlabelled target');
    train.conditional = false;
  }
  return { train, unsupported };
}

/**
 * A scene with compare models opens them in the compare view; a RealNVP scene (no velocity field for
 * the playground) opens its model there too; a CNF scene's field shows in the playground.
 */
function showInCompare(scene: Scene): void {
  const objective = sceneObjective(scene);
  const models = compareModels(scene);
  const nvp = sceneRealNvpWeights(scene);
  if (nvp && !models.some((m) => m.objective === 'realnvp')) models.push({ objective: 'realnvp', step: nvp.step, seconds: 0, weights: { shape: nvp.shape, arrays: nvp.arrays } });
  if (objective === 'cnf') notify('info', `This scene's model was trained as a ${OBJECTIVE_LABELS.cnf}: the playground shows its velocity field.`);
  if (models.length === 0) {
    if (useCompare.getState().open) restartCompare();
    return;
  }
  const flow = sceneFlow(scene);
  useCompare.setState({ cnfSteps: flow.cnfSteps, couplings: flow.couplings });
  if (useCompare.getState().open) restartCompare();
  else openCompare();
  loadCompareModels(models);
  if (objective === 'realnvp') notify('info', `This scene's model is a ${OBJECTIVE_LABELS.realnvp}: it opens in the compare view, beside the other models.`);
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

/** A share link's payload as a scene, or the reason it is refused ("The scene link could not be opened: ..."). */
function decodeLinkPayload(payload: string): Scene | string {
  try {
    let text = payload;
    try {
      text = decodeURIComponent(payload);
    } catch {
      // Not percent-encoded: base64url never needs it.
    }
    return decodeSceneLink(text);
  } catch (e) {
    return `The scene link could not be opened: ${e instanceof Error ? e.message : String(e)}.`;
  }
}

/** Open a share link's payload. A bad link is refused with the reason; the current scene stays. */
export function applySceneLink(payload: string, opts: ApplyOptions = {}): boolean {
  const scene = decodeLinkPayload(payload);
  if (typeof scene === 'string') {
    notify('error', `${scene} The current scene is kept.`);
    return false;
  }
  return openLinkScene(scene, opts);
}

function openLinkScene(scene: Scene, opts: ApplyOptions): boolean {
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
/** "1" when the autosave holds the user's own work (see isOwnWork), "0" when a copy of a lesson, file or link. */
export const AUTOSAVE_OWN_KEY = 'fm-playground-scene-v1-own';
/** What AUTOSAVE_KEY holds now: the user's own work, which must go to the last-scene slot before anything overwrites it. */
let autosaveHoldsOwnWork = false;
/** With weights up to this much JSON text; larger scenes are saved without them. */
export const AUTOSAVE_WEIGHTS_LIMIT = 5_000_000;
const AUTOSAVE_MS = 4000;
const AUTOSAVE_TRAINING_MS = 15_000;

/**
 * Fast scene JSON for autosave: numbers as JSON.stringify writes doubles (a float32's double reads back
 * exactly), avoiding sceneToJson's shortest-float search, which costs tens of ms for a large scene.
 */
export function fastSceneJson(scene: Scene): string {
  return JSON.stringify(Object.fromEntries(sceneFields(scene, (a) => Array.from(a))));
}

/**
 * Write the current scene to localStorage: with weights when small enough. Returns what was kept.
 * The user's own scene is not overwritten by another one before it is safe in the last-scene slot.
 */
export function autosaveNow(storage: Pick<Storage, 'setItem'> = window.localStorage): 'with-weights' | 'without-weights' | 'failed' {
  const own = isOwnWork();
  if (autosaveHoldsOwnWork && !own) {
    const previous = readAutosave();
    if (previous !== null && !writeLastScene(previous)) return 'failed';
    autosaveHoldsOwnWork = false;
  }
  const kind = writeAutosave(storage);
  if (kind !== 'failed') {
    autosaveHoldsOwnWork = own;
    try {
      storage.setItem(AUTOSAVE_OWN_KEY, own ? '1' : '0');
    } catch {
      // Storage full: without the mark, the autosave counts as the user's own at the next start.
    }
  }
  return kind;
}

function writeAutosave(storage: Pick<Storage, 'setItem'>): 'with-weights' | 'without-weights' | 'failed' {
  const scene = currentScene({ withWeights: true });
  let text = fastSceneJson(scene);
  let kind: 'with-weights' | 'without-weights' = scene.weights || scene.compare ? 'with-weights' : 'without-weights';
  if ((scene.weights || scene.compare) && text.length > AUTOSAVE_WEIGHTS_LIMIT) {
    text = fastSceneJson({ ...scene, weights: undefined, compare: undefined });
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

/** Whether the autosave holds the user's own work; without a mark (older versions), when it has a drawn cloud. */
function autosaveIsOwn(text: string): boolean {
  let mark: string | null = null;
  try {
    mark = window.localStorage.getItem(AUTOSAVE_OWN_KEY);
  } catch {
    // Storage disabled.
  }
  return mark === null ? text.includes('"kind":"drawn"') : mark === '1';
}

export function clearAutosave(): void {
  try {
    window.localStorage.removeItem(AUTOSAVE_KEY);
    window.localStorage.removeItem(AUTOSAVE_OWN_KEY);
  } catch {
    // Storage disabled.
  }
  autosaveHoldsOwnWork = false;
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
  useCompare.subscribe((s, p) => {
    if (s.saved !== p.saved || s.open !== p.open) mark();
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

/** Whether the URL's parameters chose any part of the starting scene (a refused value chooses nothing). */
function paramsChoseScene(start: StartParams): boolean {
  return (
    start.source !== undefined ||
    start.target !== undefined ||
    start.seed !== undefined ||
    Object.keys(start.train).length > 0 ||
    Object.keys(start.sample).length > 0
  );
}

/**
 * After startSession: open a #scene= link, else restore the autosave unless the URL's parameters
 * chose a scene. A refused link or value never costs the saved scene: when nothing valid came in the
 * link, the autosave is restored; when a valid link replaces it, the autosave (if it was the user's
 * own work) is kept aside with "Open your last scene". Every problem of the link is named in one
 * notice. Then keep autosaving, and follow #scene= links pasted into this tab.
 */
/** Returns true when a link or the start parameters chose the scene (not the autosave). */
export function bootScene(start: StartParams): boolean {
  // The start-up scene (the default, or the parameters') is the app's: replacing it loses nothing.
  markReplaceable();
  // An embed shows its link's scene: it neither restores nor overwrites the visitor's autosave.
  const persist = !isEmbedded();
  const saved = persist ? readAutosave() : null;
  const savedOwn = saved !== null && autosaveIsOwn(saved);
  const problems = [...start.errors];
  const payload = linkFromHash(window.location.hash);
  let linkScene: Scene | null = null;
  if (payload !== null) {
    const decoded = decodeLinkPayload(payload);
    if (typeof decoded === 'string') problems.push(decoded);
    else linkScene = decoded;
  }
  let outcome = '';
  let action: NoticeAction | undefined;
  const linkChose = linkScene !== null || paramsChoseScene(start);
  if (linkChose) {
    if (saved !== null && savedOwn) {
      if (writeLastScene(saved)) {
        outcome = `Your autosaved scene is kept aside: "${OPEN_LAST_LABEL}" (here or under Scenes) brings it back.`;
        action = openLastAction;
      } else {
        // Storage refused the copy: restore the autosave rather than lose it.
        linkScene = null;
        if (applySceneText(saved, 'The autosaved scene', { resetHistory: true, own: true })) autosaveHoldsOwnWork = true;
        outcome = 'Your autosaved scene is restored instead of the link (the browser storage had no room to keep it aside).';
      }
    }
    if (linkScene) openLinkScene(linkScene, { resetHistory: true });
  } else if (saved !== null) {
    if (applySceneText(saved, 'The autosaved scene', { resetHistory: true, own: savedOwn })) {
      autosaveHoldsOwnWork = savedOwn;
      if (problems.length > 0) outcome = 'Your autosaved scene is restored.';
    } else clearAutosave();
  }
  const message = linkProblemsMessage(problems);
  if (message) notify('error', outcome ? `${message} ${outcome}` : message, action);
  else if (outcome) notify('info', outcome, action);
  if (persist) startAutosave();
  window.addEventListener('hashchange', () => {
    const p = linkFromHash(window.location.hash);
    if (p !== null) applySceneLink(p);
  });
  return linkChose;
}
