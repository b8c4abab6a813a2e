import { describe, expect, it } from 'vitest';
import { DEFAULT_IMAGE_CONFIG, DEFAULT_IMAGE_SAMPLE } from './images/imageConfig';
import { imageSetFromRecipe } from './images/recipe';
import { IMAGE_DIM } from './images/imageSet';
import { weightLengths, type MlpShape } from './networkShape';
import { SCENE_VERSION, SceneError } from './scene';
import { IMAGE_SCENE_VERSION, type ImageScene } from './sceneImages';
import { isImageSceneJson, parseImageScene, parseImageSceneText, parseScene, parseSceneText } from './sceneParse';
import { imageSceneToJson, sceneToJson, writeImageScene } from './sceneWrite';

const shape: MlpShape = { hiddenLayers: 1, width: 4, dim: IMAGE_DIM, conditional: true, classes: 10 };
const weights = () => weightLengths(shape).map((n, i) => Float32Array.from({ length: n }, (_, k) => Math.fround(Math.sin(i + 0.37 * k) * 0.2)));
const img = (v: number) => new Float32Array(IMAGE_DIM).fill(-1).map((x, i) => (i % 17 === 0 ? v : x));

function scene(over: Partial<ImageScene['images']> = {}): ImageScene {
  return {
    version: 3,
    seed: 7,
    images: {
      data: { kind: 'digits16', seed: 2, perClass: 5 },
      source: null,
      heldOut: 0.1,
      train: { ...DEFAULT_IMAGE_CONFIG, hiddenLayers: 1, width: 4 },
      sample: { ...DEFAULT_IMAGE_SAMPLE },
      weights: { shape, step: 321, arrays: weights() },
      ...over,
    },
  };
}

const errorOf = (f: () => unknown): SceneError => {
  try {
    f();
  } catch (e) {
    if (e instanceof SceneError) return e;
    throw e;
  }
  throw new Error('did not throw');
};

