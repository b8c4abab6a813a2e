/** scene -> stores -> scene is exact, with the zustand stores in Node and the worker session mocked. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { presetCloud, SCENE_VERSION, weightLengths, type Scene } from '../core/scene';
import { parseSceneText } from '../core/sceneParse';
import { sceneToJson } from '../core/sceneWrite';
import { decodeSceneLink, encodeSceneLink } from '../core/sceneLink';
import { DEFAULT_SAMPLE, DEFAULT_TRAIN } from '../core/config';

const calls: string[] = [];
let saved: { weights: { shape: { hiddenLayers: number; width: number }; arrays: Float32Array[] }; step: number } | null = null;

vi.mock('./session', () => ({
  getSavedWeights: () => (saved ? { weights: { shape: { ...saved.weights.shape }, arrays: saved.weights.arrays.map((a) => a.slice()) }, step: saved.step } : null),
  loadWeights: (w: NonNullable<typeof saved>) => {
    calls.push(`loadWeights:${w.step}`);
    saved = w;
  },
  resetModel: () => {
    calls.push('reset');
    saved = null;
  },
  setTraining: (on: boolean) => calls.push(`train:${on}`),
  sendToWorker: (m: { type: string }) => calls.push(`send:${m.type}`),
  onWorkerRestartCompare: () => {},
  requestCompareWeights: () => null,
}));

/** A browser's localStorage for the last-scene slot and the autosave (the rest of `window` is not used here). */
const storage = new Map<string, string>();
const fakeStorage = {
  getItem: (k: string) => storage.get(k) ?? null,
  setItem: (k: string, v: string) => void storage.set(k, v),
  removeItem: (k: string) => void storage.delete(k),
};
vi.stubGlobal('window', { localStorage: fakeStorage });

const { applyScene, applySceneText, applySceneLink, currentScene, defaultScene, fastSceneJson, autosaveNow, AUTOSAVE_KEY, AUTOSAVE_OWN_KEY, isOwnWork, linkFromHash, openLastScene } =
  await import('./sceneIO');
const { LAST_SCENE_KEY, useLastScene } = await import('./lastScene');
const { useScene } = await import('./sceneStore');
const { useView } = await import('./viewStore');
const { useNotices } = await import('./noticeStore');
const { clock } = await import('./clock');
const { useCompare } = await import('./compareStore');

function weightsFor(shape: { hiddenLayers: number; width: number }, seed: number) {
  return weightLengths(shape).map((n, i) => Float32Array.from({ length: n }, (_, k) => Math.fround(Math.sin(seed + i * 7.1 + k * 0.37) * 0.3)));
}

function sampleScene(): Scene {
  const drawn = new Float32Array([0.1, -0.2, 3.3333333, 4.25, -5.5, 1e-7, 2, 2]);
  return {
    version: SCENE_VERSION,
    objective: 'fm',
    seed: 42,
    source: { points: drawn, origin: { kind: 'drawn' } },
    target: { points: presetCloud('target', 'gaussian:1,2,0.5', 7), origin: { kind: 'preset', spec: 'gaussian:1,2,0.5', seed: 7 } },
    train: { ...DEFAULT_TRAIN, hiddenLayers: 2, width: 16, learningRate: 0.001, batchSize: 64, jitter: 0.05, coupling: 'ot', path: 'cosine', sigmaMin: 0.01 },
    flow: { cnfSteps: 8, couplings: 8, couplingLayers: 2, couplingWidth: 32 },
    sample: { ...DEFAULT_SAMPLE, solver: 'rk4', steps: 20, particles: 500 },
    view: { t: 0.375, layers: { clouds: true, particles: false, trails: true, field: false } },
    weights: { shape: { hiddenLayers: 2, width: 16 }, arrays: weightsFor({ hiddenLayers: 2, width: 16 }, 3), step: 1234 },
  };
}

beforeEach(() => {
  calls.length = 0;
  saved = null;
  useNotices.getState().clear();
  applyScene(defaultScene(), { resetHistory: true });
  calls.length = 0;
});

