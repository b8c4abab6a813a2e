import { describe, expect, it } from 'vitest';
import { createBatchBuffers, DATA_SCALE, fillBatch } from './trainingBatch';
import { createRng } from './rng';
import { INPUT_SIZE } from './timeFeatures';

describe('fillBatch', () => {
  it("builds the seed's training example: x_t on the segment, target x1 - x0, input x_t (not x1)", () => {
    const buf = createBatchBuffers(64);
    fillBatch(buf, new Float32Array([0, -5]), new Float32Array([5, 0]), { jitter: 0, path: 'straight', sigmaMin: 0 }, createRng(1));
    for (let i = 0; i < 64; i++) {
      const t = buf.t[i];
      expect(t).toBeGreaterThanOrEqual(0);
      expect(t).toBeLessThan(1);
      expect(buf.inputs[i * INPUT_SIZE] * DATA_SCALE).toBeCloseTo(5 * t, 5);
      expect(buf.inputs[i * INPUT_SIZE + 1] * DATA_SCALE).toBeCloseTo(-5 + 5 * t, 5);
      expect(buf.inputs[i * INPUT_SIZE + 2]).toBeCloseTo(t, 6);
      expect(buf.targets[2 * i] * DATA_SCALE).toBeCloseTo(5, 6);
      expect(buf.targets[2 * i + 1] * DATA_SCALE).toBeCloseTo(5, 6);
    }
  });
  it('applies a coupler to the drawn pairs before interpolating', () => {
    const buf = createBatchBuffers(8);
    fillBatch(buf, new Float32Array([0, 0]), new Float32Array([1, 1]), { jitter: 0, path: 'straight', sigmaMin: 0 }, createRng(1), (_x0, x1) => x1.fill(2));
    expect(Array.from(buf.ut)).toEqual(new Array(16).fill(2));
  });
});
