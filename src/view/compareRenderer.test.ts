import { describe, expect, it } from 'vitest';
import { frameAt } from './compareRenderer';

describe('frameAt', () => {
  it('puts t between two frames of an evenly spaced sequence', () => {
    // 9 frames (RealNVP with K = 8): t = 0.3 is 2.4 frames in.
    const a = frameAt(0.3, 9);
    expect(a.k).toBe(2);
    expect(a.f).toBeCloseTo(0.4, 12);
    expect(frameAt(0, 9)).toEqual({ k: 0, f: 0 });
  });
  it('ends on the last frame at t = 1 and clamps outside [0, 1]', () => {
    expect(frameAt(1, 9)).toEqual({ k: 7, f: 1 });
    expect(frameAt(1.5, 5)).toEqual({ k: 3, f: 1 });
    expect(frameAt(-1, 5)).toEqual({ k: 0, f: 0 });
    expect(frameAt(0.5, 1)).toEqual({ k: 0, f: 0 });
  });
});
