import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN, stepCostChanged } from './config';

describe('stepCostChanged', () => {
  it('is true for a new network shape, batch size or coupling', () => {
    expect(stepCostChanged(DEFAULT_TRAIN, { ...DEFAULT_TRAIN, width: 2 * DEFAULT_TRAIN.width })).toBe(true);
    expect(stepCostChanged(DEFAULT_TRAIN, { ...DEFAULT_TRAIN, hiddenLayers: 2 })).toBe(true);
    expect(stepCostChanged(DEFAULT_TRAIN, { ...DEFAULT_TRAIN, batchSize: 2 * DEFAULT_TRAIN.batchSize })).toBe(true);
    expect(stepCostChanged(DEFAULT_TRAIN, { ...DEFAULT_TRAIN, coupling: 'ot' })).toBe(true);
  });

  it('is false for settings that leave a step as costly as before', () => {
    expect(stepCostChanged(DEFAULT_TRAIN, { ...DEFAULT_TRAIN })).toBe(false);
    expect(stepCostChanged(DEFAULT_TRAIN, { ...DEFAULT_TRAIN, learningRate: 1e-4, jitter: 0, path: 'cosine', sigmaMin: 0.1 })).toBe(false);
  });
});