describe('sceneIO', () => {
  it('round-trips scene -> stores -> scene exactly, weights included', () => {
    const scene = sampleScene();
    expect(applyScene(scene)).toBe(true);
    expect(currentScene({ withWeights: true })).toEqual(scene);
    // Through the file format too.
    expect(parseSceneText(sceneToJson(currentScene({ withWeights: true })))).toEqual(scene);
    expect(parseSceneText(fastSceneJson(currentScene({ withWeights: true })))).toEqual(scene);
  });

  it('resets the model to the scene seed before loading its weights, and pauses training', () => {
    applyScene(sampleScene());
    expect(calls).toEqual(['reset', 'loadWeights:1234']);
    expect(useScene.getState().seed).toBe(42);
  });

  it('a scene without weights reports none (stale weights of the old model are dropped)', () => {
    const scene = { ...sampleScene(), weights: undefined };
    applyScene(sampleScene());
    applyScene(scene);
    expect(calls.at(-1)).toBe('reset');
    expect(currentScene({ withWeights: true }).weights).toBeUndefined();
    expect(currentScene({ withWeights: true })).toEqual(scene);
  });

  it('diffusion settings apply as they are; a conditional model on an unlabelled target falls back, said, without the weights', () => {
    const scene = sampleScene();
    applyScene({ ...scene, train: { ...scene.train, path: 'vp', targetKind: 'epsilon' } });
    expect(useScene.getState().train).toMatchObject({ path: 'vp', targetKind: 'epsilon' });
    applyScene({ ...scene, target: { ...scene.target, origin: { kind: 'drawn' }, labels: undefined }, train: { ...scene.train, conditional: true } });
    expect(useScene.getState().train).toMatchObject({ conditional: false, width: 16 });
    expect(calls.at(-1)).toBe('reset');
    const notice = useNotices.getState().notices.at(-1)!;
    expect(notice.message).toMatch(/a class-conditional model on an unlabelled target/);
    expect(notice.level).toBe('warning');
  });

  it('labels travel with the scene: a labelled target comes back with the same classes', () => {
    const scene = sampleScene();
    const n = scene.target.points.length >> 1;
    const labels = new Uint8Array(n).map((_, i) => i % 3);
    applyScene({ ...scene, target: { ...scene.target, labels } });
    expect(Array.from(useScene.getState().targetLabels!)).toEqual(Array.from(labels));
    expect(Array.from(currentScene({ withWeights: false }).target.labels!)).toEqual(Array.from(labels));
  });

  it('a scene with compare models opens the compare view with them and their race; while open, the scene carries the latest copy', () => {
    const base = sampleScene();
    const mlp = base.weights!;
    const heldOut = [
      { step: 0, seconds: 0, nll: 4.5 },
      { step: 300, seconds: 2.5, nll: 2.25 },
    ];
    const scene: Scene = { ...base, compare: { models: [{ objective: 'fm', step: 300, seconds: 2.5, heldOut, weights: { shape: mlp.shape as { hiddenLayers: number; width: number }, arrays: mlp.arrays } }] } };
    calls.length = 0;
    expect(applyScene(scene)).toBe(true);
    const c = useCompare.getState();
    expect(c.open).toBe(true);
    expect(c.models.fm).toMatchObject({ step: 300, seconds: 2.5, heldOut });
    expect(calls.filter((m) => m.startsWith('send:'))).toEqual(['send:compare', 'send:compareLoad']);
    // Written back with the scene (the autosave, Save), then gone once the view closes.
    expect(currentScene({ withWeights: true }).compare).toEqual(scene.compare);
    expect(currentScene({ withWeights: false }).compare).toBeUndefined();
    useCompare.setState({ open: false, saved: null, models: {} });
    expect(currentScene({ withWeights: true }).compare).toBeUndefined();
  });

  it('weights of another architecture are not reported as the scene\'s', () => {
    applyScene(sampleScene());
    useScene.getState().setTrain({ width: 32 });
    expect(currentScene({ withWeights: true }).weights).toBeUndefined();
  });

  it('applying is one undo step for the clouds', () => {
    const before = currentScene({ withWeights: false });
    applyScene(sampleScene());
    useScene.getState().undo();
    const s = useScene.getState();
    expect(Array.from(s.source)).toEqual(Array.from(before.source.points));
    expect(Array.from(s.target)).toEqual(Array.from(before.target.points));
    expect(s.sourceSpec).toBe('gaussian');
    useScene.getState().redo();
    expect(useScene.getState().sourceSpec).toBeNull();
  });

  it('sets layers and t on the view', () => {
    applyScene(sampleScene());
    expect(useView.getState().layers).toEqual({ clouds: true, particles: false, trails: true, field: false, pairs: false });
    expect(clock.t).toBe(0.375);
  });

  it('a preset origin whose points were edited keeps its spec and the edited points', () => {
    useScene.getState().setPreset('source', 'moons');
    const moved = useScene.getState().source.map((v) => v + 1);
    useScene.getState().editCloud('source', moved, 'moons');
    useScene.getState().commitEdit();
    const s = currentScene({ withWeights: false });
    expect(s.source.origin).toEqual({ kind: 'preset', spec: 'moons', seed: 1 });
    expect(s.source.points).toEqual(moved);
  });

  it('bad scene text keeps the current scene and names the problem', () => {
    const before = currentScene({ withWeights: false });
    const doc = JSON.parse(sceneToJson(sampleScene()));
    doc.source.points[3] = 'x';
    expect(applySceneText(JSON.stringify(doc), 'scene.json')).toBe(false);
    expect(currentScene({ withWeights: false })).toEqual(before);
    expect(calls).toEqual([]);
    const msg = useNotices.getState().notices.at(-1)!.message;
    expect(msg).toContain('scene.json could not be opened');
    expect(msg).toContain('source.points[3]');
  });

  it('share link: same clouds within quantisation, same settings; a bad link is refused', () => {
    const scene = { ...sampleScene(), weights: undefined };
    const link = encodeSceneLink(scene);
    applyScene(defaultScene());
    expect(applySceneLink(link)).toBe(true);
    const got = currentScene({ withWeights: false });
    expect(got).toEqual(decodeSceneLink(link));
    for (let i = 0; i < scene.source.points.length; i++) expect(Math.abs(got.source.points[i] - scene.source.points[i])).toBeLessThan(2.5e-4);
    expect(got.train).toEqual(scene.train);
    expect(got.sample).toEqual(scene.sample);
    expect(got.seed).toBe(42);
    const before = currentScene({ withWeights: false });
    expect(applySceneLink('not*a*link')).toBe(false);
    expect(currentScene({ withWeights: false })).toEqual(before);
    expect(useNotices.getState().notices.at(-1)!.message).toMatch(/scene link could not be opened: .*base64url/);
  });

  it('reads #scene= from a hash', () => {
    expect(linkFromHash('#scene=abc')).toBe('abc');
    expect(linkFromHash('#x=1&scene=ab-_')).toBe('ab-_');
    expect(linkFromHash('#other')).toBeNull();
    expect(linkFromHash('')).toBeNull();
  });

  it('autosave keeps weights when small, drops them when too large for storage', () => {
    applyScene(sampleScene());
    const store = new Map<string, string>();
    expect(autosaveNow({ setItem: (k, v) => store.set(k, v) })).toBe('with-weights');
    expect(parseSceneText(store.get(AUTOSAVE_KEY)!)).toEqual({ ...sampleScene(), view: { ...sampleScene().view } });
    let first = true;
    const quota = {
      setItem: (k: string, v: string) => {
        if (first) {
          first = false;
          throw new Error('QuotaExceededError');
        }
        store.set(k, v);
      },
    };
    expect(autosaveNow(quota)).toBe('without-weights');
    expect(parseSceneText(store.get(AUTOSAVE_KEY)!).weights).toBeUndefined();
  });

  it("a scene drawn by hand is kept aside before New, a lesson or a file replaces it; copies of those are not", () => {
    storage.clear();
    expect(isOwnWork()).toBe(false);
    const drawn = new Float32Array([1, 2, 3, 4]);
    useScene.getState().editCloud('target', drawn);
    useScene.getState().commitEdit();
    expect(isOwnWork()).toBe(true);
    applyScene(defaultScene());
    const kept = parseSceneText(storage.get(LAST_SCENE_KEY)!);
    expect(kept.target.origin).toEqual({ kind: 'drawn' });
    expect(Array.from(kept.target.points)).toEqual([1, 2, 3, 4]);
    expect(useLastScene.getState().available).toBe(true);
    const notice = useNotices.getState().notices.at(-1)!;
    expect(notice.message).toMatch(/previous scene is kept aside/);
    expect(notice.action?.label).toBe('Open your last scene');
    // A lesson replacing the default scene, then New replacing the lesson: the drawn scene stays in the slot.
    applyScene(sampleScene());
    expect(isOwnWork()).toBe(false);
    applyScene(defaultScene());
    expect(Array.from(parseSceneText(storage.get(LAST_SCENE_KEY)!).target.points)).toEqual([1, 2, 3, 4]);
    // One click brings it back.
    expect(openLastScene()).toBe(true);
    expect(Array.from(useScene.getState().target)).toEqual([1, 2, 3, 4]);
    expect(useScene.getState().targetSpec).toBeNull();
    expect(isOwnWork()).toBe(true);
  });

  it('the autosave moves the user\'s own scene aside before overwriting it with another one', () => {
    storage.clear();
    useScene.getState().editCloud('source', new Float32Array([0.5, 0.5]));
    useScene.getState().commitEdit();
    expect(autosaveNow(fakeStorage)).toBe('without-weights');
    expect(storage.get(AUTOSAVE_OWN_KEY)).toBe('1');
    const own = storage.get(AUTOSAVE_KEY)!;
    // A lesson step picks presets through the store (no applyScene): the drawn cloud is replaced.
    useScene.getState().setPreset('source', 'gaussian');
    expect(isOwnWork()).toBe(false);
    expect(storage.has(LAST_SCENE_KEY)).toBe(false);
    autosaveNow(fakeStorage);
    expect(storage.get(LAST_SCENE_KEY)).toBe(own);
    expect(storage.get(AUTOSAVE_OWN_KEY)).toBe('0');
    expect(parseSceneText(storage.get(AUTOSAVE_KEY)!).source.origin.kind).toBe('preset');
    // When the slot cannot take it, the own autosave is not overwritten.
    storage.clear();
    useScene.getState().editCloud('source', new Float32Array([0.25, 0.25]));
    autosaveNow(fakeStorage);
    const mine = storage.get(AUTOSAVE_KEY)!;
    useScene.getState().setPreset('source', 'moons');
    const full = { ...fakeStorage, setItem: (k: string, v: string) => (k === LAST_SCENE_KEY ? (() => { throw new Error('QuotaExceededError'); })() : void storage.set(k, v)) };
    vi.stubGlobal('window', { localStorage: full });
    try {
      expect(autosaveNow(full)).toBe('failed');
    } finally {
      vi.stubGlobal('window', { localStorage: fakeStorage });
    }
    expect(storage.get(AUTOSAVE_KEY)).toBe(mine);
  });
});
