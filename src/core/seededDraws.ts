/**
 * The app's seeded draws from the clouds: particles to move, target samples for the fit score, and
 * the points the reverse map starts from. The worker and the command line both draw here, so the
 * same scene and seed give the same particles and the same fit score in either.
 */
import { resampleLabelled } from './labels';
import { resample } from './points';
import { createRng, deriveSeed } from './rng';
import { parsePreset, samplePreset } from './presets';

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

/** The class of each reverseDraw point (the same random stream, so the same points), or null for an unlabelled target. */
export function reverseDrawLabels(target: Float32Array, labels: Uint8Array | null, count: number, jitter: number, seed: number): Uint8Array | null {
  if (!labels || labels.length !== target.length >> 1 || labels.length === 0) return null;
  return resampleLabelled(target, labels, Math.min(count, 1000), jitter, createRng(deriveSeed(seed, 'reverse'))).labels;
}

/** Held-out target points for the compare view's likelihood scores. */
export const HELD_OUT_POINTS = 500;

/**
 * A fresh draw of a preset target with its own seed: points no training batch contains (the held-out
 * likelihood of the compare view, the race scene's script). Null for a drawn target (the compare view
 * then holds out part of the cloud).
 */
export function heldOutDraw(targetSpec: string | null, seed: number, count = HELD_OUT_POINTS): Float32Array | null {
  if (targetSpec === null) return null;
  try {
    return samplePreset(parsePreset(targetSpec), count, deriveSeed(seed, 'held-out'));
  } catch {
    return null;
  }
}
