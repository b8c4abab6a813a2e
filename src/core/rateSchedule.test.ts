import { describe, expect, it } from 'vitest';
import { nextBoundary, rateAt, type RateStep } from './rateSchedule';

const schedule: RateStep[] = [
  { fromStep: 0, learningRate: 3e-3 },
  { fromStep: 4000, learningRate: 1e-3 },
  { fromStep: 12000, learningRate: 3e-4 },
];

describe('rateAt', () => {
  it('holds each rate from its step until the next entry', () => {
    expect(rateAt(schedule, 0)).toBe(3e-3);
    expect(rateAt(schedule, 3999)).toBe(3e-3);
    expect(rateAt(schedule, 4000)).toBe(1e-3);
    expect(rateAt(schedule, 11999)).toBe(1e-3);
    expect(rateAt(schedule, 50000)).toBe(3e-4);
  });

  it('is null before the first entry and for an empty schedule', () => {
    expect(rateAt([{ fromStep: 10, learningRate: 1 }], 9)).toBeNull();
    expect(rateAt([], 5)).toBeNull();
  });
});

describe('nextBoundary', () => {
  it('is the next rate change or the stop, strictly after the step', () => {
    expect(nextBoundary(schedule, 34000, 0)).toBe(4000);
    expect(nextBoundary(schedule, 34000, 3999)).toBe(4000);
    expect(nextBoundary(schedule, 34000, 4000)).toBe(12000);
    expect(nextBoundary(schedule, 34000, 12000)).toBe(34000);
    expect(nextBoundary(schedule, 34000, 34000)).toBeNull();
    expect(nextBoundary(schedule, null, 12000)).toBeNull();
    expect(nextBoundary([], 100, 50)).toBe(100);
  });
});
