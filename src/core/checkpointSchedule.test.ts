import { describe, expect, it } from 'vitest';
import { checkpointLimit, isCheckpointStep, nextCheckpointStep, thinCheckpoints } from './checkpointSchedule';

describe('checkpoint schedule', () => {
  it('marks 0 and the 1-2-5 series', () => {
    const marks = Array.from({ length: 1001 }, (_, s) => s).filter(isCheckpointStep);
    expect(marks).toEqual([0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]);
    expect(isCheckpointStep(2_000_000)).toBe(true);
    expect(isCheckpointStep(3)).toBe(false);
    expect(isCheckpointStep(-1)).toBe(false);
    expect(isCheckpointStep(2.5)).toBe(false);
  });

  it('finds the next mark strictly after a step', () => {
    expect(nextCheckpointStep(0)).toBe(1);
    expect(nextCheckpointStep(1)).toBe(2);
    expect(nextCheckpointStep(2)).toBe(5);
    expect(nextCheckpointStep(7)).toBe(10);
    expect(nextCheckpointStep(300)).toBe(500);
    expect(nextCheckpointStep(6000)).toBe(10000);
    expect(nextCheckpointStep(-3)).toBe(0);
    // Every next mark is a mark, and no mark lies between.
    const bad: number[] = [];
    for (let s = 0; s < 3000; s++) {
      const n = nextCheckpointStep(s);
      if (!isCheckpointStep(n)) bad.push(s);
      for (let k = s + 1; k < n; k++) if (isCheckpointStep(k)) bad.push(s);
    }
    expect(bad).toEqual([]);
  });

  it('limits the count by the cap and by memory', () => {
    expect(checkpointLimit(140_000)).toBe(40);
    expect(checkpointLimit(5_000_000, 40, 48 * 1024 * 1024)).toBe(10);
    expect(checkpointLimit(1e12)).toBe(2);
  });

  it('thins to the limit keeping the ends and an even log spacing', () => {
    const steps = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 1003];
    const kept = thinCheckpoints(steps, 6);
    expect(kept).toHaveLength(6);
    expect(kept[0]).toBe(0);
    expect(kept[kept.length - 1]).toBe(1003);
    // 1000 beside 1003 adds nothing: it goes before any early mark.
    expect(kept).not.toContain(1000);
    // The kept ones still span the decades: no two consecutive kept steps are more than ~2 decades apart.
    for (let i = 1; i < kept.length; i++) expect(Math.log10(1 + kept[i]) - Math.log10(1 + kept[i - 1])).toBeLessThan(2.1);
    expect(thinCheckpoints(steps, 100)).toEqual(steps);
    expect(thinCheckpoints(steps, 0)).toEqual([0, 1003]);
  });
});
