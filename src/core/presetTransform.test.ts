import { describe, expect, it } from 'vitest';
import { transformSpec } from './presetTransform';

describe('transformSpec', () => {
  it('moves a Gaussian mean with a translation', () => {
    expect(transformSpec('gaussian:2,0,0.5', { kind: 'translate', dx: 0, dy: 3 })).toBe('gaussian:2,3,0.5');
    expect(transformSpec('gaussian', { kind: 'translate', dx: 1, dy: -1 })).toBe('gaussian:1,-1,1');
  });
  it('rotates the mean about the pivot and keeps the std', () => {
    expect(transformSpec('gaussian:2,0,0.5', { kind: 'rotate', angle: Math.PI / 2, cx: 0, cy: 0 })).toBe('gaussian:0,2,0.5');
  });
  it('scales mean offset and std about the pivot', () => {
    expect(transformSpec('gaussian:2,0,0.5', { kind: 'scale', factor: 2, cx: 1, cy: 0 })).toBe('gaussian:3,0,1');
  });
  it('gives up (drawn) for other presets, drawn clouds, and specs leaving the limits', () => {
    expect(transformSpec('moons', { kind: 'translate', dx: 1, dy: 0 })).toBeNull();
    expect(transformSpec(null, { kind: 'translate', dx: 1, dy: 0 })).toBeNull();
    expect(transformSpec('gaussian:4,0,1', { kind: 'translate', dx: 2, dy: 0 })).toBeNull();
  });
});
