import { describe, expect, it } from 'vitest';
import { outputGrad, siluGrad, transposeInto } from './mlpBackward';

describe('outputGrad', () => {
  it('gives (out - y) / B, its column sums, h^T g and the residual', () => {
    // B = 2, n = 2, nIn = 3: out = [[1, 2], [3, 4]], y = [[0, 0], [1, 5]], h = [[1, 0, 2], [0, 1, -1]].
    const g = new Float32Array(4);
    const db = new Float32Array(2);
    const dW = new Float32Array(6);
    const r = new Float32Array(4);
    outputGrad(new Float32Array([1, 2, 3, 4]), new Float32Array([0, 0, 1, 5]), new Float32Array([1, 0, 2, 0, 1, -1]), 2, 2, 3, g, db, dW, r);
    expect(Array.from(r)).toEqual([1, 2, 2, -1]);
    expect(Array.from(g)).toEqual([0.5, 1, 1, -0.5]);
    expect(Array.from(db)).toEqual([1.5, 0.5]);
    // h^T g = [[0.5, 1], [1, -0.5], [1 - 1, 2 + 0.5]].
    expect(Array.from(dW)).toEqual([0.5, 1, 1, -0.5, 0, 2.5]);
  });
});

describe('siluGrad', () => {
  it("multiplies by silu'(z) = s + z s (1 - s), transposes and sums over the batch", () => {
    const b = 70;
    const n = 19;
    const z = Float64Array.from({ length: b * n }, (_, k) => Math.sin(k) * 3);
    const s = Float32Array.from(z, (v) => 1 / (1 + Math.exp(-v)));
    const h = Float32Array.from(z, (v, k) => v * s[k]);
    const dh = Float32Array.from({ length: b * n }, (_, k) => Math.cos(k));
    const gT = new Float32Array(n * b);
    const g = new Float32Array(b * n);
    const db = new Float32Array(n);
    siluGrad(dh, s, h, b, n, gT, db, g);
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let i = 0; i < b; i++) {
        // silu'(z) from z directly (closed form of d/dz z sigmoid(z)).
        const sg = 1 / (1 + Math.exp(-z[i * n + j]));
        const want = dh[i * n + j] * (sg + z[i * n + j] * sg * (1 - sg));
        expect(gT[j * b + i]).toBeCloseTo(want, 5);
        expect(g[i * n + j]).toBe(gT[j * b + i]);
        sum += want;
      }
      expect(db[j]).toBeCloseTo(sum, 4);
    }
  });
});

describe('transposeInto', () => {
  it('transposes a 2x3 matrix', () => {
    const out = new Float32Array(6);
    transposeInto(new Float32Array([1, 2, 3, 4, 5, 6]), 2, 3, out);
    expect(Array.from(out)).toEqual([1, 4, 2, 5, 3, 6]);
  });
});
