import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../worker/protocol';
import { arrowAt, arrowStyle, fieldAt, fieldSpeedScale } from './fieldArrows';
import { SPEED_BINS } from './palette';
import { stageGeometry } from './stageGeometry';

/** A 2x2 grid over [-6, 6]^2 at times 0 and 1: cells of 6 data units centred on (+-3, +-3). */
function snapshot(field: number[]): Snapshot {
  return {
    step: 0, trajectories: new Float32Array(0), particles: 0, steps: 1, solver: 'euler',
    field: new Float32Array(field), fieldTimes: new Float32Array([0, 1]), gridSize: 2, gridExtent: 6,
    fit: 0, fitFloor: 0, fitFloorSpread: 0, timings: { integrateMs: 0, fieldMs: 0, fitMs: 0 },
  };
}

describe('fieldAt', () => {
  it('interpolates linearly between the snapshot times and clamps t to [0, 1]', () => {
    const s = snapshot([0, 0, 1, 1, 2, 2, 3, 3, /* t = 1 */ 4, 0, 1, 3, 2, 2, 3, -3]);
    const out = new Float32Array(8);
    fieldAt(s, 0.25, out);
    expect(Array.from(out)).toEqual([1, 0, 1, 1.5, 2, 2, 3, 1.5]);
    fieldAt(s, 7, out);
    expect(Array.from(out)).toEqual([4, 0, 1, 3, 2, 2, 3, -3]);
  });
});

describe('fieldSpeedScale', () => {
  it('is the 90th-percentile speed over all cells and times', () => {
    // Speeds 0..9 (as (k, 0)) and one outlier of 1000: index floor(0.9 * 10) = 9 of the sorted 11.
    const f: number[] = [];
    for (let k = 0; k < 10; k++) f.push(k, 0);
    f.push(0, 1000);
    expect(fieldSpeedScale(new Float32Array(f))).toBe(9);
  });

  it('never returns zero for a still field', () => {
    expect(fieldSpeedScale(new Float32Array(8))).toBeGreaterThan(0);
  });
});

describe('arrowAt', () => {
  const g = stageGeometry(400);
  const s = snapshot(new Array(16).fill(0));
  const style = arrowStyle(s, g);

  it('centres a full-length arrow on its cell, pointing along the velocity (y up on screen)', () => {
    const now = new Float32Array([0, 2, 0, 0, 0, 0, 0, 0]);
    const out = new Float64Array(32);
    const bin = arrowAt(s, g, style, now, 2, 0, out);
    expect(bin).toBe(SPEED_BINS - 1);
    // Cell 0 is the centre (-3, -3); the arrow points up, so its tip has the smaller pixel y.
    const cx = g.x(-3);
    const cy = g.y(-3);
    expect((out[0] + out[2]) / 2).toBeCloseTo(cx, 9);
    expect((out[1] + out[3]) / 2).toBeCloseTo(cy, 9);
    expect(out[0]).toBeCloseTo(out[2], 9);
    expect(out[1] - out[3]).toBeCloseTo(style.maxLen * Math.sqrt(0.9999), 9);
    // The barbs sit behind the tip, one on each side.
    expect(out[5]).toBeGreaterThan(out[3]);
    expect(out[7]).toBeGreaterThan(out[3]);
    expect(Math.sign(out[4] - out[2])).toBe(-Math.sign(out[6] - out[2]));
  });

  it('shortens slower arrows by the square root of relative speed and bins them by speed', () => {
    const now = new Float32Array([0, 0, 0.5, 0, 0, 0, 0, 0]);
    const out = new Float64Array(32);
    expect(arrowAt(s, g, style, now, 2, 0, out)).toBe(-1);
    const bin = arrowAt(s, g, style, now, 2, 1, out);
    expect(bin).toBe(Math.floor(0.25 * SPEED_BINS));
    expect(out[8 + 2] - out[8]).toBeCloseTo(style.maxLen * Math.sqrt(0.25), 9);
  });
});
