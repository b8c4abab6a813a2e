/**
 * The app's seeded draws from the clouds: particles to move, target samples for the fit score, and
 * the points the reverse map starts from. The worker and the command line both draw here, so the
 * same scene and seed give the same particles and the same fit score in either.
 */
import { resample } from './points';
import { createRng, deriveSeed } from './rng';

/** Points the fit score compares (generated vs a draw of the target). */
export const FIT_SAMPLES = 1000;

/** Particles drawn from a cloud (the source; the target when mapping back). */
export const particleDraw = (cloud: Float32Array, count: number, jitter: number, seed: number): Float32Array =>
  resample(cloud, count, jitter, createRng(deriveSeed(seed, 'particles')));

/** One of the two target draws the fit score and its floor use ('a' is the score's). */
export const fitDraw = (target: Float32Array, jitter: number, seed: number, which: 'a' | 'b'): Float32Array =>
  resample(target, FIT_SAMPLES, jitter, createRng(deriveSeed(seed, `fit-${which}`)));

/** Where the reverse map (target back to source) starts. */
export const reverseDraw = (target: Float32Array, count: number, jitter: number, seed: number): Float32Array =>
  resample(target, Math.min(count, 1000), jitter, createRng(deriveSeed(seed, 'reverse')));
