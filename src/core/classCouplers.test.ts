import { describe, expect, it } from 'vitest';
import { classOtPairing, createClassOtCoupler } from './classCouplers';
import { otPairing } from './otAssignment';
import { createRng } from './rng';

// Target: class 0 on the right, class 1 on the left. Source rows alternate sides.
const x1 = Float32Array.of(10, 0, -10, 0, 11, 0, -11, 0);
const labels1 = Uint8Array.of(0, 1, 0, 1);
const x0 = Float32Array.of(-10.5, 0, 10.5, 0, -9, 0, 9, 0);

describe('minibatch OT within classes', () => {
  it('plain OT mixes classes: the first source row takes a class-1 point', () => {
    expect(labels1[otPairing(x0, x1)[0]]).toBe(1);
  });
  it('an unlabelled source gives each class a block of rows, paired by OT inside it (by hand)', () => {
    // Class 0 gets rows 0, 1 (-10.5, 10.5) against 10, 11: (-10.5 -> 10, 10.5 -> 11) costs 420.5 < 462.5.
    // Class 1 gets rows 2, 3 (-9, 9) against -10, -11: (-9 -> -11, 9 -> -10) costs 365 < 401.
    expect(Array.from(classOtPairing(x0, x1, labels1))).toEqual([0, 2, 3, 1]);
  });
  it('a labelled source pairs each class with its own class', () => {
    const labels0 = Uint8Array.of(1, 0, 1, 0);
    const perm = classOtPairing(x0, x1, labels1, labels0);
    for (let i = 0; i < 4; i++) expect(labels1[perm[i]]).toBe(labels0[i]);
    // Class 0: rows 1, 3 (10.5, 9) meet 11 and 10 in order; class 1: rows 0, 2 (-10.5, -9) meet -11 and -10.
    expect(Array.from(perm)).toEqual([3, 2, 1, 0]);
    expect(() => classOtPairing(x0, x1, labels1, Uint8Array.of(0, 0, 0, 1))).toThrow(/class 0/);
  });
  it('the coupler permutes points and labels together, keeping every target point once', () => {
    const rng = createRng(8);
    const n = 64;
    const a = Float32Array.from({ length: 2 * n }, () => rng.normal());
    const b = Float32Array.from({ length: 2 * n }, () => 3 * rng.normal());
    const lb = Uint8Array.from({ length: n }, () => rng.int(3));
    const key = (p: Float32Array, l: Uint8Array) =>
      Array.from(l, (c, i) => `${c}:${p[2 * i]}:${p[2 * i + 1]}`).sort().join('|');
    const before = key(b, lb);
    const perm = classOtPairing(a, b, lb);
    const want = Array.from(perm, (j) => lb[j]);
    createClassOtCoupler()(a, b, lb);
    expect(key(b, lb)).toBe(before);
    expect(Array.from(lb)).toEqual(want);
    // Rows come in class blocks of the class sizes: labels are sorted after coupling.
    for (let i = 1; i < n; i++) expect(lb[i]).toBeGreaterThanOrEqual(lb[i - 1]);
  });
});
