import { describe, expect, it } from 'vitest';
import { classAccuracy, nearestLabels, perClassAccuracy, perClassFit } from './classAccuracy';
import { createRng } from './rng';

const target = Float32Array.of(0, 0, 10, 0);
const targetLabels = Uint8Array.of(0, 1);
const generated = Float32Array.of(1, 0, 2, 0, 9, 0, 6, 0);

describe('class accuracy', () => {
  it('takes the label of the nearest target point (by hand)', () => {
    expect(Array.from(nearestLabels(generated, target, targetLabels))).toEqual([0, 0, 1, 1]);
  });
  it('counts the share that landed in the asked class', () => {
    expect(classAccuracy(generated, 0, target, targetLabels)).toBe(0.5);
    expect(classAccuracy(generated, Uint8Array.of(0, 1, 1, 1), target, targetLabels)).toBe(0.75);
    expect(perClassAccuracy(generated, Uint8Array.of(0, 1, 1, 1), target, targetLabels, 3)).toEqual([1, 2 / 3, NaN]);
    expect(classAccuracy(new Float32Array(0), 0, target, targetLabels)).toBeNaN();
  });
  it('finds the same nearest labels as a brute-force search', () => {
    const rng = createRng(12);
    const m = 500;
    const tgt = Float32Array.from({ length: 2 * m }, () => 4 * rng.normal());
    const lab = Uint8Array.from({ length: m }, () => rng.int(4));
    const q = Float32Array.from({ length: 2000 }, () => 5 * rng.normal());
    const fast = nearestLabels(q, tgt, lab);
    for (let i = 0; i < 1000; i++) {
      let best = Infinity;
      let want = -1;
      for (let j = 0; j < m; j++) {
        const d = (q[2 * i] - tgt[2 * j]) ** 2 + (q[2 * i + 1] - tgt[2 * j + 1]) ** 2;
        if (d < best) {
          best = d;
          want = lab[j];
        }
      }
      expect(fast[i]).toBe(want);
    }
  });
});

describe('per-class fit', () => {
  it('is the sliced W2 within each class: 0 for a copy, the shift for a translated class, NaN when empty', () => {
    const tgt = Float32Array.of(0, 0, 1, 0, 0, 1, 5, 5, 6, 5, 5, 6);
    const lab = Uint8Array.of(0, 0, 0, 1, 1, 1);
    // Class 0 copied exactly, class 1 moved by (1, 0).
    const gen = Float32Array.of(0, 0, 1, 0, 0, 1, 6, 5, 7, 5, 6, 6);
    const fit = perClassFit(gen, lab, tgt, lab, 3);
    expect(fit[0]).toBeCloseTo(0, 6);
    expect(fit[1]).toBeCloseTo(1, 6);
    expect(fit[2]).toBeNaN();
  });
});