describe('image scenes (version 3)', () => {
  it('round-trips digits16, drawings and imported data with weights exactly', () => {
    const cases: ImageScene[] = [
      scene(),
      scene({ data: { kind: 'drawings', drawings: [img(1), img(0.5)], labels: [3, 8], count: 40, seed: 4 }, weights: undefined }),
      scene({ data: { kind: 'imported', images: [img(0.25)] }, source: { kind: 'digits16', seed: 9, perClass: 2 }, train: { ...DEFAULT_IMAGE_CONFIG, hiddenLayers: 1, width: 4, conditional: false }, weights: { shape: { hiddenLayers: 1, width: 4, dim: IMAGE_DIM }, step: 0, arrays: weightLengths({ hiddenLayers: 1, width: 4, dim: IMAGE_DIM }).map((n) => new Float32Array(n).fill(0.1)) } }),
    ];
    for (const s of cases) {
      const text = writeImageScene(s);
      expect(JSON.parse(text).version).toBe(IMAGE_SCENE_VERSION);
      const back = parseImageSceneText(text);
      expect(back).toEqual(s);
      expect(imageSceneToJson(back)).toBe(text);
      expect(isImageSceneJson(JSON.parse(text))).toBe(true);
    }
    expect(IMAGE_SCENE_VERSION).toBe(SCENE_VERSION);
  });

  it('fills defaults and rebuilds the same images from the recipe', () => {
    const s = parseImageScene({ version: 3, seed: 1, images: { data: { kind: 'digits16', seed: 2, perClass: 3 } } });
    expect(s.images.train).toEqual(DEFAULT_IMAGE_CONFIG);
    expect(s.images.sample).toEqual(DEFAULT_IMAGE_SAMPLE);
    expect(s.images.source).toBeNull();
    expect(s.images.weights).toBeUndefined();
    const a = imageSetFromRecipe(s.images.data);
    const b = imageSetFromRecipe({ kind: 'digits16', seed: 2, perClass: 3 });
    expect(a.count).toBe(30);
    expect(Array.from(a.pixels)).toEqual(Array.from(b.pixels));
    const d = imageSetFromRecipe({ kind: 'drawings', drawings: [img(1)], labels: [5], count: 6, seed: 1 });
    expect(d.count).toBe(6);
    expect(Array.from(d.labels!)).toEqual([5, 5, 5, 5, 5, 5]);
  });

  it('refuses what does not fit, naming the place', () => {
    const doc = () => JSON.parse(writeImageScene(scene()));
    const bad: [string, (d: any) => void, RegExp][] = [
      ['pixel out of range', (d) => (d.images.data = { kind: 'imported', images: [[...new Array(255).fill(0), 2]] }), /^images\.data\.images\[0\]\[255\] is outside \[-1, 1\]/],
      ['short image', (d) => (d.images.data = { kind: 'drawings', drawings: [[0, 0]], count: 3, seed: 1 }), /^images\.data\.drawings\[0\] must hold 256 pixel values \(got 2\)/],
      ['labels count', (d) => (d.images.data = { kind: 'imported', images: [new Array(256).fill(0)], labels: [1, 2] }), /^images\.data\.labels must hold one label per image: 1 \(got 2\)/],
      ['label 10', (d) => (d.images.data = { kind: 'imported', images: [new Array(256).fill(0)], labels: [10] }), /^images\.data\.labels\[0\] must be a class from 0 to 9 \(got 10\)/],
      ['width mismatch', (d) => (d.images.train.width = 8), /^images\.weights\.shape\.width is 4 but train\.width is 8/],
      ['conditional mismatch', (d) => (d.images.train.conditional = false), /^images\.weights\.shape\.conditional is true but train\.conditional is false/],
      ['short array', (d) => d.images.weights.arrays[2].pop(), /^images\.weights\.arrays\[2\] must hold 1024 numbers, a weight matrix 4x256/],
      ['dim 2', (d) => (d.images.weights.shape.dim = 2), /^images\.weights\.shape\.dim/],
      ['version 2', (d) => (d.version = 2), /^version must be 3 for an image scene \(got 2\)/],
      ['unknown field', (d) => (d.images.extra = 1), /^images has an unknown field "extra"/],
      ['guidance', (d) => (d.images.sample.guidance = 9), /^images\.sample\.guidance must be between 0 and 8 \(got 9\)/],
    ];
    for (const [name, mutate, message] of bad) {
      const d = doc();
      mutate(d);
      expect(errorOf(() => parseImageScene(d)).message, name).toMatch(message);
    }
  });

  it('each parser refuses the other kind of scene with a message that says where it opens', () => {
    const imageText = writeImageScene(scene());
    expect(errorOf(() => parseSceneText(imageText)).message).toMatch(/holds an image model, not 2D clouds: open it in the Images view/);
    const twoD = {
      version: 2,
      seed: 1,
      source: { origin: { kind: 'drawn' }, points: [0, 0, 1, 1] },
      target: { origin: { kind: 'drawn' }, points: [2, 2] },
      train: {},
      sample: {},
    };
    expect(errorOf(() => parseImageScene(twoD)).message).toMatch(/holds a 2D scene \(clouds\), not an image model/);
    expect(isImageSceneJson(twoD)).toBe(false);
  });

  it('version-1 and version-2 2D files open exactly as a version-3 one, and are written as version 3', () => {
    const base = {
      seed: 1,
      source: { origin: { kind: 'drawn' }, points: [0, 0, 1, 1] },
      target: { origin: { kind: 'drawn' }, points: [2, 2, 3, 3] },
      train: { width: 16 },
      sample: { steps: 10 },
    };
    const v1 = parseScene({ ...base, version: 1 });
    const v2 = parseScene({ ...base, version: 2 });
    const v3 = parseScene({ ...base, version: 3 });
    expect(v1).toEqual(v3);
    expect(v2).toEqual(v3);
    expect(v3.version).toBe(3);
    expect(JSON.parse(sceneToJson(v1)).version).toBe(3);
  });
});
