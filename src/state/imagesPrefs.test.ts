import { describe, expect, it } from 'vitest';
import { readImagesPrefs } from './imagesPrefs';
import { DEFAULT_IMAGES_SAMPLING, DEFAULT_IMAGES_SETTINGS } from './imagesStore';

describe("the Images view's stored settings", () => {
  it('come back as they were saved', () => {
    const settings = { ...DEFAULT_IMAGES_SETTINGS, data: 'drawings' as const, source: 'digits' as const, hiddenLayers: 2, width: 128, batchSize: 64, learningRate: 3e-3, conditional: false, labelDrop: 0.3, coupling: 'ot' as const, seed: 42, digitsSeed: 5, digitsPerClass: 40, heldOut: 0.2 };
    const sampling = { solver: 'heun' as const, steps: 33, digit: 7, guidance: 3.5 };
    expect(readImagesPrefs(JSON.stringify({ settings, sampling }))).toEqual({ settings, sampling });
  });

  it('fall back to the defaults when the entry is missing or not JSON, and field by field when a value is bad', () => {
    const defaults = { settings: DEFAULT_IMAGES_SETTINGS, sampling: DEFAULT_IMAGES_SAMPLING };
    expect(readImagesPrefs(null)).toEqual(defaults);
    expect(readImagesPrefs('{"settings": {"width": 12')).toEqual(defaults);
    expect(readImagesPrefs('[1, 2]')).toEqual(defaults);
    expect(readImagesPrefs('"text"')).toEqual(defaults);
    const r = readImagesPrefs(
      JSON.stringify({
        settings: { data: 'photos', source: 'imported', hiddenLayers: 9, width: 128, batchSize: 'big', learningRate: -1, conditional: 'yes', coupling: 'ot', seed: 1.5, heldOut: 0.9 },
        sampling: { solver: 'dopri', steps: 5000, digit: 12, guidance: 2 },
      }),
    );
    expect(r.settings).toEqual({ ...DEFAULT_IMAGES_SETTINGS, source: 'imported', width: 128, coupling: 'ot' });
    expect(r.sampling).toEqual({ ...DEFAULT_IMAGES_SAMPLING, guidance: 2 });
    // The source is never the data set itself.
    expect(readImagesPrefs(JSON.stringify({ settings: { data: 'imported', source: 'imported' } })).settings).toMatchObject({ data: 'imported', source: 'gaussian' });
  });
});
