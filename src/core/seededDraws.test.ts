import { describe, expect, it } from 'vitest';
import { resample } from './points';
import { createRng, deriveSeed } from './rng';
import { FIT_SAMPLES, fitDraw, particleDraw, reverseDraw, reverseDrawLabels } from './seededDraws';

const cloud = Float32Array.from({ length: 200 }, (_, i) => Math.sin(i * 1.7) * 3);

describe('seeded draws (the worker and the command line draw the same points)', () => {
  it('are fixed by the seed and their name, and differ between names and seeds', () => {
    expect(particleDraw(cloud, 50, 0.03, 7)).toEqual(particleDraw(cloud, 50, 0.03, 7));
    expect(particleDraw(cloud, 50, 0.03, 7)).toEqual(resample(cloud, 50, 0.03, createRng(deriveSeed(7, 'particles'))));
    expect(particleDraw(cloud, 50, 0.03, 8)).not.toEqual(particleDraw(cloud, 50, 0.03, 7));
    expect(fitDraw(cloud, 0.03, 7, 'a')).not.toEqual(fitDraw(cloud, 0.03, 7, 'b'));
    expect(fitDraw(cloud, 0.03, 7, 'a')).toEqual(resample(cloud, FIT_SAMPLES, 0.03, createRng(deriveSeed(7, 'fit-a'))));
  });

  it('fit draws hold FIT_SAMPLES points; the reverse map starts from at most 1,000', () => {
    expect(fitDraw(cloud, 0, 1, 'a').length).toBe(2 * FIT_SAMPLES);
    expect(reverseDraw(cloud, 5000, 0, 1).length).toBe(2 * 1000);
    expect(reverseDraw(cloud, 300, 0, 1).length).toBe(2 * 300);
  });
});

describe('reverseDrawLabels', () => {
  it('gives the class of each point reverseDraw picks', () => {
    // Class = sign of x: each drawn point's label must match the side it lies on.
    const cloud = Float32Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? (i % 4 === 0 ? 1 : -1) * (1 + i / 100) : i / 50));
    const labels = Uint8Array.from({ length: 200 }, (_, i) => (cloud[2 * i] > 0 ? 1 : 0));
    const pts = reverseDraw(cloud, 300, 0, 7);
    const got = reverseDrawLabels(cloud, labels, 300, 0, 7)!;
    expect(got.length).toBe(300);
    for (let i = 0; i < 300; i++) expect(got[i]).toBe(pts[2 * i] > 0 ? 1 : 0);
    expect(new Set(got).size).toBe(2);
    expect(reverseDrawLabels(cloud, null, 300, 0, 7)).toBeNull();
  });
});
