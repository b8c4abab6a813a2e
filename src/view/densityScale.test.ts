import { describe, expect, it } from 'vitest';
import { densityBarGradient, densityLevel, lowestShownLogDensity, maxFinite } from './densityScale';

describe('density colour scale', () => {
  it('the maximum is level 1; the lowest shown log density is ramp entry 1 of 255', () => {
    expect(densityLevel(-2, -2)).toBe(1);
    const low = lowestShownLogDensity(-2);
    expect(densityLevel(low, -2)).toBeCloseTo(1 / 255, 12);
    expect(low).toBeCloseTo(-2 - Math.log(255) / 0.6, 12);
  });

  it('maxFinite skips -Infinity and NaN', () => {
    expect(maxFinite(new Float32Array([-Infinity, NaN, -3, -1.5, -7]))).toBe(-1.5);
    expect(maxFinite([])).toBe(-Infinity);
  });

  it('the bar runs from transparent (low) to opaque (high)', () => {
    const g = densityBarGradient(4);
    expect(g.startsWith('linear-gradient(to right, rgba(')).toBe(true);
    expect(g).toMatch(/, 0\) 0\.0%/);
    expect(g).toMatch(/100\.0%\)$/);
  });
});
