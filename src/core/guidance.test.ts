import { describe, expect, it } from 'vitest';
import { guide, guidedVelocity, type ConditionalVelocityFn } from './guidance';
import { NULL_CLASS } from './labels';

describe('classifier-free guidance', () => {
  it('combines v_null + w (v_cond - v_null) elementwise', () => {
    const out = new Float32Array(2);
    expect(Array.from(guide(Float32Array.of(1, 2), Float32Array.of(3, 0), 3, out))).toEqual([7, -4]);
    expect(Array.from(guide(Float32Array.of(1, 2), Float32Array.of(3, 0), 0, out))).toEqual([1, 2]);
    expect(Array.from(guide(Float32Array.of(1, 2), Float32Array.of(3, 0), 1, out))).toEqual([3, 0]);
  });

  // A toy conditional field: class c pushes right at speed c, the null class up at speed 10.
  let calls = 0;
  const v: ConditionalVelocityFn = (_x, _t, labels, out) => {
    calls++;
    for (let i = 0; i < labels.length; i++) {
      out[2 * i] = labels[i] === NULL_CLASS ? 0 : labels[i];
      out[2 * i + 1] = labels[i] === NULL_CLASS ? 10 : 0;
    }
  };

  it('guides each particle towards its own class, with two evaluations only when needed', () => {
    const labels = Uint8Array.of(1, 3);
    const x = new Float32Array(4);
    const out = new Float32Array(4);
    for (const [w, want, evals] of [
      [0, [0, 10, 0, 10], 1],
      [1, [1, 0, 3, 0], 1],
      [3, [3, -20, 9, -20], 2],
    ] as const) {
      calls = 0;
      guidedVelocity(v, labels, w)(x, 0.5, out);
      expect(Array.from(out)).toEqual(want);
      expect(calls).toBe(evals);
    }
  });
});
