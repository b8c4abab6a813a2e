import { describe, expect, it } from 'vitest';
import { moveHandles } from './pointerTools';

describe('moveHandles', () => {
  it('puts the rotate knob above the padded box and the scale square at its lower right', () => {
    const h = moveHandles(new Float32Array([0, 0, 2, 1, 1, 3]))!;
    expect(h.box).toEqual({ minX: -0.25, minY: -0.25, maxX: 2.25, maxY: 3.25 });
    expect(h.rotate).toEqual([1, 3.85]);
    expect(h.scale).toEqual([2.25, -0.25]);
    expect(h.pivot[0]).toBeCloseTo(1, 6);
    expect(h.pivot[1]).toBeCloseTo(4 / 3, 6);
  });

  it('offers no rotate or scale handle for a point mass (they would do nothing)', () => {
    const h = moveHandles(new Float32Array([5, 0, 5, 0, 5, 0]))!;
    expect(h.rotate).toBeNull();
    expect(h.scale).toBeNull();
    expect(h.pivot).toEqual([5, 0]);
  });

  it('is null for an empty cloud', () => {
    expect(moveHandles(new Float32Array(0))).toBeNull();
  });
});
