import { describe, expect, it } from 'vitest';
import { outputGradT, siluGradT } from './mlpBackward';

describe('outputGradT', () => {
  it('gives (out - y) / B transposed, its column sums and the residual', () => {
    // B = 2, n = 2: out = [[1, 2], [3, 4]], y = [[0, 0], [1, 5]].
    const gT = new Float32Array(4);
    const db = new Float32Array(2);
    const r = new Float32Array(4);
    outputGradT(new Float32Array([1, 2, 3, 4]), new Float32Array([0, 0, 1, 5]), 2, 2, gT, db, r);
    expect(Array.from(r)).toEqual([1, 2, 2, -1]);
    expect(Array.from(gT)).toEqual([0.5, 1, 1, -0.5]);
    expect(Array.from(db)).toEqual([1.5, 0.5]);
  });
});

describe('siluGradT', () => {
  it("multiplies by silu'(z) = s + z s (1 - s) and sums over the batch, across blocks", () => {
    const b = 70; // more than one block of rows
    const n = 3;
    const z = Float64Array.from({ length: b * n }, (_, k) => Math.sin(k) * 3);
    const s = Float32Array.from(z, (v) => 1 / (1 + Math.exp(-v)));
    const h = Float32Array.from(z, (v, k) => v * s[k]);
    const dhT = Float32Array.from({ length: n * b }, (_, k) => Math.cos(k));
    const gT = new Float32Array(n * b);
    const db = new Float32Array(n);
    siluGradT(dhT, s, h, b, n, gT, db);
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let i = 0; i < b; i++) {
        // silu'(z) from z directly (closed form of d/dz z sigmoid(z)).
        const sg = 1 / (1 + Math.exp(-z[i * n + j]));
        const want = dhT[j * b + i] * (sg + z[i * n + j] * sg * (1 - sg));
        expect(gT[j * b + i]).toBeCloseTo(want, 5);
        sum += want;
      }
      expect(db[j]).toBeCloseTo(sum, 4);
    }
  });
});
