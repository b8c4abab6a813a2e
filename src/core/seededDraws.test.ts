import { describe, expect, it } from 'vitest';
import { resample } from './points';
import { createRng, deriveSeed } from './rng';
import { FIT_SAMPLES, fitDraw, particleDraw, reverseDraw } from './seededDraws';

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
