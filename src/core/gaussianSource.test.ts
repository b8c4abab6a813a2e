import { describe, expect, it } from 'vitest';
import { gaussianSourceReasons, gaussianSourceWarning, isStandardNormalSource } from './gaussianSource';

describe('Gaussian source requirement', () => {
  it('recognises N(0, I) among source specs', () => {
    expect(isStandardNormalSource('gaussian')).toBe(true);
    expect(isStandardNormalSource('gaussian:0,0,1')).toBe(true);
    expect(isStandardNormalSource('gaussian:0,-2,1')).toBe(false);
    expect(isStandardNormalSource('gaussian:0,0,0.5')).toBe(false);
    expect(isStandardNormalSource('moons')).toBe(false);
    expect(isStandardNormalSource(null)).toBe(false);
    expect(isStandardNormalSource('nonsense')).toBe(false);
  });
  it('asks for it only where the math needs it', () => {
    expect(gaussianSourceReasons('straight', 'velocity', 0)).toEqual([]);
    expect(gaussianSourceReasons('cosine', 'epsilon', 0)).toEqual([]);
    expect(gaussianSourceReasons('vp', 'velocity', 0)).toHaveLength(1);
    expect(gaussianSourceReasons('ve', 'score', 0.5)).toHaveLength(3);
    expect(gaussianSourceWarning('straight', 'velocity', 0, 'moons')).toBeNull();
    expect(gaussianSourceWarning('vp', 'epsilon', 0, 'gaussian')).toBeNull();
    expect(gaussianSourceWarning('straight', 'velocity', 1, 'eight-gaussians')).toMatch(/^Use the Gaussian source N\(0, I\): the SDE/);
  });
});
